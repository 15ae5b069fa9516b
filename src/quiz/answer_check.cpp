#include "quiz/answer_check.h"

#include <optional>
#include <set>
#include <string>

namespace tcplab::quiz {

namespace {

bool next_state_is(const Question& q, TcpState guess, const Trace& trace) {
  const auto& events = trace.events();
  for (std::size_t i = q.before_step; i < events.size(); ++i) {
    const auto* st = get_if<StateEvent>(&events[i].body);
    if (st && st->endpoint == q.endpoint) return st->to == guess;
  }
  return false;
}

// Any segment sent at the instant of the first one on the wire from the question's step on.
bool next_segment_is(const Question& q, const SegmentGuess& guess, const Trace& trace) {
  const auto& events = trace.events();
  std::optional<Instant> first;
  for (std::size_t i = q.before_step; i < events.size(); ++i) {
    const auto* s = get_if<SegmentEvent>(&events[i].body);
    if (!s) continue;
    if (first && events[i].at != *first) break;
    first = events[i].at;
    if (segment_guess_of(*s) == guess) return true;
  }
  return false;
}

bool call_returned(const Question& q, const CallOutcome& guess, const Trace& trace) {
  const auto& events = trace.events();
  for (std::size_t i = q.before_step; i < events.size(); ++i) {
    const auto* c = get_if<CallEvent>(&events[i].body);
    if (c && c->host == q.host && c->call == q.call && c->step == q.step_label &&
        c->issued_at == q.issued_at)
      return c->result == guess.result && c->error == guess.error;
  }
  return false;
}

bool time_wait_is(const Question& q, const TimeWaitGuess& guess, const Trace& trace) {
  std::set<std::string> entered;
  std::optional<Duration> lasts;
  const auto& events = trace.events();
  auto ours = [&](const std::string& e) { return e == q.endpoint || e == q.peer_endpoint; };
  for (std::size_t i = q.before_step; i < events.size(); ++i) {
    if (const auto* st = get_if<StateEvent>(&events[i].body)) {
      if (st->to == TcpState::TimeWait && ours(st->endpoint)) entered.insert(st->endpoint);
    } else if (const auto* t = get_if<TimerEvent>(&events[i].body)) {
      if (t->timer == TimerKind::TimeWait && t->action == TimerAction::Armed && ours(t->endpoint) &&
          !lasts)
        lasts = t->deadline - events[i].at;
    }
  }
  if (entered.empty()) return guess.endpoint.empty();
  if (!lasts || guess.lasts != *lasts) return false;
  if (entered.size() == 2) return guess.endpoint == kBothEndpoints;
  return guess.endpoint == *entered.begin();
}

}  // namespace

bool consistent_with_trace(const Question& q, const Choice& choice, const Trace& trace) {
  switch (q.kind) {
    case QuestionKind::NextState:
      return std::holds_alternative<TcpState>(choice) &&
             next_state_is(q, std::get<TcpState>(choice), trace);
    case QuestionKind::NextSegment:
      return std::holds_alternative<SegmentGuess>(choice) &&
             next_segment_is(q, std::get<SegmentGuess>(choice), trace);
    case QuestionKind::CallResult:
      return std::holds_alternative<CallOutcome>(choice) &&
             call_returned(q, std::get<CallOutcome>(choice), trace);
    case QuestionKind::TimeWaitOwner:
      return std::holds_alternative<TimeWaitGuess>(choice) &&
             time_wait_is(q, std::get<TimeWaitGuess>(choice), trace);
    case QuestionKind::Lesson:
      // The teacher's words cannot be read against the trace: the lesson names its answer.
      return q.right < q.choices.size() && choice == q.choices[q.right];
  }
  return false;
}

}  // namespace tcplab::quiz
