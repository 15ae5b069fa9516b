#include "quiz/question_text.h"

#include "core/state_transitions.h"
#include "quiz/call_note.h"
#include "present/call_label.h"
#include "present/event_sentence.h"
#include "present/segment_label.h"
#include "present/state_name.h"
#include "present/time_text.h"
#include "present/translate.h"

namespace tcplab::quiz {

namespace {
using present::fill;
using present::tr;

std::string segment_after(const Trace& trace, std::size_t step) {
  for (std::size_t i = step; i > 0; --i) {
    if (const auto* s = std::get_if<SegmentEvent>(&trace.events()[i - 1].body))
      return present::segment_sentence(*s);
  }
  return "";
}

// The FIN that ended the stream a recv() = 0 read: the segment behind the socket's last change
// of state before the call returned (ESTABLISHED -> CLOSE-WAIT, FIN-WAIT-2 -> TIME-WAIT ...).
const SegmentEvent* fin_before(const Trace& trace, std::size_t call_step, const std::string& endpoint) {
  for (std::size_t i = call_step; i > 0; --i) {
    const auto* st = std::get_if<StateEvent>(&trace.events()[i - 1].body);
    if (!st || st->endpoint != endpoint || st->segment_id == 0) continue;
    const SegmentEvent* s = trace.segment_by_id(st->segment_id);
    if (s && s->segment.flags.fin()) return s;
  }
  return nullptr;
}

// Why a call that succeeded, and had no note, returned what it did: the event behind it.
std::string success_cause(const Trace& trace, std::size_t call_step) {
  const auto& call = std::get<CallEvent>(trace.events()[call_step].body);
  if (call.call == "bind")
    return tr("No other socket held the address, so bind() takes it (inet_csk_get_port).");
  if (call.call == "recv" && call.result == 0) {
    if (const SegmentEvent* fin = fin_before(trace, call_step, call.endpoint))
      // TRANSLATORS: {0} the FIN's label ("F. seq 8 ack 1"), {1} when it arrived.
      return fill(tr("The peer's FIN ({0}) arrived at {1}: no more data will come, so recv() "
                     "returns 0, end of stream (RFC 9293 §3.10.3; tcp_recvmsg)."),
                  {present::segment_label(*fin), present::instant_text(fin->arrives_at)});
  }
  return "";
}
}  // namespace

std::string choice_letter(std::size_t index) { return std::string(1, static_cast<char>('A' + index)); }

std::string question_text(const Question& q, const Trace& trace) {
  switch (q.kind) {
    case QuestionKind::NextState:
      return fill(tr("{0} is in {1}. Which state does it enter next?"),
                  {q.endpoint, present::state_name(q.now)});
    case QuestionKind::NextSegment: {
      const std::string last = segment_after(trace, q.before_step);
      if (last.empty()) return std::string(tr("Which segment goes on the wire next, and who sends it?"));
      return fill(tr("Last on the wire: {0}. Which segment comes next, and who sends it?"), {last});
    }
    case QuestionKind::CallResult:
      return fill(tr("{0} calls {1}(). What does it return?"), {q.host, q.call});
    case QuestionKind::TimeWaitOwner:
      return fill(tr("The connection of {0} and {1} is about to close. Who ends in TIME-WAIT, and "
                     "for how long?"),
                  {q.endpoint, q.peer_endpoint});
    case QuestionKind::Lesson:
      return q.lesson_text.in(present::language());
  }
  return "";
}

std::string choice_text(const Question& q, const Choice& choice) {
  (void)q;
  if (const auto* s = std::get_if<TcpState>(&choice)) return std::string(present::state_name(*s));
  if (const auto* t = std::get_if<Text>(&choice)) return t->in(present::language());
  if (const auto* g = std::get_if<SegmentGuess>(&choice))
    return fill(tr("{0} sends {1}"), {g->sender, tcpdump_flags(g->flags)});
  if (const auto* c = std::get_if<CallOutcome>(&choice)) {
    CallEvent call;
    call.result = c->result;
    call.error = c->error;
    return present::call_result_text(call);
  }
  const auto& t = std::get<TimeWaitGuess>(choice);
  if (t.endpoint.empty()) return std::string(tr("neither: no TIME-WAIT"));
  const std::string lasts = present::rounded_duration_text(t.lasts);
  if (t.endpoint == kBothEndpoints) return fill(tr("both, for {0}"), {lasts});
  return fill(tr("{0}, for {1}"), {t.endpoint, lasts});
}

std::string reveal_text(const Question& q, const Trace& trace) {
  const TraceEvent& event = trace.events()[q.answer_step];
  std::string text = present::event_sentence(event);
  if (q.kind == QuestionKind::Lesson) {
    if (!q.lesson_why.empty()) text += "\n" + q.lesson_why.in(present::language());
    return text;
  }
  if (q.kind == QuestionKind::TimeWaitOwner) {
    // How long, and whose rule: Linux's fixed TCP_TIMEWAIT_LEN, or the RFC's 2 x MSL.
    const auto& right = std::get<TimeWaitGuess>(q.choices[q.right]);
    if (!right.endpoint.empty()) {
      text += "\n";
      text += right.lasts == std::chrono::seconds(60)
                  ? tr("Linux keeps TIME-WAIT 60 s (TCP_TIMEWAIT_LEN in include/net/tcp.h), "
                       "whatever the MSL.")
                  : tr("RFC 9293 §3.3.2, Figure 5: TIME-WAIT lasts 2 × MSL.");
    }
    return text;
  }
  if (const auto* st = std::get_if<StateEvent>(&event.body)) {
    for (const StateTransition& t : rfc9293_transitions()) {
      if (t.from == st->from && t.to == st->to) {
        text += "\n" + fill(tr("RFC 9293 §3.3.2, Figure 5: {0}"), {tr(t.event)});
        return text;
      }
    }
    text += "\n" + std::string(tr("Not a transition of RFC 9293's Figure 5: the model follows Linux here."));
  }
  if (const auto* s = std::get_if<SegmentEvent>(&event.body)) {
    if (s->verdict.verdict == Verdict::Rejected)
      text += "\n" + std::string(reject_rule(s->verdict.code));
  }
  if (const auto* call = std::get_if<CallEvent>(&event.body)) {
    // The model's reason, noted right after the call; for a success without one, its cause.
    const NoteEvent* note = note_after_call(trace, q.answer_step);
    const std::string cause = note                         ? present::note_text(*note)
                              : call->error == Errno::None ? success_cause(trace, q.answer_step)
                                                           : std::string();
    if (!cause.empty()) text += "\n" + cause;
  }
  return text;
}

}  // namespace tcplab::quiz
