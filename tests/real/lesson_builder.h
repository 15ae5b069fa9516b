#pragma once
// Hand-built scenarios for the kernel backend's tests (the lesson files come from elsewhere), and
// small readers of the resulting Trace.
#include <string>
#include <vector>

#include "core/trace.h"
#include "present/state_cause_text.h"
#include "scenario/scenario.h"
#include "support/trace_text.h"

namespace tcplab::testing {

inline SocketAddress addr(const char* text) { return *parse_socket_address(text); }

class LessonBuilder {
 public:
  LessonBuilder() {
    scenario_.id = "test";
    scenario_.hosts = {{"client", Ipv4{0x7f000001}}, {"server", Ipv4{0x7f000002}}};
    scenario_.programs = {{"client", {Phase{}}}, {"server", {Phase{}}}};
  }
  // Adds a step to `host`'s current phase.
  LessonBuilder& step(const std::string& host, const std::string& label, CallSpec call,
                      Trigger when = {}) {
    for (auto& p : scenario_.programs) {
      if (p.host == host)
        p.phases.back().steps.push_back(Step{label, std::move(call), std::move(when), {}});
    }
    return *this;
  }
  // Starts a new phase for `host`, repeated `repeat` times with `pause` between rounds.
  LessonBuilder& phase(const std::string& host, int repeat, Duration pause = Duration{0}) {
    for (auto& p : scenario_.programs) {
      if (p.host == host) p.phases.push_back(Phase{{}, repeat, pause});
    }
    return *this;
  }
  LessonBuilder& knob(const std::string& name, const std::string& value) {
    scenario_.knobs[name] = value;
    return *this;
  }
  LessonBuilder& fault(FaultSpec f) {
    scenario_.faults.push_back(std::move(f));
    return *this;
  }
  const Scenario& scenario() const { return scenario_; }

 private:
  Scenario scenario_;
};

inline CallSpec sock(const std::string& var) {
  CallSpec c;
  c.kind = CallKind::Socket;
  c.result_var = var;
  return c;
}
inline CallSpec nonblocking_sock(const std::string& var) {
  CallSpec c = sock(var);
  c.nonblocking = true;
  return c;
}
inline CallSpec on(CallKind kind, const std::string& var) {
  CallSpec c;
  c.kind = kind;
  c.socket = var;
  return c;
}
inline CallSpec bind(const std::string& var, const char* address) {
  CallSpec c = on(CallKind::Bind, var);
  c.address = addr(address);
  return c;
}
inline CallSpec connect(const std::string& var, const char* address) {
  CallSpec c = on(CallKind::Connect, var);
  c.address = addr(address);
  return c;
}
inline CallSpec accept(const std::string& listener, const std::string& var) {
  CallSpec c = on(CallKind::Accept, listener);
  c.result_var = var;
  return c;
}
inline CallSpec send(const std::string& var, const std::string& data) {
  CallSpec c = on(CallKind::Send, var);
  c.data = data;
  return c;
}
inline CallSpec reuseaddr(const std::string& var, bool flag = true) {
  CallSpec c = on(CallKind::SetReuseAddr, var);
  c.flag = flag;
  return c;
}
inline CallSpec linger(const std::string& var, bool onoff, int seconds) {
  CallSpec c = on(CallKind::SetLinger, var);
  c.flag = onoff;
  c.linger_seconds = seconds;
  return c;
}
inline CallSpec nodelay(const std::string& var, bool flag = true) {
  CallSpec c = on(CallKind::SetNoDelay, var);
  c.flag = flag;
  return c;
}
inline CallSpec tcp_quickack(const std::string& var, bool flag = true) {
  CallSpec c = on(CallKind::SetQuickAck, var);
  c.flag = flag;
  return c;
}
// setsockopt(var, option, value): SO_KEEPALIVE, TCP_KEEPIDLE, TCP_USER_TIMEOUT ...
inline CallSpec socket_option(const std::string& var, SocketOption option, std::int64_t value) {
  CallSpec c = on(CallKind::SetOption, var);
  c.option = option;
  c.option_value = value;
  return c;
}
inline CallSpec shutdown_write(const std::string& var) {
  CallSpec c = on(CallKind::Shutdown, var);
  c.how = ShutdownHow::Write;
  return c;
}
inline CallSpec shutdown_both(const std::string& var) {
  CallSpec c = on(CallKind::Shutdown, var);
  c.how = ShutdownHow::Both;
  return c;
}
inline Trigger after(const std::string& label, Duration delay = Duration{0}) {
  return Trigger{std::nullopt, label, delay};
}
inline Trigger at(Duration t) { return Trigger{t, "", Duration{0}}; }

// "c>s S 0 0": direction, tcpdump flags, relative seq and ack.
inline std::string describe(const SegmentEvent& s) {
  return s.from.substr(0, 1) + ">" + s.to.substr(0, 1) + " " + tcpdump_flags(s.segment.flags) +
         " " + std::to_string(s.rel_seq) + " " + std::to_string(s.rel_ack) +
         (s.segment.payload.empty() ? "" : " len " + std::to_string(s.segment.payload.size())) +
         (s.fate == SegmentFate::Dropped ? " dropped" : "");
}

inline std::vector<std::string> segments(const Trace& trace) {
  std::vector<std::string> out;
  for (const auto& e : trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body)) out.push_back(describe(*s));
  }
  return out;
}

// The states one endpoint went through, in order, starting with its first: "SYN-SENT", ...
inline std::vector<std::string> states(const Trace& trace, const std::string& endpoint) {
  std::vector<std::string> out;
  for (const auto& e : trace.events()) {
    if (const auto* s = get_if<StateEvent>(&e.body); s && s->endpoint == endpoint) {
      out.emplace_back(rfc_name(s->to));
    }
  }
  return out;
}

inline std::vector<const CallEvent*> calls(const Trace& trace, const std::string& step) {
  std::vector<const CallEvent*> out;
  for (const auto& e : trace.events()) {
    if (const auto* c = get_if<CallEvent>(&e.body); c && c->step == step) out.push_back(c);
  }
  return out;
}

inline const CallEvent* call(const Trace& trace, const std::string& step) {
  auto all = calls(trace, step);
  return all.empty() ? nullptr : all.back();
}

// A readable dump for failure messages.
inline std::string ladder(const Trace& trace) {
  std::string out;
  for (const auto& w : warning_texts(trace)) out += "warning: " + w + "\n";
  for (const auto& e : trace.events()) {
    char t[32];
    std::snprintf(t, sizeof t, "%10.3f ms  ", static_cast<double>(to_ns(e.at)) / 1e6);
    out += t;
    if (const auto* s = get_if<SegmentEvent>(&e.body)) {
      out += "#" + std::to_string(s->id) + " " + describe(*s) + " [" + s->endpoint + "]" +
             (s->retransmission ? " retransmission" : "") +
             (s->reason.empty() ? "" : " (" + s->reason + ")");
    } else if (const auto* st = get_if<StateEvent>(&e.body)) {
      out += st->endpoint + " " + std::string(rfc_name(st->from)) + " -> " +
             std::string(rfc_name(st->to)) + " (" + present::state_change_reason(*st) + ")";
    } else if (const auto* tm = get_if<TimerEvent>(&e.body)) {
      out += tm->endpoint + " timer " + std::string(to_string(tm->timer)) + " " +
             std::string(to_string(tm->action)) + " deadline " +
             std::to_string(to_ns(tm->deadline) / 1'000'000) + " ms attempt " +
             std::to_string(tm->attempt);
    } else if (const auto* c = get_if<CallEvent>(&e.body)) {
      out += c->host + " " + c->step + ": " + c->call + "(" + c->args + ") fd " +
             std::to_string(c->fd) + " = " + std::to_string(c->result) + " " +
             std::string(errno_name(c->error)) + " [" + c->endpoint + "]";
    } else if (const auto* n = get_if<NoteEvent>(&e.body)) {
      out += "note: " + n->text;
    }
    out += "\n";
  }
  return out;
}

}  // namespace tcplab::testing
