#pragma once
// Every field of two traces compared, event by event: "" when they are the same, else where and
// what first differs ("event 7 (segment): verdict.what: \"ack-of-fin\" vs \"none\"").
#include <optional>
#include <sstream>
#include <string>
#include <variant>

#include "core/trace.h"

namespace tcplab::testing {

namespace trace_equal_detail {

class Diff {
 public:
  template <typename T>
  Diff& field(const char* name, const T& a, const T& b) {
    if (out_.empty() && !(a == b)) {
      std::ostringstream s;
      s << name << ": " << show(a) << " vs " << show(b);
      out_ = s.str();
    }
    return *this;
  }
  const std::string& str() const { return out_; }

 private:
  static std::string show(const std::string& v) { return "\"" + v + "\""; }
  static std::string show(const SocketAddress& v) { return to_string(v); }
  static std::string show(const FourTuple& v) { return to_string(v); }
  static std::string show(Instant v) { return std::to_string(to_ns(v)) + " ns"; }
  static std::string show(Duration v) { return std::to_string(v.count()) + " ns"; }
  static std::string show(const std::optional<Instant>& v) {
    return v ? show(*v) : std::string("none");
  }
  static std::string show(bool v) { return v ? "true" : "false"; }
  static std::string show(const std::vector<std::string>& v) {
    std::string out = "[";
    for (const auto& s : v) out += show(s) + ",";
    return out + "]";
  }
  template <typename T>
  static std::string show(const T& v) {
    if constexpr (std::is_enum_v<T>) {
      return std::to_string(static_cast<long long>(v));
    } else if constexpr (std::is_arithmetic_v<T>) {
      return std::to_string(v);
    } else {
      return "(differs)";
    }
  }
  std::string out_;
};

inline void compare(Diff& d, const ReceiverVerdict& a, const ReceiverVerdict& b,
                    const std::string& prefix) {
  d.field((prefix + ".verdict").c_str(), a.verdict, b.verdict)
      .field((prefix + ".code").c_str(), a.code, b.code)
      .field((prefix + ".what").c_str(), std::string(verdict_code_key(a.what)),
             std::string(verdict_code_key(b.what)))
      .field((prefix + ".args.first").c_str(), a.args.first, b.args.first)
      .field((prefix + ".args.second").c_str(), a.args.second, b.args.second)
      .field((prefix + ".args.state").c_str(), a.args.state, b.args.state);
}

inline std::string compare(const SegmentEvent& a, const SegmentEvent& b) {
  Diff d;
  d.field("id", a.id, b.id)
      .field("src", a.segment.src, b.segment.src)
      .field("dst", a.segment.dst, b.segment.dst)
      .field("seq", a.segment.seq.raw(), b.segment.seq.raw())
      .field("ack", a.segment.ack.raw(), b.segment.ack.raw())
      .field("flags", a.segment.flags.bits(), b.segment.flags.bits())
      .field("window", a.segment.window, b.segment.window)
      .field("payload", a.segment.payload, b.segment.payload)
      .field("from", a.from, b.from)
      .field("to", a.to, b.to)
      .field("endpoint", a.endpoint, b.endpoint)
      .field("arrives_at", a.arrives_at, b.arrives_at)
      .field("fate", a.fate, b.fate)
      .field("fault.has", a.fault.has_value(), b.fault.has_value());
  if (a.fault && b.fault) {
    d.field("fault.action", a.fault->action, b.fault->action)
        .field("fault.fault", a.fault->fault, b.fault->fault);
  }
  compare(d, a.verdict, b.verdict, "verdict");
  d.field("earlier_verdict.has", a.earlier_verdict.has_value(), b.earlier_verdict.has_value());
  if (a.earlier_verdict && b.earlier_verdict)
    compare(d, *a.earlier_verdict, *b.earlier_verdict, "earlier_verdict");
  d.field("reason", a.reason, b.reason)
      .field("retransmission", a.retransmission, b.retransmission)
      .field("rel_seq", a.rel_seq, b.rel_seq)
      .field("rel_ack", a.rel_ack, b.rel_ack);
  return d.str();
}

inline std::string compare(const StateEvent& a, const StateEvent& b) {
  Diff d;
  d.field("host", a.host, b.host)
      .field("endpoint", a.endpoint, b.endpoint)
      .field("tuple", a.tuple, b.tuple)
      .field("from", a.from, b.from)
      .field("to", a.to, b.to)
      .field("cause", state_cause_key(a.cause), state_cause_key(b.cause))
      .field("segment_id", a.segment_id, b.segment_id)
      .field("cause_count", a.cause_count, b.cause_count)
      .field("source", state_source_key(a.source), state_source_key(b.source))
      .field("uncertainty", uncertainty_key(a.uncertainty), uncertainty_key(b.uncertainty));
  return d.str();
}

inline std::string compare(const TimerEvent& a, const TimerEvent& b) {
  Diff d;
  d.field("host", a.host, b.host)
      .field("endpoint", a.endpoint, b.endpoint)
      .field("timer", a.timer, b.timer)
      .field("action", a.action, b.action)
      .field("deadline", a.deadline, b.deadline)
      .field("attempt", a.attempt, b.attempt);
  return d.str();
}

inline std::string compare(const CallEvent& a, const CallEvent& b) {
  Diff d;
  d.field("host", a.host, b.host)
      .field("step", a.step, b.step)
      .field("call", a.call, b.call)
      .field("args", a.args, b.args)
      .field("fd", a.fd, b.fd)
      .field("result", a.result, b.result)
      .field("error", a.error, b.error)
      .field("issued_at", a.issued_at, b.issued_at)
      .field("endpoint", a.endpoint, b.endpoint)
      .field("data", a.data, b.data)
      .field("asked_at", a.asked_at, b.asked_at)
      .field("cpu_wait", a.cpu_wait, b.cpu_wait);
  return d.str();
}

inline std::string compare(const NoteEvent& a, const NoteEvent& b) {
  Diff d;
  d.field("host", a.host, b.host).field("text", a.text, b.text).field("call", a.call, b.call);
  d.field("why", std::string(to_string(a.why.why)), std::string(to_string(b.why.why)))
      .field("why.conflict", a.why.conflict, b.why.conflict)
      .field("why.address", a.why.address, b.why.address)
      .field("why.tuple", a.why.tuple, b.why.tuple)
      .field("why.first", a.why.first, b.why.first)
      .field("why.last", a.why.last, b.why.last)
      .field("why.count", a.why.count, b.why.count);
  return d.str();
}

inline const char* kind(const EventBodyRef& body) {
  constexpr const char* kNames[] = {"segment", "state", "timer", "call", "note"};
  return kNames[body.index()];
}

}  // namespace trace_equal_detail

inline std::string trace_difference(const Trace& a, const Trace& b) {
  using namespace trace_equal_detail;
  Diff header;
  header.field("backend", a.backend, b.backend)
      .field("profile", a.profile, b.profile)
      .field("hosts", a.hosts, b.hosts)
      .field("warnings", a.warnings, b.warnings)
      .field("isolation", a.isolation, b.isolation)
      .field("isolation_reason", a.isolation_reason, b.isolation_reason)
      .field("events", a.size(), b.size());
  if (!header.str().empty()) return "trace: " + header.str();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const TraceEvent& x = a.events()[i];
    const TraceEvent& y = b.events()[i];
    std::string what;
    if (x.at != y.at) {
      what = "at: " + std::to_string(to_ns(x.at)) + " vs " + std::to_string(to_ns(y.at));
    } else if (x.body.index() != y.body.index()) {
      what = std::string("type: ") + kind(x.body) + " vs " + kind(y.body);
    } else {
      what = visit(
          [&y](const auto& e) { return compare(e, get<std::decay_t<decltype(e)>>(y.body)); },
          x.body);
    }
    if (!what.empty()) return "event " + std::to_string(i) + " (" + kind(x.body) + "): " + what;
  }
  return "";
}

}  // namespace tcplab::testing
