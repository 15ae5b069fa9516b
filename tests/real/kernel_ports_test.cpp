// Ports on the real kernel: restarting a server over its own TIME-WAIT (the SO_REUSEADDR table of
// LINUX-FACTS.md), a socket connecting to itself, and running out of ephemeral ports.
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "scenario/model_backend.h"
#include "support/trace_query.h"

namespace tcplab::testing {
namespace {

using ::testing::ElementsAre;

struct ReuseRow {
  bool old_reuse;
  bool new_reuse;
  Errno expected;
};

void PrintTo(const ReuseRow& row, std::ostream* os) {
  *os << "old listener SO_REUSEADDR " << row.old_reuse << ", new socket " << row.new_reuse;
}

class KernelReuseAddr : public ::testing::TestWithParam<ReuseRow> {};

TEST_P(KernelReuseAddr, BindOverTimeWaitFollowsTheTable) {
  const ReuseRow row = GetParam();
  RUN_KERNEL(r, restart(row.old_reuse, row.new_reuse), 300ms);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(t);
  // The old connection is in TIME-WAIT on the server's side when the new socket binds.
  EXPECT_EQ(states(t, "server#2").back(), "TIME-WAIT") << ladder(t);
  const CallEvent* b = call(t, "new.bind");
  ASSERT_TRUE(b) << ladder(t);
  EXPECT_EQ(b->error, row.expected) << ladder(t);
  EXPECT_EQ(b->result, row.expected == Errno::None ? 0 : -1);
  EXPECT_EQ(b->endpoint, "server#3");
}

INSTANTIATE_TEST_SUITE_P(LinuxFactsTable, KernelReuseAddr,
                         ::testing::Values(ReuseRow{false, false, Errno::AddressInUse},
                                           ReuseRow{false, true, Errno::AddressInUse},
                                           ReuseRow{true, false, Errno::AddressInUse},
                                           ReuseRow{true, true, Errno::None}),
                         [](const auto& row_info) {
                           return std::string(row_info.param.old_reuse ? "Old" : "NoOld") +
                                  (row_info.param.new_reuse ? "New" : "NoNew");
                         });

TEST(KernelSelfConnect, ASocketBoundTo5555ConnectsToItself) {
  RUN_KERNEL(r, self_connect(), 300ms);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  EXPECT_EQ(call(t, "client.connect")->result, 0) << ladder(t);
  const auto segs = segments(t);
  ASSERT_GE(segs.size(), 3u) << ladder(t);
  EXPECT_THAT(std::vector<std::string>(segs.begin(), segs.begin() + 3),
              ElementsAre("c>c S 0 0", "c>c S. 0 1", "c>c . 1 1"))
      << ladder(t);
  const SegmentEvent* syn = t.segment_by_id(1);
  EXPECT_EQ(syn->segment.src, syn->segment.dst) << "one socket, one four-tuple";
  EXPECT_EQ(syn->endpoint, "client#1");
  const auto st = states(t, "client#1");
  ASSERT_FALSE(st.empty()) << ladder(t);
  EXPECT_EQ(st.back(), "TIME-WAIT") << ladder(t);
}

std::vector<std::string> outcomes(const Trace& t, const std::string& step) {
  std::vector<std::string> out;
  for (const CallEvent* c : calls(t, step))
    out.push_back(c->error == Errno::None ? "ok" : std::string(errno_name(c->error)));
  return out;
}

TEST(KernelPortExhaustion, TenPortsThenEaddrnotavailWithoutTwReuse) {
  RUN_KERNEL(r, exhaustion(0, 14, 0, 10), 2s);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(t);
  std::vector<std::string> expected(10, "ok");
  expected.insert(expected.end(), 4, "EADDRNOTAVAIL");
  EXPECT_EQ(outcomes(t, "client.connect"), expected) << ladder(t);
  for (const CallEvent* c : calls(t, "client.connect")) {
    if (c->error == Errno::None) continue;
    EXPECT_EQ(c->result, -1);
  }
  // Every connection used a port of the range, and the clients' sockets are in TIME-WAIT.
  int time_waits = 0;
  for (const auto& e : t.events()) {
    const auto* s = get_if<StateEvent>(&e.body);
    if (s && s->host == "client" && s->to == TcpState::TimeWait) {
      ++time_waits;
      EXPECT_GE(s->tuple.local.port, 40000);
      EXPECT_LE(s->tuple.local.port, 40009);
    }
  }
  EXPECT_EQ(time_waits, 10) << ladder(t);
}

TEST(KernelPortExhaustion, TwReuseTakesTimeWaitPortsOnceTheyAreASecondOld) {
  RUN_KERNEL(r, exhaustion(1, 12, 2, 12), 3s);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(t);
  const auto early = outcomes(t, "client.connect");
  ASSERT_EQ(early.size(), 12u) << ladder(t);
  EXPECT_EQ(std::vector<std::string>(early.begin(), early.begin() + 10),
            std::vector<std::string>(10, "ok"));
  // Rounds 11 and 12 come a few ms after the first TIME-WAITs began. LINUX-FACTS saw them fail;
  // here the kernel sometimes lets the 11th through (its reuse delay counts whole seconds of the
  // last timestamp, so a second boundary can fall in between): at least the 12th fails.
  EXPECT_EQ(early.back(), "EADDRNOTAVAIL") << ladder(t);
  // After the pause the TIME-WAIT ports are more than a second old: both connections succeed.
  EXPECT_THAT(outcomes(t, "late.connect"), ElementsAre("ok", "ok")) << ladder(t);
  // Each reuse takes a TIME-WAIT over: its timer is cancelled, not fired.
  long reused = std::count(early.begin(), early.end(), "ok") - 10 + 2;
  long cancelled = 0;
  for (const auto& e : t.events()) {
    const auto* tm = get_if<TimerEvent>(&e.body);
    if (tm && tm->timer == TimerKind::TimeWait && tm->action == TimerAction::Cancelled) ++cancelled;
  }
  EXPECT_EQ(cancelled, reused) << ladder(t);
}

// A bound connect() over the client's own TIME-WAIT, tcp_tw_reuse = 0 (Linux 6.18, 2026-12-04):
// taken when the connection used timestamps (the new ISN is the old SND.NXT + 65537), and
// EADDRNOTAVAIL when it did not.
void expect_bound_reconnect(const Trace& t, bool timestamps) {
  const CallEvent* c = call(t, "again.connect");
  ASSERT_TRUE(c) << ladder(t);
  EXPECT_EQ(c->error, timestamps ? Errno::None : Errno::AddressNotAvailable)
      << "timestamps " << timestamps << "\n" << ladder(t);
  if (!timestamps) return;
  std::vector<SeqNum> syns;
  SeqNum fin_end;
  for (const SegmentEvent* s : segments_of(t)) {
    if (s->from != "client") continue;
    if (s->segment.flags.syn()) syns.push_back(s->segment.seq);
    if (s->segment.flags.fin()) fin_end = s->segment.seq + 1;
  }
  ASSERT_EQ(syns.size(), 2u) << ladder(t);
  EXPECT_EQ(syns[1], fin_end + 65535 + 2) << "tcp_twsk_unique's write_seq\n" << ladder(t);
}

TEST(KernelBoundReconnect, TakesItsOwnTimeWaitOnlyWithTimestamps) {
  for (const bool timestamps : {true, false}) {
    RUN_KERNEL(r, bound_reconnect_over_time_wait(timestamps), 500ms);
    const Trace& t = r.trace;
    SKIP_WITHOUT_NAMESPACE(t);
    SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(t);
    expect_bound_reconnect(t, timestamps);
  }
}

TEST(ModelBoundReconnect, TakesItsOwnTimeWaitOnlyWithTimestamps) {
  for (const bool timestamps : {true, false}) {
    const Trace t = ModelBackend().run(bound_reconnect_over_time_wait(timestamps), {}).trace;
    expect_bound_reconnect(t, timestamps);
  }
}

}  // namespace
}  // namespace tcplab::testing
