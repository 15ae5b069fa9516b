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
    if (const auto* s = get_if<SegmentEvent>(&e.body); s && s->segment.payload == payload)
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

CallSpec recv_one_byte(std::string var) {
  CallSpec c = recv_call(std::move(var));
  c.max_bytes = 1;
  return c;
}

// The 40 ms stall: after one request and its answer, write "a", write "b", read. The server is
// interactive (pingpong mode), so it delays its ACK of "a"; Nagle holds "b" for that ACK.
Scenario write_write_read(bool with_nodelay) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"), {}, "server.accept")
      .step("server", recv_call("c"))
      .step("server", send_call("c", "OK"))
      .step("server", recv_one_byte("c"))
      .step("server", recv_one_byte("c"))
      .step("server", send_call("c", "ab!"), {}, "server.answer");
  b.step("client", socket_call("s"), at(1ms));
  if (with_nodelay) b.step("client", nodelay_call("s"));
  b.step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", send_call("s", "hi!"))
      .step("client", recv_call("s"), {}, "client.read_hello")
      .step("client", send_call("s", "a"), after("client.read_hello", 100ms), "client.send_a")
      .step("client", send_call("s", "b"), {}, "client.send_b")
      .step("client", recv_call("s"), {}, "client.recv");
  return b.build();
}

TEST(DelayedAckScenario, WriteWriteReadWaitsFortyMillisecondsForTheDelayedAck) {
  const RunResult r = ModelBackend().run(write_write_read(false), {});
  const std::vector<std::string> lines = segment_lines(r.trace, 3);
  // hi!, its ACK at once (quick-ACK mode), OK (answered at once: pingpong), its ACK, then "a";
  // the server's ACK of "a" waits 40 ms; "b" follows it, is ACKed at once, and answered.
  EXPECT_THAT(lines, ElementsAre("client>server P. 1:1 len 3", "server>client . 1:4",
                                 "server>client P. 1:4 len 2", "client>server . 4:3",
                                 "client>server P. 4:3 len 1", "server>client . 3:5",
                                 "client>server P. 5:3 len 1", "server>client . 3:6",
                                 "server>client P. 3:6 len 3", "client>server . 6:6"));
  // "a" reaches the server after 10 ms; its ACK leaves 40 ms later and takes 10 ms back.
  EXPECT_EQ(sent_at(r.trace, "b") - sent_at(r.trace, "a"), 60ms);
  const CallEvent* recv = call_of(r.trace, "client.recv");
  ASSERT_NE(recv, nullptr);
  EXPECT_EQ(recv->result, 3);
  EXPECT_EQ(sent_at(r.trace, "ab!") - sent_at(r.trace, "a"), 70ms);
}

TEST(DelayedAckScenario, WithTcpNodelayThereIsNoStall) {
  const RunResult r = ModelBackend().run(write_write_read(true), {});
  // "b" leaves right behind "a"; the server reads both, and the read that empties its buffer
  // after two short segments sends the ACK (tcp_cleanup_rbuf), just before the answer.
  const std::vector<std::string> lines = segment_lines(r.trace, 3);
  ASSERT_GE(lines.size(), 5u);
  EXPECT_THAT(
      std::vector<std::string>(lines.end() - 5, lines.end()),
      ElementsAre("client>server P. 4:3 len 1", "client>server P. 5:3 len 1", "server>client . 3:6",
                  "server>client P. 3:6 len 3", "client>server . 6:6"));
  EXPECT_EQ(sent_at(r.trace, "b") - sent_at(r.trace, "a"), Duration{0});
  EXPECT_EQ(sent_at(r.trace, "ab!") - sent_at(r.trace, "a"), 10ms);
}

}  // namespace
}  // namespace tcplab::testing
