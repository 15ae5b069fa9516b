// The fault engine for delay and duplicate without netem (real/nfqueue_faults.*): on the real
// kernel, a held segment arrives no earlier than its delay after it was sent, a duplicate arrives
// twice, a drop decided by the engine still works, and nothing outlives the run.
#include <fstream>

#include <dirent.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "kernel_test_support.h"
#include "real/nfqueue_faults.h"

namespace tcplab::testing {
namespace {

using ::testing::HasSubstr;

// The client sends "hello" once connected; the server reads it, then both close.
Scenario client_sends_hello() {
  auto b = connected();
  b.step("client", "client.send", send("sock", "hello"), after("server.accept", 10ms))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"))
      .step("client", "client.close", on(CallKind::Close, "sock"));
  return b.scenario();
}

FaultSpec on_hello(FaultAction kind, Duration delay, const std::string& words) {
  FaultSpec f;
  f.action = kind;
  f.match.from = "client";
  f.match.to = "server";
  f.match.flags = parse_tcpdump_flags("P.");
  f.delay = delay;
  f.description = words;
  return f;
}

std::vector<const SegmentEvent*> hellos(const Trace& trace) {
  std::vector<const SegmentEvent*> out;
  for (const auto& e : trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body); s && s->segment.payload == "hello")
      out.push_back(s);
  }
  return out;
}

std::size_t count_entries(const std::string& dir) {
  std::size_t n = 0;
  if (DIR* d = opendir(dir.c_str())) {
    while (const dirent* e = readdir(d)) n += e->d_name[0] != '.' ? 1 : 0;
    closedir(d);
  }
  return n;
}

TEST(KernelNfqueue, ADelayedSegmentArrivesNoEarlierThanItsDelayAfterItWasSent) {
  SKIP_WITHOUT_NFQUEUE();
  Scenario s = client_sends_hello();
  // Below the 200 ms minimum RTO, so the client does not retransmit meanwhile.
  const Duration delay = 120ms;
  s.faults.push_back(on_hello(FaultAction::Delay, delay, "hold hello back"));
  RUN_KERNEL(r, s, 2s);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  const auto h = hellos(r.trace);
  ASSERT_FALSE(h.empty()) << ladder(r.trace);
  const SegmentEvent& first = *h.front();
  ASSERT_TRUE(first.fault.has_value()) << ladder(r.trace);
  EXPECT_EQ(first.fault->action, WireAction::Delayed);
  EXPECT_EQ(first.fate, SegmentFate::Delivered);
  EXPECT_THAT(first.reason, HasSubstr("hold hello back"));
  // Causally, with the trace's own instants: sent (captured on lo) then accepted by the engine.
  const Instant sent = sent_at(r.trace, first.id);
  EXPECT_GE(first.arrives_at - sent, delay) << ladder(r.trace);
  // The server's recv() cannot return the data before it arrived.
  const CallEvent* recv = call(r.trace, "server.recv");
  ASSERT_NE(recv, nullptr);
  EXPECT_EQ(recv->result, 5);
  const Instant recv_returned = [&] {
    for (const auto& e : r.trace.events())
      if (get_if<CallEvent>(&e.body) == recv) return e.at;
    return kTimeZero;
  }();
  EXPECT_GE(recv_returned, first.arrives_at) << ladder(r.trace);
}

TEST(KernelNfqueue, ADuplicatedSegmentArrivesTwice) {
  SKIP_WITHOUT_NFQUEUE();
  Scenario s = client_sends_hello();
  const Duration gap = 80ms;
  s.faults.push_back(on_hello(FaultAction::Duplicate, gap, "hello twice"));
  RUN_KERNEL(r, s, 2s);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  const auto h = hellos(r.trace);
  ASSERT_EQ(h.size(), 2u) << ladder(r.trace);
  const SegmentEvent& original = *h[0];
  const SegmentEvent& copy = *h[1];
  ASSERT_TRUE(original.fault && copy.fault) << ladder(r.trace);
  EXPECT_EQ(original.fault->action, WireAction::Duplicated);
  EXPECT_EQ(copy.fault->action, WireAction::DuplicateCopy);
  EXPECT_EQ(copy.id, original.id + 1);  // as the model numbers them
  EXPECT_EQ(copy.segment.seq, original.segment.seq);
  EXPECT_EQ(copy.fate, SegmentFate::Delivered);
  EXPECT_EQ(sent_at(r.trace, copy.id), sent_at(r.trace, original.id));
  // The copy is due `gap` after the original was due (sent + the link's latency): never before.
  // Measured from the send, not from the original's arrival, which a loaded machine's queue can
  // release late (that lateness is the original's, not the copy's).
  const Instant sent = sent_at(r.trace, original.id);
  EXPECT_GE(original.arrives_at - sent, s.link.latency) << ladder(r.trace);
  EXPECT_GE(copy.arrives_at - sent, s.link.latency + gap) << ladder(r.trace);
  EXPECT_GT(copy.arrives_at, original.arrives_at) << ladder(r.trace);
  // The server read hello once: the copy is old data, only acknowledged (here by the server's
  // TIME-WAIT, as the copy comes after both closed).
  const CallEvent* recv = call(r.trace, "server.recv");
  ASSERT_NE(recv, nullptr);
  EXPECT_EQ(recv->result, 5);
}

TEST(KernelNfqueue, ADropDecidedByTheEngineStillDrops) {
  SKIP_WITHOUT_NFQUEUE();
  Scenario s = client_sends_hello();
  s.faults.push_back(on_hello(FaultAction::Drop, Duration{0}, "lose hello"));
  // A delay that matches nothing puts every fault on the engine.
  FaultSpec none = on_hello(FaultAction::Delay, 10ms, "never");
  none.match.flags = parse_tcpdump_flags("SR");
  s.faults.push_back(none);
  RUN_KERNEL(r, s, 3s);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  const auto h = hellos(r.trace);
  ASSERT_GE(h.size(), 2u) << ladder(r.trace);
  EXPECT_EQ(h[0]->fate, SegmentFate::Dropped);
  ASSERT_TRUE(h[0]->fault.has_value());
  EXPECT_EQ(h[0]->fault->action, WireAction::Dropped);
  EXPECT_THAT(h[0]->reason, HasSubstr("lose hello"));
  EXPECT_TRUE(h[1]->retransmission);
  EXPECT_EQ(h[1]->fate, SegmentFate::Delivered);
  EXPECT_FALSE(h[1]->fault.has_value());
  const CallEvent* recv = call(r.trace, "server.recv");
  ASSERT_NE(recv, nullptr);
  EXPECT_EQ(recv->result, 5);
}

TEST(KernelNfqueue, ASegmentHeldPastTheRunsEndNeverArrivesAndNothingIsLeftBehind) {
  SKIP_WITHOUT_NFQUEUE();
  const std::size_t threads_before = count_entries("/proc/self/task");
  Scenario s = client_sends_hello();
  const Duration delay = 30s;
  s.faults.push_back(on_hello(FaultAction::Delay, delay, "hold hello for 30 s"));
  RUN_KERNEL(r, s, 1s);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  const auto h = hellos(r.trace);
  ASSERT_FALSE(h.empty()) << ladder(r.trace);
  // In flight at the end, as the model leaves it: delayed, due after the trace's end.
  ASSERT_TRUE(h[0]->fault.has_value()) << ladder(r.trace);
  EXPECT_EQ(h[0]->fault->action, WireAction::Delayed);
  EXPECT_GE(h[0]->arrives_at - sent_at(r.trace, h[0]->id), delay);
  EXPECT_GT(h[0]->arrives_at, r.trace.end_time());
  bool said = false;
  for (const auto& w : warning_texts(r.trace))
    said = said || w.find("still held when the run ended") != std::string::npos;
  EXPECT_TRUE(said) << ladder(r.trace);
  EXPECT_FALSE(r.completed);
  // The engine's thread lived in the sandbox child, which is gone with its namespace.
  EXPECT_EQ(children_of_this_process(), 0u);
  EXPECT_EQ(count_entries("/proc/self/task"), threads_before);
}

}  // namespace
}  // namespace tcplab::testing
