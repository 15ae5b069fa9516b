// Injected segments on the kernel ([[injections]], real/lesson_injector.h): written onto lo by a
// packet socket in the run's namespace, seen by the capture, and judged by Linux's
// tcp_timewait_state_process. The model passes the same assertions (model_injection_test.cpp).
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "support/injection_expectations.h"

namespace tcplab::testing {
namespace {

RunResult run_kernel_with(const Scenario& s, bool rfc1337) {
  KernelBackend backend;
  RunOptions options;
  options.knobs = {{"tcp_rfc1337", rfc1337 ? "true" : "false"}};
  options.time_limit = std::chrono::seconds(3);
  return backend.run(s, options);
}

#define RUN_KERNEL_WITH(var, scenario, rfc1337)  \
  RunResult var;                                 \
  try {                                          \
    var = run_kernel_with((scenario), (rfc1337)); \
  } catch (const KernelCannotRun& cannot) {      \
    GTEST_SKIP() << cannot.what();               \
  }

// The client's TIME-WAIT must still be there when the injection comes: a loaded machine can end
// it earlier (a delayed ACK arriving after its FIN draws a RST, see delayed_ack_race.h).
// And both ends must have closed before the injection (the client first, at 500 ms; the server
// once it read the end of the stream): on a machine so busy that either close() returned after
// the injected segment arrived, there was no TIME-WAIT yet to meet it.
inline std::string closed_after_injection(const Trace& t) {
  const auto injected = injected_segments(t);
  if (injected.empty()) return "";
  for (const char* step : {"client.close", "server.close"}) {
    const CallEvent* close = call(t, step);
    for (const auto& e : t.events()) {
      if (close && get_if<CallEvent>(&e.body) == close && e.at >= injected[0]->arrives_at) {
        return std::string(step) + " returned at " + format_duration(e.at - kTimeZero) +
               ", after the injected segment arrived (" +
               format_duration(injected[0]->arrives_at - kTimeZero) + "): the machine was busy";
      }
    }
  }
  return "";
}

#define SKIP_UNLESS_INJECTION_MET_TIME_WAIT(trace)                           \
  SKIP_WITHOUT_NAMESPACE(trace);                                             \
  SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(trace);                                    \
  if (const std::string late = closed_after_injection(trace); !late.empty()) \
  GTEST_SKIP() << late << "\n" << describe(trace)

TEST(KernelInjection, AnRstAtRcvNxtAssassinatesTimeWait) {
  RUN_KERNEL_WITH(run, injected_rst_lesson(), false);
  SKIP_UNLESS_INJECTION_MET_TIME_WAIT(run.trace);
  expect_rst_assassinates(run.trace);
}

// The RST is ignored and, unlike a bare ACK at RCV.NXT, does not restart the timer: sock_diag
// shows the deadline set when TIME-WAIT began, unchanged after the RST.
TEST(KernelInjection, WithRfc1337TheRstIsIgnoredAndTheTimerLeftAlone) {
  RUN_KERNEL_WITH(run, injected_rst_lesson(), true);
  SKIP_UNLESS_INJECTION_MET_TIME_WAIT(run.trace);
  const std::optional<Instant> deadline = expect_rst_ignored(run.trace);
  const SegmentEvent& rst = *injected_segments(run.trace).at(0);
  ASSERT_TRUE(deadline);
  EXPECT_LT(*deadline, rst.arrives_at + std::chrono::seconds(60)) << describe(run.trace);
}

TEST(KernelInjection, AnOldDuplicateDrawsTheAckWhoseRstAssassinatesTimeWait) {
  RUN_KERNEL_WITH(run, injected_old_duplicate_lesson(), false);
  SKIP_UNLESS_INJECTION_MET_TIME_WAIT(run.trace);
  expect_old_duplicate_chain(run.trace);
}

TEST(KernelInjection, ALateAckAfterLastAckDrawsAnRstThatEndsThePeersTimeWait) {
  RUN_KERNEL_WITH(run, injected_late_ack_lesson(), false);
  SKIP_UNLESS_INJECTION_MET_TIME_WAIT(run.trace);
  expect_late_ack_chain(run.trace);
}

// Timed after a step (step_schedule.h's rule, as on the model): written once client.close had
// returned and its 500 ms had passed, whenever that was on this machine.
TEST(KernelInjection, AnInjectionAfterAStepIsWrittenNoEarlierThanItsDelayAfterTheStepReturned) {
  RUN_KERNEL_WITH(run, injected_after_close_lesson(), false);
  SKIP_WITHOUT_NAMESPACE(run.trace);
  const std::optional<Instant> closed = returned_at(run.trace, "client.close");
  const std::optional<Instant> written = injected_sent_at(run.trace);
  ASSERT_TRUE(closed && written) << describe(run.trace);
  EXPECT_GE(*written - *closed, std::chrono::milliseconds(500)) << describe(run.trace);
  SKIP_UNLESS_INJECTION_MET_TIME_WAIT(run.trace);
  expect_rst_assassinates(run.trace);
}

// As on the model (ModelInjection.AnInjectionAfterAStepThatCannotBeMadeStopsTheRunNamingIt): an
// error at the injection's file:line:col, with the same reason, not a warning in a trace.
TEST(KernelInjection, AnInjectionThatCannotBeMadeStopsTheRunNamingIt) {
  const Scenario s = injected_on_no_connection_lesson();
  try {
    run_kernel_with(s, false);
    ADD_FAILURE() << "the kernel run went on past an injection it could not make";
  } catch (const KernelCannotRun& cannot) {
    GTEST_SKIP() << cannot.what();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().to_string(), s.injections.at(0).where.to_string());
    EXPECT_EQ(e.where().line, s.injections.at(0).where.line);
    const std::string what = e.what();
    EXPECT_EQ(what.rfind(s.injections.at(0).where.to_string() + ": injection at ", 0), 0u) << what;
    EXPECT_NE(what.find(kNoConnectionWords), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace tcplab::testing
