#pragma once
// A question asked before a teachable event of a trace ("the last ACK is lost — what does the
// server send next?"), with its choices as typed values. Exactly one choice is what the trace did.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/errno_code.h"
#include "core/segment.h"
#include "core/text.h"
#include "core/tcp_state.h"
#include "core/trace.h"
#include "core/time.h"

namespace tcplab::quiz {

enum class QuestionKind {
  NextState,     // which state `endpoint` enters next
  NextSegment,   // which segment goes on the wire next, and who sends it
  CallResult,    // what a socket call returns (bind() among them: whether it succeeds)
  TimeWaitOwner, // who ends in TIME-WAIT, and for how long
  Lesson         // the lesson's own question ([[questions]]): the teacher's words and choices
};

// NextSegment: who sends which flags.
struct SegmentGuess {
  std::string sender;  // its socket ("client#1"), or the host for a host's own RST
  TcpFlags flags;
  friend bool operator==(const SegmentGuess&, const SegmentGuess&) = default;
};
// What a segment on the wire answers to a NextSegment question: its sender, as the quiz names
// senders (its socket, else its host: a host's own RST has no socket), and its flags.
inline SegmentGuess segment_guess_of(const SegmentEvent& s) {
  return {s.endpoint.empty() ? s.from : s.endpoint, s.segment.flags};
}
// CallResult: the return value, and the errno when it is -1.
struct CallOutcome {
  std::int64_t result = 0;
  Errno error = Errno::None;
  friend bool operator==(const CallOutcome&, const CallOutcome&) = default;
};
// TimeWaitOwner: which of the connection's two endpoints enters TIME-WAIT ("" for neither,
// kBothEndpoints for both), and how long it stays there.
inline constexpr std::string_view kBothEndpoints = "*both*";
struct TimeWaitGuess {
  std::string endpoint;
  Duration lasts{0};
  friend bool operator==(const TimeWaitGuess&, const TimeWaitGuess&) = default;
};

// Lesson: a choice in the teacher's words.
using Choice = std::variant<TcpState, SegmentGuess, CallOutcome, TimeWaitGuess, Text>;

struct Question {
  QuestionKind kind = QuestionKind::NextState;
  std::size_t before_step = 0;  // asked with the trace shown up to (not including) this event
  std::size_t answer_step = 0;  // the event that reveals the answer
  // Whom it is about: NextState the endpoint ("client#1") and the state it is in; CallResult
  // the host and call ("bind"); TimeWaitOwner the connection's two endpoints.
  std::string host;
  std::string endpoint;
  TcpState now = TcpState::Closed;
  std::string call;
  std::string step_label;  // CallResult: the lesson's step that made the call ("client.connect")
  Instant issued_at;       // CallResult: when it was made (a repeated step makes many calls)
  std::string peer_endpoint;  // TimeWaitOwner: the other endpoint
  Text lesson_text;           // Lesson: the question, and what the reveal adds
  Text lesson_why;
  std::vector<Choice> choices;
  std::size_t right = 0;  // index into choices
};

}  // namespace tcplab::quiz
