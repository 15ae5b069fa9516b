// The SYN and SYN-ACK retransmission schedules, and when connect() gives up, on the real kernel
// and on the model (linux profile), judged by the same assertions (docs/linux-facts.md,
// "Connection establishment retries"). The sysctls are lowered in the run's namespace so a run
// takes seconds, not minutes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "linux_facts_lessons.h"
#include "scenario/model_backend.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

// When each segment with exactly `flags` from `from` was sent.
std::vector<Instant> sent_times(const Trace& t, const std::string& from, TcpFlags flags) {
  std::vector<Instant> out;
  for (const TraceEvent& e : t.events())
    if (const auto* s = get_if<SegmentEvent>(&e.body);
        s && s->from == from && s->segment.flags == flags)
      out.push_back(e.at);
  return out;
}

// Linear timeouts first (1 s each), then doubling: a gap is "1 s" when it is at least 1 s less a
// jiffy and well short of the doubled 2 s.
void expect_about(Duration gap, Duration rto, bool exact, const Trace& t) {
  if (exact) {
    EXPECT_EQ(gap, rto) << ladder(t);
  } else {
    EXPECT_GE(gap, rto - kJiffy) << ladder(t);
    EXPECT_LT(gap, rto + rto / 2) << ladder(t);
  }
}

// The gaps between the SYNs, and from the last SYN to connect()'s ETIMEDOUT.
void expect_syn_schedule(const Trace& t, const std::vector<Duration>& gaps, Duration last_wait,
                         bool exact) {
  const auto syns = sent_times(t, "client", TcpFlag::Syn);
  ASSERT_EQ(syns.size(), gaps.size() + 1) << ladder(t);
  for (std::size_t i = 1; i < syns.size(); ++i)
    expect_about(syns[i] - syns[i - 1], gaps[i - 1], exact, t);
  const CallEvent* c = call(t, "client.connect");
  ASSERT_TRUE(c) << ladder(t);
  EXPECT_EQ(c->error, Errno::TimedOut) << ladder(t);
  Instant returned{};
  for (const TraceEvent& e : t.events())
    if (const auto* ce = get_if<CallEvent>(&e.body); ce && ce->step == "client.connect")
      returned = e.at;
  expect_about(returned - syns.back(), last_wait, exact, t);
}

// tcp_syn_retries = 1, tcp_syn_linear_timeouts = 2: the count would allow 1 + 2 resends
// (tcp_write_timeout), but the clock runs out first: retransmits_timed_out gives up 3 s after the
// first SYN ((2^2 - 1) x 1 s, tcp_model_timeout). SYNs at 0, 1 and 2 s, ETIMEDOUT at 3 s.
void expect_gives_up_by_the_clock(const Trace& t, bool exact) {
  expect_syn_schedule(t, {1s, 1s}, 1s, exact);
}

// tcp_syn_retries = 2, tcp_syn_linear_timeouts = 1: the first resend keeps the 1 s RTO (total_rto
// <= 1), later ones double it (tcp_retransmit_timer); the third resend is the last the count
// allows. SYNs at 0, 1, 2 and 4 s, ETIMEDOUT at 8 s.
void expect_linear_then_doubled(const Trace& t, bool exact) {
  expect_syn_schedule(t, {1s, 1s, 2s}, 4s, exact);
}

void expect_synack_schedule(const Trace& t, bool exact) {
  const auto synacks = sent_times(t, "server", TcpFlag::Syn | TcpFlag::Ack);
  ASSERT_EQ(synacks.size(), 2u) << ladder(t);
  expect_about(synacks[1] - synacks[0], 1s, exact, t);
  ASSERT_TRUE(call(t, "client.connect")) << ladder(t);
  EXPECT_EQ(call(t, "client.connect")->result, 0) << ladder(t);
  // The listener's close() 3.5 s in finds no child to reset: the request had expired.
  for (const TraceEvent& e : t.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body)) {
      EXPECT_FALSE(s->segment.flags.rst()) << ladder(t);
    }
  }
}

RunResult run_model(const Scenario& scenario, Duration limit) {
  RunOptions options;
  options.time_limit = limit;
  options.profile = "linux";
  return ModelBackend().run(scenario, options);
}

TEST(KernelSynRetries, ConnectGivesUpByTheClockBeforeTheCount) {
  RUN_KERNEL(r, syn_lost_until_connect_gives_up(1, 2), 3500ms);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_gives_up_by_the_clock(r.trace, false);
}

TEST(ModelSynRetries, ConnectGivesUpByTheClockBeforeTheCount) {
  expect_gives_up_by_the_clock(run_model(syn_lost_until_connect_gives_up(1, 2), 3500ms).trace,
                               true);
}

TEST(KernelSynRetries, SynsAreResentLinearlyThenDoubled) {
  RUN_KERNEL(r, syn_lost_until_connect_gives_up(2, 1), 8500ms);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_linear_then_doubled(r.trace, false);
}

TEST(ModelSynRetries, SynsAreResentLinearlyThenDoubled) {
  expect_linear_then_doubled(run_model(syn_lost_until_connect_gives_up(2, 1), 8500ms).trace, true);
}

TEST(KernelSynRetries, SynAckIsResentOnceThenTheRequestExpires) {
  RUN_KERNEL(r, synack_lost_until_the_server_gives_up(), 4s);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_synack_schedule(r.trace, false);
}

TEST(ModelSynRetries, SynAckIsResentOnceThenTheRequestExpires) {
  expect_synack_schedule(run_model(synack_lost_until_the_server_gives_up(), 4s).trace, true);
}

}  // namespace
}  // namespace tcplab::testing
