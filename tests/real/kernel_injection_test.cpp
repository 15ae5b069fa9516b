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
      if (close && std::get_if<CallEvent>(&e.body) == close && e.at >= injected[0]->arrives_at) {
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

}  // namespace
}  // namespace tcplab::testing
