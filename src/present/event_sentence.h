#pragma once
// One trace event as a sentence for the class: "server#2: ESTABLISHED → CLOSE-WAIT (rcv FIN)".
// The CLI ladder puts the same words in its cells; the GUI's lesson panel and inspector show
// them whole.
#include <string>
#include <string_view>

#include "core/trace.h"
#include "present/call_label.h"

namespace tcplab::present {

// Characters beyond Latin-1 these sentences use: a GUI font atlas must include them.
inline constexpr std::string_view kSentenceSymbols = "→";

// "conn: ESTABLISHED → CLOSE-WAIT (rcv FIN)"; `socket` names the endpoint ("" : its label).
std::string state_change_sentence(const StateEvent& change, std::string_view socket = {});
// "conn: TIME-WAIT timer armed, fires in 60 s (at 60.11 s)", "conn: retransmit timer fired (#2)".
// `at`: when the event happened.
std::string timer_sentence(const TimerEvent& timer, Instant at, std::string_view socket = {});
// "client sends F. seq 1 ack 1 to server; lost: drop the ACK".
std::string segment_sentence(const SegmentEvent& segment);
// "server: bind(listener, 127.0.0.2:5555) = -1 EADDRINUSE (Address already in use)".
std::string call_sentence(const CallEvent& call, const CallNames& names = {});
// A note's words: a typed note's reason worded in the current language ("bind(): held by 1
// connection in TIME-WAIT on 127.0.0.2:5551 (this socket has no SO_REUSEADDR)"), else its text.
std::string note_text(const NoteEvent& note);
// The same after its host ("server: bind(): held by ..."), or alone for the whole scenario.
std::string note_sentence(const NoteEvent& note);

// Any event, by its kind; `names` is used for a call.
std::string event_sentence(const TraceEvent& event, const CallNames& names = {});

}  // namespace tcplab::present
