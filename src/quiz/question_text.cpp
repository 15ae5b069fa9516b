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
    if (const auto* s = get_if<SegmentEvent>(&trace.events()[i - 1].body))
      return present::segment_sentence(*s);
  }
  return "";
}

// Figure 5's words for a change of state, "" when the figure has no such arrow.
std::string figure5_text(TcpState from, TcpState to) {
  for (const StateTransition& t : rfc9293_transitions()) {
    if (t.from == from && t.to == to)
      return fill(tr("RFC 9293 §3.3.2, Figure 5: {0}"), {tr(t.event)});
  }
  return "";
}

// The rule behind a change of state that Figure 5 does not draw: the RFC's text for it, or the
// Linux function that does it; "" when the reveal has nothing more precise to say.
std::string off_figure5_rule(StateCause cause) {
  switch (cause) {
    case StateCause::RcvRstConnectionReset:
      return tr("RFC 9293 §3.10.7.4: an RST in the window ends the connection at once, and the "
                "application's next call fails with ECONNRESET (tcp_reset).");
    case StateCause::RcvRstConnectionRefused:
      return tr("RFC 9293 §3.10.7.3: an RST that answers our SYN means nobody listens there: "
                "connect() fails with ECONNREFUSED (tcp_reset).");
    case StateCause::RcvRst:
    case StateCause::TimeWaitAssassinated:
      return tr("RFC 9293 §3.10.7.4: an RST in CLOSING, LAST-ACK or TIME-WAIT closes the "
                "connection (RFC 1337 advises ignoring it in TIME-WAIT; Linux does only with "
                "tcp_rfc1337 = 1).");
    case StateCause::CloseWithLingerZero:
      return tr("SO_LINGER {1, 0}: close() aborts, as RFC 9293 §3.10.5 ABORT does: RST, no "
                "FIN, no TIME-WAIT (tcp_disconnect).");
    case StateCause::CloseWithUnreadData:
      return tr("RFC 9293 §3.10.4 and RFC 2525 §2.17: close() with unread data resets the "
                "connection, so the peer learns the data was lost (tcp_close).");
    case StateCause::FinWait2Timeout:
      return tr("Linux does not wait in FIN-WAIT-2 for ever once the application has closed: "
                "tcp_fin_timeout (60 s) ends it (tcp_keepalive_timer).");
    case StateCause::TimeWaitReusedByConnect:
      return tr("Linux's tcp_tw_reuse lets connect() take over a TIME-WAIT four-tuple more than "
                "1 s old, with a new ISN above the old one (tcp_twsk_unique).");
    case StateCause::TimeWaitNewIncarnation:
      return tr("RFC 9293 §3.10.7.4 and Linux's tcp_timewait_state_process: a SYN with a higher "
                "sequence number may open a new incarnation of a TIME-WAIT four-tuple.");
    case StateCause::RetransmissionLimit:
      return tr("RFC 9293 §3.8.3: after too many retransmissions (R2; Linux's tcp_retries2) the "
                "connection is given up with ETIMEDOUT (tcp_write_timeout).");
    default:
      return "";
  }
}

// Why a segment went out: its retransmit timer, its delayed-ACK timer, the sender's change of
// state just before it at that instant (close(): snd FIN; rcv FIN / snd ACK) with Figure 5's
// arrow, or the note on the call that sent it; "" when none of these explains it.
std::string segment_cause(const Trace& trace, std::size_t step) {
  const auto& events = trace.events();
  const auto& sent = get<SegmentEvent>(events[step].body);
  if (sent.retransmission)
    return tr("No ACK came before its retransmit timer fired, so the sender sends it again "
              "(RFC 6298 §5.4; tcp_retransmit_timer).");
  if (sent.endpoint.empty())  // the host's own segment: an RST for a four-tuple with no socket
    return sent.segment.flags.rst()
               ? tr("No socket holds this four-tuple, so the host answers with an RST (RFC 9293 "
                    "§3.10.7.1; tcp_v4_send_reset).")
               : std::string();
  for (std::size_t i = step; i > 0 && events[i - 1].at == events[step].at; --i) {
    const EventBodyRef& body = events[i - 1].body;
    if (const auto* t = get_if<TimerEvent>(&body);
        t && t->endpoint == sent.endpoint && t->timer == TimerKind::DelayedAck &&
        t->action == TimerAction::Fired)
      return tr("Its delayed-ACK timer fired: the ACK it held back goes out on its own "
                "(RFC 9293 §3.8.6.3; tcp_delack_timer).");
    if (const auto* st = get_if<StateEvent>(&body); st && st->endpoint == sent.endpoint) {
      if (std::string arrow = figure5_text(st->from, st->to); !arrow.empty()) return arrow;
      break;
    }
  }
  // Off Figure 5: the model's typed note on the call that sent it (an abort's RST), or the
  // send() whose data it carries.
  for (std::size_t i = step + 1; i < events.size() && events[i].at == events[step].at; ++i) {
    const auto* note = get_if<NoteEvent>(&events[i].body);
    if (note && !note->why.empty() && note->host == sent.from) return present::note_text(*note);
    const auto* call = get_if<CallEvent>(&events[i].body);
    if (call && call->host == sent.from && call->call == "send" && sent.segment.payload_len() > 0)
      return tr("send() handed TCP the data, and nothing held it back: it goes out at once "
                "(RFC 9293 §3.10.2; tcp_sendmsg).");
  }
  return "";
}

// The FIN (or RST) a recv() met: the segment behind the socket's last change of state before
// the call returned (ESTABLISHED -> CLOSE-WAIT, FIN-WAIT-2 -> TIME-WAIT, -> CLOSED by RST).
const SegmentEvent* ending_segment(const Trace& trace, std::size_t call_step,
                                   const std::string& endpoint, bool rst) {
  for (std::size_t i = call_step; i > 0; --i) {
    const auto* st = get_if<StateEvent>(&trace.events()[i - 1].body);
    if (!st || st->endpoint != endpoint || st->segment_id == 0) continue;
    const SegmentEvent* s = trace.segment_by_id(st->segment_id);
    if (s && (rst ? s->segment.flags.rst() : s->segment.flags.fin())) return s;
  }
  return nullptr;
}

// Why a call that had no note returned what it did: the event behind it.
std::string call_cause(const Trace& trace, std::size_t call_step) {
  const auto& call = get<CallEvent>(trace.events()[call_step].body);
  if (call.error == Errno::ConnectionReset) {
    if (const SegmentEvent* rst = ending_segment(trace, call_step, call.endpoint, true))
      // TRANSLATORS: {0} the RST's label ("R. seq 8 ack 1"), {1} when it arrived, {2} the call.
      return fill(tr("The peer's RST ({0}) arrived at {1}: the connection is gone, so {2}() "
                     "fails with ECONNRESET (RFC 9293 §3.10.7.4; tcp_reset)."),
                  {present::segment_label(*rst), present::instant_text(rst->arrives_at), call.call});
    return "";
  }
  if (call.error != Errno::None) return "";
  if (call.call == "bind")
    return tr("No other socket held the address, so bind() takes it (inet_csk_get_port).");
  if (call.call == "recv" && call.result == 0) {
    if (const SegmentEvent* fin = ending_segment(trace, call_step, call.endpoint, false))
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
  if (const auto* st = get_if<StateEvent>(&event.body)) {
    // The cause first: TIME-WAIT -> CLOSED is Figure 5's 2MSL timeout, or an RST that is not.
    std::string rule = off_figure5_rule(st->cause);
    if (rule.empty()) rule = figure5_text(st->from, st->to);
    if (rule.empty()) rule = tr("Not a transition of RFC 9293's Figure 5: the model follows Linux here.");
    text += "\n" + rule;
    return text;
  }
  if (const auto* s = get_if<SegmentEvent>(&event.body)) {
    if (const std::string cause = segment_cause(trace, q.answer_step); !cause.empty())
      text += "\n" + cause;
    if (s->verdict.verdict == Verdict::Rejected)
      text += "\n" + std::string(reject_rule(s->verdict.code));
  }
  if (holds_alternative<CallEvent>(event.body)) {
    // The model's reason, noted right after the call; else the event behind the result.
    const NoteEvent* note = note_after_call(trace, q.answer_step);
    const std::string cause = note ? present::note_text(*note) : call_cause(trace, q.answer_step);
    if (!cause.empty()) text += "\n" + cause;
  }
  return text;
}

}  // namespace tcplab::quiz
