#include "present/event_sentence.h"

#include "present/call_why_text.h"
#include "present/segment_label.h"
#include "present/state_cause_text.h"
#include "present/state_name.h"
#include "present/time_text.h"
#include "present/timer_label.h"
#include "present/translate.h"

namespace tcplab::present {

namespace {
std::string_view or_label(std::string_view socket, const std::string& endpoint) {
  return socket.empty() ? std::string_view(endpoint) : socket;
}
}  // namespace

std::string state_change_sentence(const StateEvent& e, std::string_view socket) {
  std::string text = std::string(or_label(socket, e.endpoint)) + ": " +
                     std::string(state_name(e.from)) + " → " + std::string(state_name(e.to));
  if (const std::string reason = state_change_reason(e); !reason.empty()) {
    text += " (" + reason + ")";
  }
  return text;
}

std::string timer_sentence(const TimerEvent& e, Instant at, std::string_view socket) {
  // TRANSLATORS: {0} the socket, {1} the timer's name, {2} armed / fired / cancelled.
  std::string text = fill(tr("{0}: {1} timer {2}"), {or_label(socket, e.endpoint),
                                                     timer_name(e.timer), timer_action_name(e.action)});
  if (e.action == TimerAction::Armed) {
    // How long, rounded, for the reader; when, exact, to find it further down the ladder.
    // TRANSLATORS: {0} how long until the timer fires, {1} the instant it fires at.
    text += fill(tr(", fires in {0} (at {1})"),
                 {rounded_duration_text(e.deadline - at), instant_text(e.deadline)});
  }
  if (e.timer == TimerKind::Retransmit && e.attempt > 0) {
    text += " (#" + std::to_string(e.attempt) + ")";
  }
  return text;
}

std::string segment_sentence(const SegmentEvent& s) {
  // TRANSLATORS: {0} the sending host, {1} the segment ("F. seq 1 ack 2"), {2} the receiving host.
  // A host's RST from no socket says so; a socket's sender is the host alone, as before.
  const std::string sender = s.endpoint.empty() ? segment_sender(s) : s.from.str();
  std::string text = fill(tr("{0} sends {1} to {2}"), {sender, segment_label(s), s.to});
  const std::string fate = segment_fate_text(s);
  // TRANSLATORS: {0} who sent what to whom, {1} what became of it ("lost").
  if (!fate.empty()) text = fill(tr("{0}; {1}"), {text, fate});
  return text;
}

std::string call_sentence(const CallEvent& call, const CallNames& names) {
  return call.host + ": " + call_label(call, names);
}

std::string note_text(const NoteEvent& n) {
  // A typed note is worded here, as "bind(): held by ..." always read; others bring their words.
  return n.why.empty() ? n.text.str() : n.call + "(): " + call_why_text(n.why, n.host);
}

std::string note_sentence(const NoteEvent& n) {
  return n.host.empty() ? note_text(n) : n.host + ": " + note_text(n);
}

std::string event_sentence(const TraceEvent& event, const CallNames& names) {
  struct Visit {
    Instant at;
    const CallNames& names;
    std::string operator()(const SegmentEvent& s) const { return segment_sentence(s); }
    std::string operator()(const StateEvent& s) const { return state_change_sentence(s); }
    std::string operator()(const TimerEvent& t) const { return timer_sentence(t, at); }
    std::string operator()(const CallEvent& c) const { return call_sentence(c, names); }
    std::string operator()(const NoteEvent& n) const { return note_sentence(n); }
  };
  return visit(Visit{event.at, names}, event.body);
}

}  // namespace tcplab::present
