#include "scenario/checks.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "present/call_label.h"
#include "present/state_cause_text.h"
#include "present/state_name.h"
#include "present/state_replay.h"
#include "present/time_text.h"
#include "present/translate.h"

namespace tcplab {
namespace {

std::string_view kind_name(CheckKind kind) {
  switch (kind) {
    case CheckKind::State:
      return "state";
    case CheckKind::CallResult:
      return "call";
    case CheckKind::SegmentCount:
      return "segment_count";
    case CheckKind::FlagSequence:
      return "flag_sequence";
    case CheckKind::NoState:
      return "never_in_state";
    case CheckKind::StateCount:
      return "state_count";
    case CheckKind::WasInState:
      return "was_in_state";
    case CheckKind::Isn:
      return "isn";
  }
  return "?";
}

std::string list_text(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? ", " : "") + item;
  return out + "]";
}

// The part of the trace a check sees: events [0, end) — everything up to its point in time.
struct Cut {
  std::size_t end = 0;
  std::string text;                        // " at the end", " at 61s", " 59s after client.close"
  std::optional<std::string> unreachable;  // the point never came ("step x never returned")
};

Cut find_cut(const CheckPoint& point, const Trace& trace) {
  const auto& events = trace.events();
  auto first_after = [&](Instant t) {
    return static_cast<std::size_t>(
        std::upper_bound(events.begin(), events.end(), t,
                         [](Instant value, const TraceEvent& e) { return value < e.at; }) -
        events.begin());
  };
  Cut cut;
  if (point.at) {
    cut.text = " at " + present::duration_text(*point.at);
    cut.end = first_after(kTimeZero + *point.at);
    return cut;
  }
  if (!point.after.empty()) {
    cut.text =
        (point.delay == Duration{0} ? " just after "
                                    : " " + present::duration_text(point.delay) + " after ") +
        point.after + " returned";
    std::optional<std::size_t> index;
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto* call = get_if<CallEvent>(&events[i].body);
      if (call && call->step == point.after) index = i;
    }
    if (!index) {
      cut.unreachable = "step " + point.after + " never returned";
      return cut;
    }
    cut.end =
        point.delay == Duration{0} ? *index + 1 : first_after(events[*index].at + point.delay);
    return cut;
  }
  cut.text = " at the end";
  cut.end = events.size();
  return cut;
}

// The labels of the steps that assign socket variable `var` on `host`.
std::set<std::string> assigning_steps(const Scenario& scenario, const std::string& host,
                                      const std::string& var) {
  std::set<std::string> labels;
  for (const auto& program : scenario.programs) {
    if (program.host != host) continue;
    for (const auto& phase : program.phases)
      for (const auto& step : phase.steps)
        if (step.call.result_var == var) labels.insert(step.label);
  }
  return labels;
}

// Every endpoint label variable `var` of `host` has held before the cut, oldest first.
std::vector<std::string> endpoints_of(const Scenario& scenario, const Trace& trace,
                                      const std::string& host, const std::string& var,
                                      std::size_t end) {
  const auto steps = assigning_steps(scenario, host, var);
  std::vector<std::string> endpoints;
  for (std::size_t i = 0; i < end; ++i) {
    const auto* call = get_if<CallEvent>(&trace.events()[i].body);
    if (!call || call->host != host || !steps.contains(call->step)) continue;
    if (call->error != Errno::None || call->endpoint.empty()) continue;
    endpoints.push_back(call->endpoint);
  }
  return endpoints;
}

// Every socket's state just before the cut (present/state_replay.h: the one replay).
present::StateReplay states_at(const Trace& trace, std::size_t end) {
  present::StateReplay states(trace);
  states.seek(end);
  return states;
}

bool segment_matches(const SegmentEvent& s, const CheckSpec& check) {
  const SegmentMatcher& m = check.match;
  if (!m.from.empty() && s.from != m.from) return false;
  if (!m.to.empty() && s.to != m.to) return false;
  if (m.flags && s.segment.flags != *m.flags) return false;
  if (m.rel_seq && s.rel_seq != *m.rel_seq) return false;
  if (check.dropped && (s.fate == SegmentFate::Dropped) != *check.dropped) return false;
  return true;
}

std::string match_text(const CheckSpec& check) {
  std::string text = "segments";
  if (check.match.flags) text = "\"" + tcpdump_flags(*check.match.flags) + "\" segments";
  if (!check.match.from.empty()) text += " from " + check.match.from;
  if (!check.match.to.empty()) text += " to " + check.match.to;
  if (check.match.rel_seq) text += " with relative seq " + std::to_string(*check.match.rel_seq);
  if (check.dropped) text += *check.dropped ? " that were dropped" : " that were delivered";
  return text;
}

std::string outcome_of(const CallEvent& call) {
  return call.error == Errno::None ? "ok" : std::string(errno_name(call.error));
}

void judge_state(const Scenario& scenario, const Trace& trace, const Cut& cut, CheckOutcome& out) {
  const CheckSpec& c = out.spec;
  const std::string wanted = c.state ? std::string(present::state_name(*c.state)) : "gone";
  out.expected =
      c.host + "'s socket '" + c.socket + "' " + (c.state ? "in " : "") + wanted + cut.text;
  const auto endpoints = endpoints_of(scenario, trace, c.host, c.socket, cut.end);
  if (endpoints.empty()) {
    out.actual = "socket '" + c.socket + "' had not been created successfully by then";
    return;
  }
  const present::StateReplay states = states_at(trace, cut.end);
  const present::SocketState* socket = states.socket(endpoints.back());
  const TcpState now = socket ? socket->state : TcpState::Closed;
  // A socket whose connection is CLOSED has no TCB left: "gone" and CLOSED are the same thing.
  out.passed = c.state ? now == *c.state : now == TcpState::Closed;
  out.actual = endpoints.back() + " in " + std::string(present::state_name(now));
}

// NoState passes when no watched socket entered the state; WasInState when one did.
void judge_entered_state(const Scenario& scenario, const Trace& trace, const Cut& cut,
                         CheckOutcome& out) {
  const CheckSpec& c = out.spec;
  const bool must_enter = c.kind == CheckKind::WasInState;
  const std::string who =
      c.socket.empty() ? "a socket of " + c.host : c.host + "'s socket '" + c.socket + "'";
  out.expected =
      (must_enter ? who + " passed through "
                  : "no socket of " + c.host +
                        (c.socket.empty() ? "" : " held in '" + c.socket + "'") + " ever in ") +
      std::string(present::state_name(*c.state)) + cut.text;
  std::set<std::string> watched;
  if (!c.socket.empty()) {
    for (const auto& e : endpoints_of(scenario, trace, c.host, c.socket, cut.end))
      watched.insert(e);
  }
  for (std::size_t i = 0; i < cut.end; ++i) {
    const auto* change = get_if<StateEvent>(&trace.events()[i].body);
    if (!change || change->host != c.host || change->to != *c.state) continue;
    if (!c.socket.empty() && !watched.contains(change->endpoint)) continue;
    const std::string reason = present::state_change_reason(*change);
    out.actual = change->endpoint + " entered " + std::string(present::state_name(*c.state)) +
                 " at " + present::instant_text(trace.events()[i].at) +
                 (reason.empty() ? "" : " (" + reason + ")");
    out.passed = must_enter;
    return;
  }
  out.passed = !must_enter;
  out.actual = c.socket.empty() || !watched.empty() ? "none did"
                                                    : "socket '" + c.socket + "' was never created";
}

void judge_state_count(const Trace& trace, const Cut& cut, CheckOutcome& out) {
  const CheckSpec& c = out.spec;
  out.expected = std::to_string(*c.count) + " socket(s) of " + c.host + " in " +
                 std::string(present::state_name(*c.state)) + cut.text;
  // A closed socket is gone: none is ever counted in CLOSED.
  const int n = states_at(trace, cut.end).counts_on(c.host)[static_cast<std::size_t>(*c.state)];
  out.passed = n == *c.count;
  out.actual = std::to_string(n);
}

void judge_call(const Trace& trace, const Cut& cut, CheckOutcome& out) {
  const CheckSpec& c = out.spec;
  std::vector<const CallEvent*> calls;
  Instant returned_at = kTimeZero;  // the last one's
  for (std::size_t i = 0; i < cut.end; ++i) {
    const auto* call = get_if<CallEvent>(&trace.events()[i].body);
    if (call && call->step == c.step) {
      calls.push_back(call);
      returned_at = trace.events()[i].at;
    }
  }
  if (!c.outcomes.empty()) {
    out.expected = c.step + " returned, round by round, " + list_text(c.outcomes) + cut.text;
    std::vector<std::string> actual;
    for (const auto* call : calls) actual.push_back(outcome_of(*call));
    out.passed = actual == c.outcomes;
    out.actual = list_text(actual);
    return;
  }
  out.expected = c.step + " returned";
  if (c.result) out.expected += " " + std::to_string(*c.result);
  if (c.error)
    out.expected +=
        *c.error == Errno::None ? " without error" : " " + std::string(errno_name(*c.error));
  if (c.blocked_at_least)
    out.expected += ", blocking at least " + present::duration_text(*c.blocked_at_least);
  if (c.blocked_at_most)
    out.expected += ", blocking at most " + present::duration_text(*c.blocked_at_most);
  out.expected += cut.text;
  if (calls.empty()) {
    out.actual = "the step never returned";
    return;
  }
  const CallEvent& last = *calls.back();
  out.passed = (!c.result || last.result == *c.result) && (!c.error || last.error == *c.error);
  out.actual = present::short_call_label(last);
  if (!c.blocked_at_least && !c.blocked_at_most) return;
  // How long it blocked: from when it was made to when it returned (the trace's CallEvent time).
  const Duration blocked = returned_at - last.issued_at;
  if (c.blocked_at_least && blocked < *c.blocked_at_least) out.passed = false;
  if (c.blocked_at_most && blocked > *c.blocked_at_most) out.passed = false;
  out.actual += ", after blocking " + present::duration_text(blocked);
}

void judge_segments(const Trace& trace, const Cut& cut, CheckOutcome& out) {
  const CheckSpec& c = out.spec;
  std::vector<std::string> flags;
  for (std::size_t i = 0; i < cut.end; ++i) {
    const auto* s = get_if<SegmentEvent>(&trace.events()[i].body);
    if (s && segment_matches(*s, c)) flags.push_back(tcpdump_flags(s->segment.flags));
  }
  if (c.kind == CheckKind::SegmentCount) {
    const int n = static_cast<int>(flags.size());
    out.expected = (c.at_least ? "at least " + std::to_string(*c.at_least)
                               : std::to_string(c.count.value_or(0))) +
                   " " + match_text(c) + cut.text;
    out.passed = c.at_least ? n >= *c.at_least : n == c.count.value_or(0);
    out.actual = std::to_string(flags.size()) + " " + list_text(flags);
    return;
  }
  std::string wanted;
  for (const auto& sequence : c.sequences)
    wanted += (wanted.empty() ? "" : " or ") + list_text(sequence);
  out.expected = match_text(c) + " in this order: " + wanted + cut.text;
  out.passed = std::find(c.sequences.begin(), c.sequences.end(), flags) != c.sequences.end();
  out.actual = list_text(flags);
}

// What the trace shows of one connection: its four-tuple, its ISN and how far it sent.
struct Incarnation {
  std::optional<FourTuple> tuple;
  std::optional<SeqNum> isn;
  std::optional<SeqNum> snd_nxt;  // the highest sequence number it sent up to, SYN and FIN counted
};

std::map<std::string, Incarnation> incarnations(const Trace& trace, std::size_t end) {
  std::map<std::string, Incarnation> out;
  for (std::size_t i = 0; i < end; ++i) {
    const EventBodyRef& body = trace.events()[i].body;
    if (const auto* st = get_if<StateEvent>(&body)) {
      if (st->to == TcpState::SynSent || st->to == TcpState::SynReceived)
        out[st->endpoint].tuple = st->tuple;
    } else if (const auto* s = get_if<SegmentEvent>(&body)) {
      if (s->endpoint.empty()) continue;
      Incarnation& c = out[s->endpoint];
      if (s->segment.flags.syn() && !c.isn) c.isn = s->segment.seq;
      const SeqNum end_seq = s->segment.seq + s->segment.seq_len();
      if (!c.snd_nxt || end_seq > *c.snd_nxt) c.snd_nxt = end_seq;
    }
  }
  return out;
}

void judge_isn(const Scenario& scenario, const Trace& trace, const Cut& cut, CheckOutcome& out) {
  const CheckSpec& c = out.spec;
  out.expected = "each connection " + c.host + "'s '" + c.socket +
                 "' opened on a four-tuple used before chose its ISN " +
                 (c.isn_plus ? "= the old incarnation's SND.NXT + " + std::to_string(*c.isn_plus)
                             : "above the old incarnation's SND.NXT") +
                 cut.text;
  const auto all = incarnations(trace, cut.end);
  std::vector<std::pair<std::string, Incarnation>> seen;  // every connection, in order of its SYN
  for (std::size_t i = 0; i < cut.end; ++i) {
    const auto* st = get_if<StateEvent>(&trace.events()[i].body);
    if (st && st->host == c.host && (st->to == TcpState::SynSent || st->to == TcpState::SynReceived))
      seen.emplace_back(st->endpoint, all.at(st->endpoint));
  }
  std::vector<std::string> found;
  bool any = false;
  out.passed = true;
  for (const std::string& label : endpoints_of(scenario, trace, c.host, c.socket, cut.end)) {
    const auto me = std::find_if(seen.begin(), seen.end(), [&](const auto& e) { return e.first == label; });
    if (me == seen.end() || !me->second.isn || !me->second.tuple) continue;
    // The latest earlier connection on the same four-tuple: the incarnation it replaced.
    auto old = std::find_if(std::make_reverse_iterator(me), seen.rend(), [&](const auto& e) {
      return e.second.tuple == me->second.tuple && e.second.snd_nxt;
    });
    if (old == seen.rend()) continue;
    any = true;
    const auto gap = static_cast<std::uint32_t>(me->second.isn->raw() - old->second.snd_nxt->raw());
    found.push_back(label + " = " + old->first + "'s SND.NXT + " + std::to_string(gap));
    const bool ok = c.isn_plus ? gap == *c.isn_plus : (gap > 0 && gap < 0x80000000u);
    out.passed = out.passed && ok;
  }
  if (!any) {
    out.passed = false;
    out.actual = "no connection in '" + c.socket + "' reopened a four-tuple";
    return;
  }
  out.actual = list_text(found);
}

}  // namespace

bool CheckReport::all_passed() const { return failures() == 0; }

std::size_t CheckReport::failures() const {
  return static_cast<std::size_t>(
      std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return !o.passed; }));
}

std::string check_name(const CheckOutcome& outcome) {
  const std::string where = outcome.spec.where.to_string();
  const std::string what =
      std::string(kind_name(outcome.spec.kind)) + (where.empty() ? "" : ", " + where);
  // TRANSLATORS: {0} the check's number in the lesson, {1} its kind and where the lesson says it.
  return present::fill(present::tr("check {0} ({1})"), {std::to_string(outcome.index), what});
}

CheckReport evaluate_checks(const Scenario& scenario, const Trace& trace) {
  CheckReport report;
  report.lesson = scenario.id;
  report.file = scenario.source_file;
  for (std::size_t i = 0; i < scenario.checks.size(); ++i) {
    CheckOutcome out;
    out.index = i + 1;
    out.spec = scenario.checks[i];
    const Cut cut = find_cut(out.spec.when, trace);
    if (cut.unreachable) {
      out.expected = "the check point" + cut.text + " to be reached";
      out.actual = *cut.unreachable;
    } else {
      switch (out.spec.kind) {
        case CheckKind::State:
          judge_state(scenario, trace, cut, out);
          break;
        case CheckKind::NoState:
        case CheckKind::WasInState:
          judge_entered_state(scenario, trace, cut, out);
          break;
        case CheckKind::StateCount:
          judge_state_count(trace, cut, out);
          break;
        case CheckKind::CallResult:
          judge_call(trace, cut, out);
          break;
        case CheckKind::Isn:
          judge_isn(scenario, trace, cut, out);
          break;
        case CheckKind::SegmentCount:
        case CheckKind::FlagSequence:
          judge_segments(trace, cut, out);
          break;
      }
    }
    report.outcomes.push_back(std::move(out));
  }
  return report;
}

}  // namespace tcplab
