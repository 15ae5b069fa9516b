#pragma once
// Many short connections, one after another, for tests and benchmarks of big traces.
#include "support/scenario_builder.h"

namespace tcplab::testing {

// `n` connections on a link of `latency` (the default 10 ms): the client connects and closes at
// once, the server reads end-of-stream and closes. Each leaves the client a TIME-WAIT entry for
// 60 s: the port-exhaustion lesson with the default port range, and six segments per connection.
inline Scenario many_connections(int n, Duration latency = std::chrono::milliseconds(10)) {
  ScenarioBuilder b;
  b.latency(latency);
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"), {}, "server.listen");
  b.phase("server", n);
  b.step("server", accept_call("l", "c"))
      .step("server", recv_call("c"))
      .step("server", close_call("c"));
  b.phase("client", n);
  b.step("client", socket_call("s"), after("server.listen"))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", close_call("s"));
  Scenario s = b.build();
  s.time_limit = std::chrono::hours(24);
  s.event_limit = 100'000'000;
  return s;
}

}  // namespace tcplab::testing
