// Injected segments on the model ([[injections]]): exact segments, states and the receiver's typed
// verdicts; the kernel passes the same assertions (tests/real/kernel_injection_test.cpp).
#include <gtest/gtest.h>

#include "scenario/model_backend.h"
#include "support/injection_expectations.h"

namespace tcplab::testing {
namespace {

RunResult run_model(const Scenario& s, bool rfc1337) {
  RunOptions options;
  options.knobs = {{"tcp_rfc1337", rfc1337 ? "true" : "false"}};
  options.time_limit = std::chrono::seconds(3);
  return ModelBackend().run(s, options);
}

TEST(ModelInjection, AnRstAtRcvNxtAssassinatesTimeWait) {
  const Trace t = run_model(injected_rst_lesson(), false).trace;
  expect_rst_assassinates(t);
  const SegmentEvent& rst = *injected_segments(t).at(0);
  EXPECT_EQ(rst.verdict.what, VerdictCode::TimeWaitAssassinated);
  EXPECT_EQ(to_ns(rst.arrives_at), 1'010'000'000);  // written at 1 s, the lesson's 10 ms link
  EXPECT_EQ(rst.fault->fault.en, "an RST at exactly TIME-WAIT's RCV.NXT");
  // The client's TIME-WAIT ends when the RST arrives, and says so.
  const StateEvent* end = nullptr;
  for (const auto& e : t.events())
    if (const auto* s = get_if<StateEvent>(&e.body); s && s->endpoint == "client#1")
      end = s;
  ASSERT_TRUE(end);
  EXPECT_EQ(end->from, TcpState::TimeWait);
  EXPECT_EQ(end->to, TcpState::Closed);
  EXPECT_EQ(end->segment_id, rst.id);
}

TEST(ModelInjection, WithRfc1337TheRstIsIgnoredAndTheTimerLeftAlone) {
  const Trace t = run_model(injected_rst_lesson(), true).trace;
  const std::optional<Instant> deadline = expect_rst_ignored(t);
  const SegmentEvent& rst = *injected_segments(t).at(0);
  EXPECT_EQ(rst.verdict.what, VerdictCode::TimeWaitRstIgnored);
  // 60 s from the client's entry into TIME-WAIT (its ACK of the server's FIN), not from the RST.
  ASSERT_TRUE(deadline);
  EXPECT_LT(*deadline, rst.arrives_at + std::chrono::seconds(60));
  EXPECT_GT(*deadline, rst.arrives_at + std::chrono::seconds(59));
}

TEST(ModelInjection, AnOldDuplicateDrawsTheAckWhoseRstAssassinatesTimeWait) {
  const Trace t = run_model(injected_old_duplicate_lesson(), false).trace;
  expect_old_duplicate_chain(t);
  const auto after = from_injection_on(t);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0]->verdict.what, VerdictCode::TimeWaitOutsideWindow);
  EXPECT_EQ(after[2]->verdict.what, VerdictCode::TimeWaitAssassinated);
}

TEST(ModelInjection, ALateAckAfterLastAckDrawsAnRstThatEndsThePeersTimeWait) {
  const Trace t = run_model(injected_late_ack_lesson(), false).trace;
  expect_late_ack_chain(t);
  const auto after = from_injection_on(t);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0]->verdict.what, VerdictCode::NoSocketRst);
  EXPECT_EQ(after[1]->verdict.what, VerdictCode::TimeWaitAssassinated);
}

// The run stops where the injection is written, saying why it cannot be made.
void expect_injection_error(const Scenario& s, const std::string& words) {
  try {
    run_model(s, false);
    ADD_FAILURE() << "the injection was made";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().line, s.injections.at(0).where.line);
    EXPECT_EQ(e.where().column, 1);
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(ModelInjection, RelativeNumbersNeedAConnectionAndSayWhereTheInjectionIs) {
  Scenario before_syn_ack = injected_rst_lesson();
  before_syn_ack.injections.at(0).when.at = std::chrono::microseconds(1);  // the client's SYN only
  expect_injection_error(before_syn_ack,
                         "injection at 1 us: server has sent no SYN on the connection "
                         "127.0.0.2:5555 > 127.0.0.1:");
  Scenario no_such_port = injected_rst_lesson();
  no_such_port.injections.at(0).to_port = 1;
  expect_injection_error(no_such_port,
                         "injection at 1 s: no connection between server:5555 and client:1 has "
                         "been seen by then");
}

// Timed after a step: written `delay` after the step's return (step_schedule.h, as a step would
// be), which on the model is 500 ms + 500 ms, the lesson's `at` exactly: the same run.
TEST(ModelInjection, AnInjectionAfterAStepIsWrittenItsDelayAfterTheStepReturned) {
  const Trace t = run_model(injected_after_close_lesson(), false).trace;
  expect_rst_assassinates(t);
  const std::optional<Instant> closed = returned_at(t, "client.close");
  const std::optional<Instant> written = injected_sent_at(t);
  ASSERT_TRUE(closed && written) << describe(t);
  EXPECT_EQ(to_ns(*closed), 500'000'000);
  EXPECT_EQ(*written - *closed, std::chrono::milliseconds(500));
  const Trace by_at = run_model(injected_rst_lesson(), false).trace;
  EXPECT_EQ(segment_lines(t), segment_lines(by_at));
  EXPECT_EQ(injected_segments(t).at(0)->arrives_at, injected_segments(by_at).at(0)->arrives_at);
}

TEST(ModelInjection, AnInjectionAfterAStepThatCannotBeMadeStopsTheRunNamingIt) {
  const Scenario s = injected_on_no_connection_lesson();
  expect_injection_error(s, std::string("injection at 500 ms: ") + kNoConnectionWords);
}

}  // namespace
}  // namespace tcplab::testing
