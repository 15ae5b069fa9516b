#include "support/trace_query.h"

#include <variant>

namespace tcplab::testing {

std::vector<const SegmentEvent*> segments_of(const Trace& trace) {
  std::vector<const SegmentEvent*> out;
  for (const auto& e : trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body)) out.push_back(s);
  }
  return out;
}

std::vector<std::string> segment_lines(const Trace& trace, std::size_t skip) {
  std::vector<std::string> out;
  for (const SegmentEvent* s : segments_of(trace)) {
    if (skip > 0) {
      --skip;
      continue;
    }
    out.push_back(
        s->from + ">" + s->to + " " + tcpdump_flags(s->segment.flags) + " " +
        std::to_string(s->rel_seq) + ":" + std::to_string(s->rel_ack) +
        (s->segment.payload.empty() ? "" : " len " + std::to_string(s->segment.payload_len())) +
        (s->fate == SegmentFate::Dropped ? " dropped" : ""));
  }
  return out;
}

const CallEvent* call_of(const Trace& trace, const std::string& label) {
  const CallEvent* last = nullptr;
  for (const auto& e : trace.events()) {
    if (const auto* c = get_if<CallEvent>(&e.body); c && c->step == label) last = c;
  }
  return last;
}

std::vector<const CallEvent*> calls_of(const Trace& trace, const std::string& label) {
  std::vector<const CallEvent*> out;
  for (const auto& e : trace.events()) {
    if (const auto* c = get_if<CallEvent>(&e.body); c && c->step == label) out.push_back(c);
  }
  return out;
}

std::vector<TcpState> states_of(const Trace& trace, const std::string& endpoint) {
  std::vector<TcpState> out;
  for (const auto& e : trace.events()) {
    const auto* s = get_if<StateEvent>(&e.body);
    if (!s || s->endpoint != endpoint) continue;
    if (out.empty()) out.push_back(s->from);
    out.push_back(s->to);
  }
  return out;
}

std::string states_text(const Trace& trace, const std::string& endpoint) {
  std::string out;
  for (TcpState s : states_of(trace, endpoint))
    out += (out.empty() ? "" : " ") + std::string(rfc_name(s));
  return out;
}

std::optional<TcpState> state_at(const Trace& trace, const std::string& endpoint, Instant t) {
  std::optional<TcpState> state;
  for (const auto& e : trace.events()) {
    if (e.at > t) break;
    const auto* s = get_if<StateEvent>(&e.body);
    if (s && s->endpoint == endpoint) state = s->to;
  }
  return state;
}

std::vector<const TimerEvent*> timers_of(const Trace& trace, const std::string& endpoint,
                                         TimerKind kind) {
  std::vector<const TimerEvent*> out;
  for (const auto& e : trace.events()) {
    const auto* t = get_if<TimerEvent>(&e.body);
    if (t && t->endpoint == endpoint && t->timer == kind) out.push_back(t);
  }
  return out;
}

}  // namespace tcplab::testing
