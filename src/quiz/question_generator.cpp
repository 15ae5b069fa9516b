#include "quiz/question_generator.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "core/state_transitions.h"
#include "quiz/call_note.h"

namespace tcplab::quiz {

namespace {

using namespace std::chrono_literals;

// The handshake is not what these lessons teach; its transitions are not asked.
bool teachable(const StateEvent& e) {
  if (e.to == TcpState::Listen || e.to == TcpState::SynSent || e.to == TcpState::SynReceived)
    return false;
  const bool handshake_done = e.to == TcpState::Established &&
                              (e.from == TcpState::SynSent || e.from == TcpState::SynReceived);
  return !handshake_done;
}

// A FIN, an RST, a retransmission, or the answer to a FIN (its ACK alone, or riding on a FIN).
bool teachable(const SegmentEvent& e, bool answers_a_fin) {
  return e.segment.flags.fin() || e.segment.flags.rst() || e.retransmission || answers_a_fin;
}

bool teachable(const CallEvent& e) {
  if (e.error != Errno::None) return e.call != "socket" && e.call != "setsockopt";
  return e.call == "bind" || (e.call == "recv" && e.result == 0);
}

// Wrong states a student might pick: where Figure 5 leads from here, then the teardown's states.
std::vector<TcpState> state_choices(TcpState from, TcpState right) {
  std::vector<TcpState> pool = rfc9293_next_states(from);
  for (TcpState s : {TcpState::TimeWait, TcpState::Closed, TcpState::FinWait2, TcpState::CloseWait,
                     TcpState::LastAck, TcpState::Closing, TcpState::Established})
    pool.push_back(s);
  std::vector<TcpState> out{right};
  for (TcpState s : pool) {
    if (out.size() == 4) break;
    if (s != from && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

TcpFlags flags_of(std::string_view tcpdump) { return *parse_tcpdump_flags(tcpdump); }

// Flags a student might expect instead: a FIN mistaken for its ACK, an RST for a FIN ...
std::vector<TcpFlags> other_flags(TcpFlags right) {
  std::vector<TcpFlags> out;
  for (std::string_view f : {"F.", ".", "R", "R.", "S.", "P."})
    if (flags_of(f) != right) out.push_back(flags_of(f));
  return out;
}

// What else the call might have returned: success, and the errors the lesson's topic makes.
std::vector<CallOutcome> call_choices(const CallEvent& call) {
  const CallOutcome right{call.result, call.error};
  std::vector<CallOutcome> pool;
  const std::int64_t ok = call.error == Errno::None ? call.result : 0;
  if (call.call == "bind" || call.call == "listen") {
    pool = {{0, Errno::None}, {-1, Errno::AddressInUse}, {-1, Errno::InvalidArgument},
            {-1, Errno::AddressNotAvailable}};
  } else if (call.call == "connect") {
    pool = {{0, Errno::None}, {-1, Errno::ConnectionRefused}, {-1, Errno::TimedOut},
            {-1, Errno::ConnectionReset}, {-1, Errno::AddressNotAvailable}};
  } else if (call.call == "recv") {
    pool = {{0, Errno::None}, {-1, Errno::ConnectionReset}, {-1, Errno::WouldBlock},
            {-1, Errno::TimedOut}, {-1, Errno::NotConnected}};
  } else if (call.call == "send") {
    pool = {{ok, Errno::None}, {-1, Errno::BrokenPipe}, {-1, Errno::ConnectionReset},
            {-1, Errno::NotConnected}};
  } else {
    pool = {{ok, Errno::None}, {-1, Errno::ConnectionReset}, {-1, Errno::InvalidArgument},
            {-1, Errno::BadDescriptor}, {-1, Errno::NotConnected}};
  }
  std::vector<CallOutcome> out{right};
  for (const CallOutcome& c : pool) {
    if (out.size() == 4) break;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

// Where the right answer goes among the choices: spread, but the same for the same run.
std::size_t answer_position(std::size_t step, std::size_t choices) {
  return (step * 7 + 3) % choices;
}

template <typename T>
Question with_choices(Question q, std::vector<T> values) {
  // values[0] is right; rotate it to its position.
  const std::size_t at = answer_position(q.before_step, values.size());
  std::rotate(values.begin(), values.end() - static_cast<std::ptrdiff_t>(at), values.end());
  for (T& v : values) q.choices.emplace_back(std::move(v));
  q.right = at;
  return q;
}

// The first event at the instant a call was made, when it did not block: everything the call
// itself did (the FIN, the RST, the state change) is recorded before it returns.
std::size_t call_start(const Trace& trace, std::size_t returned_at) {
  const auto& events = trace.events();
  const CallEvent& call = get<CallEvent>(events[returned_at].body);
  if (call.issued_at != events[returned_at].at) return returned_at;
  std::size_t i = returned_at;
  while (i > 0 && events[i - 1].at >= call.issued_at) --i;
  return i;
}


// Another segment sent at the same instant as events[i], by someone else or with other flags:
// then "which segment comes next" would have two right answers.
bool sent_with_another(const Trace& trace, std::size_t i) {
  const auto& events = trace.events();
  const auto& s = get<SegmentEvent>(events[i].body);
  for (std::size_t j = 0; j < events.size(); ++j) {
    if (j == i || events[j].at != events[i].at) continue;
    if (const auto* o = get_if<SegmentEvent>(&events[j].body)) {
      if (segment_guess_of(*o) != segment_guess_of(s)) return true;
    }
  }
  return false;
}

// The socket a segment is addressed to: the one whose four-tuple is the segment's, reversed,
// as of the last state change before events[i]; "" if none.
std::string receiver_of(const Trace& trace, std::size_t i) {
  const auto& events = trace.events();
  const auto& s = get<SegmentEvent>(events[i].body);
  std::string peer;
  for (std::size_t j = 0; j < i; ++j) {
    const auto* st = get_if<StateEvent>(&events[j].body);
    if (st && st->tuple.local == s.segment.dst && st->tuple.remote == s.segment.src)
      peer = st->endpoint;
  }
  return peer;
}

// The TIME-WAIT question: asked before the first FIN, about that FIN's connection.
std::optional<Question> time_wait_question(const Trace& trace, const QuizOptions& options) {
  const auto& events = trace.events();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto* fin = get_if<SegmentEvent>(&events[i].body);
    if (!fin || !fin->segment.flags.fin() || fin->endpoint.empty()) continue;
    const std::string peer = receiver_of(trace, i);
    if (peer.empty()) return std::nullopt;
    Question q;
    q.kind = QuestionKind::TimeWaitOwner;
    q.before_step = i;
    q.answer_step = events.size() - 1;
    q.endpoint = fin->endpoint;
    q.peer_endpoint = peer;
    std::vector<std::string> entered;
    std::optional<Duration> lasts;
    for (std::size_t j = i; j < events.size(); ++j) {
      if (const auto* st = get_if<StateEvent>(&events[j].body)) {
        if (st->to == TcpState::TimeWait && (st->endpoint == q.endpoint || st->endpoint == peer)) {
          if (entered.empty()) q.answer_step = j;
          if (std::find(entered.begin(), entered.end(), st->endpoint) == entered.end())
            entered.push_back(st->endpoint);
        }
      }
      if (const auto* t = get_if<TimerEvent>(&events[j].body)) {
        if (t->timer == TimerKind::TimeWait && t->action == TimerAction::Armed && !lasts &&
            (t->endpoint == q.endpoint || t->endpoint == peer))
          lasts = t->deadline - events[j].at;
      }
    }
    const Duration tw = lasts.value_or(options.time_wait);
    // Linux keeps TIME-WAIT 60 s (TCP_TIMEWAIT_LEN); RFC 9293 says 2 × MSL, 240 s with its MSL.
    const Duration other = tw == 60s ? Duration{240s} : Duration{60s};
    std::vector<TimeWaitGuess> values;
    const std::string both(kBothEndpoints);
    if (entered.empty()) {
      values = {{"", Duration{0}}, {q.endpoint, tw}, {peer, tw}, {both, tw}};
    } else {
      const std::string who = entered.size() == 2 ? both : entered.front();
      const std::string not_who = who == q.endpoint ? peer : q.endpoint;
      values = {{who, tw}, {who == both ? q.endpoint : not_who, tw}, {who, other},
                {"", Duration{0}}};
    }
    return with_choices(std::move(q), std::move(values));
  }
  return std::nullopt;
}

}  // namespace

std::vector<Question> generate_questions(const Trace& trace, const QuizOptions& options) {
  std::vector<Question> out;
  std::optional<Question> time_wait = time_wait_question(trace, options);
  std::set<std::tuple<int, std::string, int, int>> asked;  // kind, who, what, what
  std::set<std::string> received_a_fin;                     // hosts whose answer is not yet sent
  const auto& events = trace.events();
  for (std::size_t i = 0; i < events.size() && out.size() < options.max_questions; ++i) {
    if (time_wait && time_wait->before_step <= i) {
      out.push_back(std::move(*time_wait));
      time_wait.reset();
      if (out.size() == options.max_questions) break;
    }
    const EventBodyRef& body = events[i].body;
    if (const auto* e = get_if<StateEvent>(&body)) {
      if (!teachable(*e) || e->endpoint.empty()) continue;
      if (!asked.emplace(0, e->host, static_cast<int>(e->from), static_cast<int>(e->to)).second)
        continue;
      Question q;
      q.kind = QuestionKind::NextState;
      q.before_step = q.answer_step = i;
      q.host = e->host;
      q.endpoint = e->endpoint;
      q.now = e->from;
      out.push_back(with_choices(std::move(q), state_choices(e->from, e->to)));
    } else if (const auto* s = get_if<SegmentEvent>(&body)) {
      const bool answers_a_fin = received_a_fin.erase(s->from) > 0;
      if (s->segment.flags.fin() && s->fate == SegmentFate::Delivered) received_a_fin.insert(s->to);
      if (!teachable(*s, answers_a_fin) || sent_with_another(trace, i)) continue;
      const int why = (s->retransmission ? 1 : 0) + (answers_a_fin ? 2 : 0);
      if (!asked.emplace(1, s->from, s->segment.flags.bits(), why).second) continue;
      Question q;
      q.kind = QuestionKind::NextSegment;
      q.before_step = q.answer_step = i;
      const std::string sender = segment_guess_of(*s).sender;
      std::vector<SegmentGuess> values{{sender, s->segment.flags}};
      if (const std::string peer = receiver_of(trace, i); !peer.empty() && peer != sender)
        values.push_back({peer, s->segment.flags});
      for (TcpFlags f : other_flags(s->segment.flags)) {
        if (values.size() == 4) break;
        values.push_back({sender, f});
      }
      out.push_back(with_choices(std::move(q), std::move(values)));
    } else if (const auto* c = get_if<CallEvent>(&body)) {
      if (!teachable(*c)) continue;
      // A bind() that shares a port through SO_REUSEADDR is a new question after a plain one.
      const NoteEvent* note = note_after_call(trace, i);
      const int why = static_cast<int>(note ? note->why.why : CallWhy::None);
      if (!asked.emplace(2, c->host + " " + c->call, static_cast<int>(c->error),
                         2 * why + (c->result == 0 ? 0 : 1))
               .second)
        continue;
      Question q;
      q.kind = QuestionKind::CallResult;
      q.before_step = call_start(trace, i);
      q.answer_step = i;
      q.host = c->host;
      q.endpoint = c->endpoint;
      q.call = c->call;
      q.step_label = c->step;
      q.issued_at = c->issued_at;
      out.push_back(with_choices(std::move(q), call_choices(*c)));
    }
  }
  // Asked in the order the class meets them.
  std::stable_sort(out.begin(), out.end(), [](const Question& a, const Question& b) {
    return a.before_step < b.before_step;
  });
  return out;
}

}  // namespace tcplab::quiz
