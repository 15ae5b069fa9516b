// The same hand-built lessons on the model (linux profile) and on the real kernel: the comparison
// must find them alike, or the difference is recorded here with the reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "scenario/compare.h"
#include "scenario/model_backend.h"

namespace tcplab::testing {
namespace {

struct Both {
  RunResult model;
  RunResult kernel;
  Comparison comparison;
};

Both run_both(Scenario scenario, Duration kernel_limit) {
  // Loopback has next to no latency: give the model the same, so timings can be compared.
  scenario.link.latency = std::chrono::microseconds(20);
  Both both;
  ModelBackend model;
  RunOptions options;
  options.time_limit = kernel_limit;
  both.model = model.run(scenario, options);
  both.kernel = run_kernel(scenario, kernel_limit);
  both.comparison = compare_traces(both.model.trace, both.kernel.trace);
  if (std::getenv("TCPLAB_SHOW_TRACE")) {
    std::cout << "--- model\n" << ladder(both.model.trace) << "--- comparison\n" << format_comparison(both.comparison);
  }
  return both;
}

TEST(ModelVsKernel, FourWayClose) {
  auto b = connected();
  b.step("client", "client.close", on(CallKind::Close, "sock"), after("server.accept", 20ms))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"), after("client.close", 50ms))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  const Both r = run_both(b.scenario(), 500ms);
  SKIP_WITHOUT_NAMESPACE(r.kernel.trace);
  EXPECT_TRUE(r.comparison.agree()) << format_comparison(r.comparison);
}

}  // namespace
}  // namespace tcplab::testing
