// The model's machinery beyond the close itself: listen backlogs, each kind of fault, run limits,
// and deterministic replay judged on the trace's JSON-lines form.
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "export/jsonl.h"
#include "scenario/model_backend.h"
#include "support/scenario_builder.h"
#include "support/trace_query.h"
#include "support/trace_text.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

RunResult run(const Scenario& s, RunOptions o = {}) { return ModelBackend().run(s, o); }

// A server that accepts one connection and reads until the end; a client that sends and closes.
ScenarioBuilder echo_once() {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"), {}, "server.recv")
      .step("server", recv_call("c"))
      .step("server", close_call("c"));
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", send_call("s", "hello"))
      .step("client", close_call("s"), wait(100ms));
  return b;
}

FaultSpec fault(FaultAction kind, const char* from, const char* flags, Duration delay = 0ms) {
  FaultSpec f;
  f.action = kind;
  f.match.from = from;
  if (flags) f.match.flags = parse_tcpdump_flags(flags);
  f.delay = delay;
  f.description = "test fault";
  return f;
}

TEST(ListenBacklog, AFullAcceptQueueDropsSynsUntilAcceptMakesRoom) {
  // Linux's sk_acceptq_is_full(): full when more than `backlog` wait. With backlog 0 one
  // connection may wait; every other SYN is dropped and the client's SYN timer retries.
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l", 0))
      .step("server", accept_call("l", "c1"), at(2500ms), "server.accept1")
      .step("server", accept_call("l", "c2"), {}, "server.accept2")
      .step("server", accept_call("l", "c3"), {}, "server.accept3");
  b.step("client", socket_call("a"), at(1ms))
      .step("client", connect_call("a", "127.0.0.2:5555"), {}, "client.a")
      .step("client", socket_call("b"))
      .step("client", connect_call("b", "127.0.0.2:5555"), {}, "client.b")
      .step("client", socket_call("c"))
      .step("client", connect_call("c", "127.0.0.2:5555"), {}, "client.c");
  auto r = run(b.build());
  // b: dropped at 21 ms, 1.021 s and 2.021 s (the queue holds a; its SYN is resent every second,
  // tcp_syn_linear_timeouts), let in at 3.021 s after accept1 at 2.5 s.
  // c: its SYN arrives together with b's last ACK, which fills the queue again: dropped once.
  std::vector<std::uint64_t> dropped;
  for (const SegmentEvent* s : segments_of(r.trace)) {
    if (s->verdict.code == RejectCode::ListenQueueFull) {
      EXPECT_EQ(s->verdict.what, VerdictCode::ListenQueueFull);
      EXPECT_EQ(s->verdict.args.first, 0u);  // the backlog
      dropped.push_back(s->id);
    }
  }
  EXPECT_EQ(dropped.size(), 4u) << describe(r.trace);
  for (const char* step : {"client.a", "client.b", "client.c"}) {
    ASSERT_TRUE(call_of(r.trace, step));
    EXPECT_EQ(call_of(r.trace, step)->result, 0) << step;
  }
  EXPECT_GE(call_of(r.trace, "client.b")->issued_at + 3s, kTimeZero + 3021ms);
  EXPECT_EQ(call_of(r.trace, "server.accept3")->result, 6);  // fds 3 (listener), 4, 5, 6
}

TEST(Faults, DropTheNthMatchOnly) {
  auto b = echo_once();
  FaultSpec f = fault(FaultAction::Drop, "client", ".");
  f.match.nth = 2;  // the handshake's ACK is the first; the second is the ACK of the server's FIN
  b.fault(f);
  auto r = run(b.build());
  int dropped = 0;
  for (const SegmentEvent* s : segments_of(r.trace)) {
    if (s->fate == SegmentFate::Dropped) {
      ++dropped;
      EXPECT_EQ(tcpdump_flags(s->segment.flags), ".");
      EXPECT_EQ(s->reason, "test fault");
    }
  }
  EXPECT_EQ(dropped, 1) << describe(r.trace);
}

TEST(Faults, DelayAddsToTheLatency) {
  auto b = echo_once();
  b.fault(fault(FaultAction::Delay, "client", "P.", 300ms));
  auto r = run(b.build());
  for (const TraceEvent& e : r.trace.events()) {
    const auto* s = get_if<SegmentEvent>(&e.body);
    if (s && tcpdump_flags(s->segment.flags) == "P.") {
      EXPECT_EQ(s->arrives_at - e.at, 310ms);
    }
  }
}

TEST(Faults, ReorderLetsLaterSegmentsOvertake) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"), wait(1s), "server.recv");
  // TCP_NODELAY: "second" must leave before "hello" is acknowledged (Nagle would hold it).
  CallSpec nodelay = on(CallKind::SetNoDelay, "s");
  nodelay.flag = true;
  b.step("client", socket_call("s"), at(1ms))
      .step("client", nodelay)
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", send_call("s", "hello"))
      .step("client", send_call("s", "second"));
  FaultSpec f = fault(FaultAction::Reorder, "client", "P.", 50ms);  // only the first data segment
  b.fault(f);
  auto r = run(b.build());
  // "second" overtakes "hello", arrives out of order and is answered with a duplicate ACK; the
  // retransmission timer repairs the stream, and the application reads it in order.
  bool out_of_order = false;
  for (const SegmentEvent* seg : segments_of(r.trace)) {
    out_of_order = out_of_order || seg->verdict.code == RejectCode::OutOfOrder;
  }
  EXPECT_TRUE(out_of_order) << describe(r.trace);
  EXPECT_EQ(call_of(r.trace, "server.recv")->data, "hellosecond") << describe(r.trace);
}

TEST(Faults, DuplicateDeliversASecondCopyLater) {
  auto b = echo_once();
  b.fault(fault(FaultAction::Duplicate, "client", "P.", 20ms));
  auto r = run(b.build());
  std::vector<const SegmentEvent*> data;
  for (const SegmentEvent* s : segments_of(r.trace)) {
    if (tcpdump_flags(s->segment.flags) == "P.") data.push_back(s);
  }
  ASSERT_EQ(data.size(), 2u) << describe(r.trace);
  EXPECT_EQ(data[1]->arrives_at - data[0]->arrives_at, 20ms);
  EXPECT_EQ(data[1]->verdict.what, VerdictCode::OutsideWindow) << describe(r.trace);
  EXPECT_EQ(data[1]->verdict.args.first, data[1]->segment.seq.raw());  // the copy's SEQ ...
  EXPECT_EQ(data[1]->verdict.args.second, (data[1]->segment.seq + 5).raw());  // ... below RCV.NXT
  EXPECT_EQ(call_of(r.trace, "server.recv")->data, "hello");  // delivered once to the application
}

TEST(Faults, RandomLossIsTheSameForTheSameSeed) {
  auto b = echo_once();
  FaultSpec f = fault(FaultAction::RandomLoss, "", nullptr);
  f.match.count = -1;
  f.probability = 0.3;
  b.fault(f);
  const Scenario s = b.build();
  RunOptions one, two;
  one.seed = 7;
  two.seed = 8;
  EXPECT_EQ(segment_lines(run(s, one).trace), segment_lines(run(s, one).trace));
  EXPECT_NE(segment_lines(run(s, one).trace), segment_lines(run(s, two).trace));
}

TEST(RunLimits, ARunThatHitsItsTimeLimitSaysSo) {
  Scenario s = echo_once().build();
  s.time_limit = 50ms;
  auto r = run(s);
  EXPECT_FALSE(r.completed);
  ASSERT_FALSE(r.trace.warnings.empty());
  EXPECT_EQ(r.trace.warnings[0],
            (Message{"stopped at the time limit of {0} (virtual time); the scenario had more to do",
                     {"50 ms"}}));
  EXPECT_LE(r.trace.end_time(), kTimeZero + 50ms);
}

TEST(RunLimits, ARunThatHitsItsEventLimitSaysSo) {
  Scenario s = echo_once().build();
  s.event_limit = 10;
  auto r = run(s);
  EXPECT_FALSE(r.completed);
  ASSERT_FALSE(r.trace.warnings.empty());
  EXPECT_EQ(r.trace.warnings[0],
            (Message{"stopped after {0} events (the event limit); is something looping?", {"10"}}));
}

// A program's calls that never wait run within one simulator event: the trace's event limit stops
// them between calls (a million rounds took 7.4 s and 625 MB).
TEST(RunLimits, AMillionRoundsStopAtTheTraceEventLimit) {
  ScenarioBuilder b;
  b.phase("client", 1'000'000);
  b.step("client", socket_call("s")).step("client", close_call("s"));
  const Scenario s = b.build();
  RunOptions tenth;  // a tenth of the default, to keep the test quick under sanitizers
  tenth.max_events = kDefaultMaxEvents / 10;
  const RunResult r = run(s, tenth);
  EXPECT_FALSE(r.completed);
  EXPECT_EQ(r.stopped_by, StopCause::TraceLimit);
  EXPECT_EQ(r.trace.size(), 100'000u);
  EXPECT_EQ(testing::warning_texts(r.trace),
            (std::vector<std::string>{
                "stopped after 100000 trace events, at 0 ns of virtual time: the limit is 100000 "
                "events per run (raise it with --max-events N); the scenario had more to do"}));
  RunOptions few;
  few.max_events = 7;
  EXPECT_EQ(run(s, few).trace.size(), 7u);
}

TEST(RunLimits, TheTraceEventLimitStopsTheNetworkToo) {
  const Scenario s = echo_once().build();
  const std::size_t whole = run(s).trace.size();
  RunOptions few;
  few.max_events = 12;
  ASSERT_GT(whole, 12u);
  const RunResult r = run(s, few);
  EXPECT_FALSE(r.completed);
  EXPECT_GE(r.trace.size(), 12u);
  EXPECT_LT(r.trace.size(), whole);
  ASSERT_FALSE(r.trace.warnings.empty());
  EXPECT_EQ(r.trace.warnings[0].args.at(2), "12") << testing::warning_texts(r.trace)[0];
  EXPECT_NE(testing::warning_texts(r.trace)[0].find(
                "the limit is 12 events per run (raise it with --max-events N)"),
            std::string::npos);
  // Exactly at the limit with nothing left to do is a complete run.
  few.max_events = whole;
  EXPECT_TRUE(run(s, few).completed);
}

TEST(RunLimits, AnUnknownAfterLabelIsAnErrorNamingTheStep) {
  ScenarioBuilder b;
  b.step("client", socket_call("s"), after("nobody.did.this"), "client.socket");
  EXPECT_THROW(run(b.build()), ScenarioError);
}

// LINUX-FACTS.md: client shutdown(SHUT_WR), then the server's shutdown(SHUT_WR) at once.
TEST(LinuxFacts, ShutdownOnBothSidesWithoutCrossingIsThreeSegments) {
  ScenarioBuilder b;
  b.latency(20us);
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"))
      .step("server", shutdown_write("c"));
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", shutdown_write("s"), wait(10ms));
  auto r = run(b.build());
  EXPECT_THAT(segment_lines(r.trace, 3),
              ElementsAre("client>server F. 1:1", "server>client F. 1:2", "client>server . 2:2"));
  EXPECT_EQ(states_text(r.trace, "client#1"),
            "CLOSED SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED");
}

std::string jsonl(const Trace& t) {
  std::ostringstream out;
  write_jsonl(t, out);
  return out.str();
}

TEST(Determinism, TheSameLessonTwiceGivesByteIdenticalJsonLines) {
  auto b = echo_once();
  FaultSpec f = fault(FaultAction::RandomLoss, "", nullptr);
  f.match.count = -1;
  f.probability = 0.2;
  b.fault(f);
  const Scenario s = b.build();
  const std::string first = jsonl(run(s).trace);
  EXPECT_GT(std::count(first.begin(), first.end(), '\n'), 30);
  EXPECT_EQ(first, jsonl(run(s).trace));
}

}  // namespace
}  // namespace tcplab::testing
