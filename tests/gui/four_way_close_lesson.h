#pragma once
// The four-way close as a lesson the GUI tests run on the model: the client sends "hello" 20 ms
// after connecting and closes 100 ms later; the server closes 50 ms after reading end-of-stream,
// then its listener.
#include <chrono>

#include "support/scenario_builder.h"

namespace tcplab::gui {

inline Scenario four_way_close() {
  using namespace tcplab::testing;
  using std::chrono::milliseconds;
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"), {}, "server.listen")
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"))
      .step("server", recv_call("c"))
      .step("server", close_call("c"), wait(milliseconds(50)), "server.close")
      .step("server", close_call("l"))
      .step("client", socket_call("s"), after("server.listen"))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", send_call("s", "hello"), wait(milliseconds(20)))
      .step("client", close_call("s"), wait(milliseconds(100)), "client.close");
  return b.build();
}

}  // namespace tcplab::gui
