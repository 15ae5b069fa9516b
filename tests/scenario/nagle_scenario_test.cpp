// Nagle's algorithm through the sockets API of the model: two small writes in a row, with and
// without TCP_NODELAY, on the client's socket and on a socket accept() returned.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario/model_backend.h"
#include "support/scenario_builder.h"
#include "support/trace_query.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

CallSpec nodelay_call(std::string var) {
  CallSpec c = on(CallKind::SetNoDelay, std::move(var));
  c.flag = true;
  return c;
}

// `writer` ("client" or "server") writes "a", then "b" 1 ms later; the other side reads both.
// `nodelay_on` is the socket that gets TCP_NODELAY first ("" for none).
Scenario two_small_writes(const std::string& writer, const std::string& nodelay_on) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"));
  if (nodelay_on == "l") b.step("server", nodelay_call("l"));
  b.step("server", bind_call("l", "127.0.0.2:5555")).step("server", listen_call("l"));
  b.step("server", accept_call("l", "c"), {}, "server.accept");
  b.step("client", socket_call("s"), at(1ms));
  if (nodelay_on == "s") b.step("client", nodelay_call("s"));
  b.step("client", connect_call("s", "127.0.0.2:5555"));
  const std::string sock = writer == "client" ? "s" : "c";
  const std::string reader = writer == "client" ? "server" : "client";
  const std::string reader_sock = writer == "client" ? "c" : "s";
  b.step(writer, send_call(sock, "a"), after("server.accept", 5ms), writer + ".send_a")
      .step(writer, send_call(sock, "b"), wait(1ms), writer + ".send_b");
  b.step(reader, recv_call(reader_sock), after("server.accept"))
      .step(reader, recv_call(reader_sock));
  return b.build();
}

// When the segment carrying `payload` was sent.
Instant sent_at(const Trace& trace, const std::string& payload) {
  for (const auto& e : trace.events())
    if (const auto* s = std::get_if<SegmentEvent>(&e.body); s && s->segment.payload == payload)
      return e.at;
  return kTimeZero;
}

TEST(NagleScenario, TheSecondSmallWriteLeavesWhenTheFirstIsAcknowledged) {
  const RunResult r = ModelBackend().run(two_small_writes("client", ""), {});
  const std::vector<std::string> lines = segment_lines(r.trace, 3);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_THAT(std::vector<std::string>(lines.begin(), lines.begin() + 4),
              ElementsAre("client>server P. 1:1 len 1", "server>client . 1:2",
                          "client>server P. 2:1 len 1", "server>client . 1:3"));
  // "b" was written 1 ms after "a" and left one round trip (2 x 10 ms) after it: with the ACK.
  const CallEvent* send_b = call_of(r.trace, "client.send_b");
  ASSERT_NE(send_b, nullptr);
  EXPECT_EQ(send_b->result, 1);
  EXPECT_EQ(send_b->issued_at - sent_at(r.trace, "a"), 1ms);
  EXPECT_EQ(sent_at(r.trace, "b") - sent_at(r.trace, "a"), 20ms);
}

TEST(NagleScenario, WithTcpNodelayBothSmallWritesLeaveBeforeAnyAck) {
  const RunResult r = ModelBackend().run(two_small_writes("client", "s"), {});
  const std::vector<std::string> lines = segment_lines(r.trace, 3);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_THAT(std::vector<std::string>(lines.begin(), lines.begin() + 2),
              ElementsAre("client>server P. 1:1 len 1", "client>server P. 2:1 len 1"));
  EXPECT_EQ(sent_at(r.trace, "b") - sent_at(r.trace, "a"), 1ms);
}

TEST(NagleScenario, AnAcceptedSocketInheritsTheListenersTcpNodelay) {
  const RunResult plain = ModelBackend().run(two_small_writes("server", ""), {});
  EXPECT_EQ(sent_at(plain.trace, "b") - sent_at(plain.trace, "a"), 20ms);
  const RunResult inherited = ModelBackend().run(two_small_writes("server", "l"), {});
  EXPECT_EQ(sent_at(inherited.trace, "b") - sent_at(inherited.trace, "a"), 1ms);
}

}  // namespace
}  // namespace tcplab::testing
