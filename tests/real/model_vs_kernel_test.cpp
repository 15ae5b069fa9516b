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

struct Row {
  const char* name;
  Scenario (*scenario)();
  Duration limit;
  // Differences known and explained (see `kKnown...` below): "kind subject: left side".
  std::vector<std::string> known = {};
  // The server closes as soon as recv() returns 0: the kernel's delayed ACK of the client's FIN
  // (1 to 7 ms here) races with that close(), and on a loaded machine the bare ACK sometimes goes
  // first (four segments instead of three). Such kernel-only ACKs are tolerated, nothing else.
  bool ack_may_race_close = false;
};

bool is_racing_fin_ack(const std::string& signature) {
  return signature.rfind("segment connection ", 0) == 0 && signature.find(":  | s>c . 1 2 [server#") != std::string::npos;
}

// What the comparison found, without the instants (which vary from run to run).
std::vector<std::string> signatures(const Comparison& c) {
  std::vector<std::string> out;
  for (const auto& d : c.differences) {
    auto without_time = [](std::string text) {
      if (auto at = text.find(" after "); at != std::string::npos) text.resize(at);
      return text;
    };
    out.push_back(std::string(to_string(d.kind)) + " " + d.subject + ": " + without_time(d.left) + " | " +
                  without_time(d.right));
  }
  return out;
}

// The model ACKs the client's FIN with its 40 ms delayed-ACK timer (linux profile); this kernel
// sent that ACK 1 to 8 ms after the FIN (measured over runs here), well before 40 ms, so the
// server's FIN then follows its ACK by 10 ms in the model and by about 46-49 ms on the kernel.
// Reported to the model's owner; when the model changes, update this record.
const std::vector<std::string> kKnownFinAckDelay = {
    "timing connection client#1 server#2: s>c . 1 2 [server#2] | s>c . 1 2 [server#2]",
    "timing connection client#1 server#2: s>c F. 1 2 [server#2] | s>c F. 1 2 [server#2]"};

Scenario four_way() { return client_closes_first(50ms); }
Scenario three_way() { return client_closes_first(Duration{0}); }
Scenario restart_plain() { return restart(false, false); }
Scenario restart_both() { return restart(true, true); }
Scenario exhaustion_no_reuse() { return exhaustion(0, 14, 0, 10); }

class ModelVsKernel : public ::testing::TestWithParam<Row> {};

TEST_P(ModelVsKernel, Agree) {
  const Row row = GetParam();
  Both r;
  try {
    r = run_both(row.scenario(), row.limit);
  } catch (const KernelCannotRun& e) {
    GTEST_SKIP() << e.what();
  }
  SKIP_WITHOUT_NAMESPACE(r.kernel.trace);
  std::vector<std::string> found = signatures(r.comparison);
  if (row.ack_may_race_close) std::erase_if(found, is_racing_fin_ack);
  EXPECT_EQ(found, row.known) << format_comparison(r.comparison) << "--- model\n"
                                    << ladder(r.model.trace) << "--- kernel\n"
                                    << ladder(r.kernel.trace);
}

INSTANTIATE_TEST_SUITE_P(LinuxFacts, ModelVsKernel,
                         ::testing::Values(Row{"FourWayClose", four_way, 500ms, kKnownFinAckDelay}, Row{"ThreeSegmentClose", three_way, 300ms, {}, true},
                                           Row{"LingerReset", linger_reset, 1s},
                                           Row{"CloseWithUnreadData", close_with_unread_data, 1s},
                                           Row{"DroppedLastAck", dropped_last_ack, 1s, kKnownFinAckDelay},
                                           Row{"RestartWithoutReuseAddr", restart_plain, 300ms},
                                           Row{"RestartWithReuseAddr", restart_both, 300ms},
                                           Row{"SelfConnect", self_connect, 300ms},
                                           Row{"PortExhaustion", exhaustion_no_reuse, 2s, {}, true}),
                         [](const auto& row_info) { return std::string(row_info.param.name); });

}  // namespace
}  // namespace tcplab::testing
