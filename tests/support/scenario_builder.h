#pragma once
// Builds Scenarios in tests the way a lesson file would describe them, tersely.
#include <string>

#include "scenario/scenario.h"

namespace tcplab::testing {

class ScenarioBuilder {
 public:
  ScenarioBuilder(std::string profile = "linux") {
    s_.id = "test";
    s_.profile = std::move(profile);
    s_.hosts = {{"client", Ipv4{0x7f000001}}, {"server", Ipv4{0x7f000002}}};
    s_.programs = {{"client", {{}}}, {"server", {{}}}};
  }
  ScenarioBuilder& knob(const std::string& name, const std::string& value) {
    s_.knobs[name] = value;
    return *this;
  }
  ScenarioBuilder& latency(Duration d) {
    s_.link.latency = d;
    return *this;
  }
  // Adds a step to `host`'s current phase. Labels default to "host.call#n".
  ScenarioBuilder& step(const std::string& host, CallSpec call, Trigger when = {},
                        std::string label = {}) {
    Program& p = program(host);
    if (label.empty())
      label = host + "." + std::string(call_name(call.kind)) + "#" + std::to_string(++counter_);
    p.phases.back().steps.push_back({label, std::move(call), std::move(when), {}});
    return *this;
  }
  // Starts a new phase for `host`, repeated `repeat` times.
  ScenarioBuilder& phase(const std::string& host, int repeat, Duration pause = Duration{0}) {
    Program& p = program(host);
    if (p.phases.size() == 1 && p.phases[0].steps.empty()) p.phases.clear();
    p.phases.push_back({{}, repeat, pause});
    return *this;
  }
  ScenarioBuilder& fault(FaultSpec f) {
    s_.faults.push_back(std::move(f));
    return *this;
  }
  Scenario build() const { return s_; }

 private:
  Program& program(const std::string& host) {
    for (auto& p : s_.programs)
      if (p.host == host) return p;
    s_.programs.push_back({host, {{}}});
    return s_.programs.back();
  }
  Scenario s_;
  int counter_ = 0;
};

inline SocketAddress addr(const char* text) { return *parse_socket_address(text); }

inline CallSpec socket_call(std::string var) {
  CallSpec c;
  c.kind = CallKind::Socket;
  c.result_var = std::move(var);
  return c;
}
inline CallSpec on(CallKind kind, std::string var) {
  CallSpec c;
  c.kind = kind;
  c.socket = std::move(var);
  return c;
}
inline CallSpec bind_call(std::string var, const char* address) {
  CallSpec c = on(CallKind::Bind, std::move(var));
  c.address = addr(address);
  return c;
}
inline CallSpec connect_call(std::string var, const char* address) {
  CallSpec c = on(CallKind::Connect, std::move(var));
  c.address = addr(address);
  return c;
}
inline CallSpec listen_call(std::string var, int backlog = 128) {
  CallSpec c = on(CallKind::Listen, std::move(var));
  c.backlog = backlog;
  return c;
}
inline CallSpec accept_call(std::string listener, std::string result) {
  CallSpec c = on(CallKind::Accept, std::move(listener));
  c.result_var = std::move(result);
  return c;
}
inline CallSpec send_call(std::string var, std::string data) {
  CallSpec c = on(CallKind::Send, std::move(var));
  c.data = std::move(data);
  return c;
}
inline CallSpec recv_call(std::string var) { return on(CallKind::Recv, std::move(var)); }
inline CallSpec close_call(std::string var) { return on(CallKind::Close, std::move(var)); }
inline CallSpec shutdown_write(std::string var) {
  CallSpec c = on(CallKind::Shutdown, std::move(var));
  c.how = ShutdownHow::Write;
  return c;
}
inline CallSpec reuse_call(std::string var, bool on_off = true) {
  CallSpec c = on(CallKind::SetReuseAddr, std::move(var));
  c.flag = on_off;
  return c;
}
inline CallSpec linger_call(std::string var, bool on_off, int seconds) {
  CallSpec c = on(CallKind::SetLinger, std::move(var));
  c.flag = on_off;
  c.linger_seconds = seconds;
  return c;
}
inline CallSpec exit_call() {
  CallSpec c;
  c.kind = CallKind::Exit;
  return c;
}
inline Trigger at(Duration d) {
  Trigger t;
  t.at = d;
  return t;
}
inline Trigger after(std::string label, Duration delay = Duration{0}) {
  Trigger t;
  t.after = std::move(label);
  t.delay = delay;
  return t;
}
inline Trigger wait(Duration delay) {
  Trigger t;
  t.delay = delay;
  return t;
}

}  // namespace tcplab::testing
