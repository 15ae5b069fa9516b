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

// One jiffy at this kernel's HZ = 250: a timer never fires earlier than that before its time.
constexpr Duration kJiffy = 4ms;

// When each segment with exactly `flags` from `from` was sent.
std::vector<Instant> sent_times(const Trace& t, const std::string& from, TcpFlags flags) {
  std::vector<Instant> out;
  for (const TraceEvent& e : t.events())
    if (const auto* s = std::get_if<SegmentEvent>(&e.body);
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

// tcp_syn_retries = 1, tcp_syn_linear_timeouts = 2: tcp_write_timeout allows 1 + 2 retransmissions
// in SYN-SENT; tcp_retransmit_timer keeps the RTO at 1 s while total_rto <= 2, then doubles it.
// So SYNs at 0, 1, 2 and 3 s, and connect() fails with ETIMEDOUT 2 s after the last.
Scenario syn_lost_until_connect_gives_up() {
  LessonBuilder b;
  b.knob("tcp_syn_retries", "1")
      .knob("tcp_syn_linear_timeouts", "2")
      .fault(drop_matching("client", "server", "S", 1, -1, "drop every SYN"))
      .step("client", "client.socket", sock("sock"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"));
  return b.scenario();
}

void expect_syn_schedule(const Trace& t, bool exact) {
  const auto syns = sent_times(t, "client", TcpFlag::Syn);
  ASSERT_EQ(syns.size(), 4u) << ladder(t);
  for (std::size_t i = 1; i < syns.size(); ++i) expect_about(syns[i] - syns[i - 1], 1s, exact, t);
  const CallEvent* c = call(t, "client.connect");
  ASSERT_TRUE(c) << ladder(t);
  EXPECT_EQ(c->error, Errno::TimedOut) << ladder(t);
  Instant returned{};
  for (const TraceEvent& e : t.events())
    if (const auto* ce = std::get_if<CallEvent>(&e.body); ce && ce->step == "client.connect")
      returned = e.at;
  expect_about(returned - syns.back(), 2s, exact, t);
}

// tcp_synack_retries = 1, the client's ACKs all lost: the request socket resends its SYN-ACK after
// 1 s (reqsk_timer_handler, TCP_TIMEOUT_INIT << num_timeout), then expires 2 s later, silently.
Scenario synack_lost_until_the_server_gives_up() {
  LessonBuilder b;
  b.knob("tcp_synack_retries", "1")
      .fault(drop_matching("client", "server", ".", 1, -1, "drop every ACK from the client"))
      .step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"),
            after("server.listen", 3500ms))
      .step("client", "client.socket", sock("sock"), after("server.listen"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"));
  return b.scenario();
}

void expect_synack_schedule(const Trace& t, bool exact) {
  const auto synacks = sent_times(t, "server", TcpFlag::Syn | TcpFlag::Ack);
  ASSERT_EQ(synacks.size(), 2u) << ladder(t);
  expect_about(synacks[1] - synacks[0], 1s, exact, t);
  ASSERT_TRUE(call(t, "client.connect")) << ladder(t);
  EXPECT_EQ(call(t, "client.connect")->result, 0) << ladder(t);
  // The listener's close() 3.5 s in finds no child to reset: the request had expired.
  for (const TraceEvent& e : t.events())
    if (const auto* s = std::get_if<SegmentEvent>(&e.body))
      EXPECT_FALSE(s->segment.flags.rst()) << ladder(t);
}

RunResult run_model(const Scenario& scenario, Duration limit) {
  RunOptions options;
  options.time_limit = limit;
  options.profile = "linux";
  return ModelBackend().run(scenario, options);
}

TEST(KernelSynRetries, SynsAreResentLinearlyThenDoubledUntilConnectTimesOut) {
  RUN_KERNEL(r, syn_lost_until_connect_gives_up(), 5500ms);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_syn_schedule(r.trace, false);
}

TEST(ModelSynRetries, SynsAreResentLinearlyThenDoubledUntilConnectTimesOut) {
  expect_syn_schedule(run_model(syn_lost_until_connect_gives_up(), 5500ms).trace, true);
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
