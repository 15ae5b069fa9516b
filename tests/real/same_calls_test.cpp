// Every shipped lesson makes the same calls in the same order on the model and on the kernel:
// both backends schedule programs with step_ready() (src/scenario/step_schedule.h).
#include <algorithm>
#include <iostream>
#include <map>

#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "scenario/compare.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"

namespace tcplab::testing {
namespace {

struct Call {
  std::string host;
  std::string step;
  std::string args;     // call_args(): the same text on both backends
  std::string outcome;  // errno, or "ok" (fds and byte counts are the process's business)
  Instant asked;
  Instant returned;
};

std::vector<Call> calls_until(const Trace& trace, Instant until) {
  std::vector<Call> out;
  for (const auto& e : trace.events()) {
    const auto* c = get_if<CallEvent>(&e.body);
    if (!c || c->asked() > until) continue;
    const std::string outcome = c->error == Errno::None ? "ok" : std::string(errno_name(c->error));
    out.push_back({c->host, c->step, c->args, outcome, c->asked(), e.at});
  }
  return out;
}

std::map<std::string, std::vector<std::string>> steps_per_host(const std::vector<Call>& calls) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& c : calls) out[c.host].push_back(c.step + "(" + c.args + ")");
  return out;
}

class SameCalls : public ::testing::TestWithParam<std::string> {};

TEST_P(SameCalls, OnTheModelAndOnTheKernel) {
  const Scenario scenario = load_lesson_file(GetParam());
  KernelBackend kernel;
  RunOptions options;
  options.time_limit = std::chrono::seconds(3);
  if (auto why = kernel.cannot_run(scenario, options); !why.empty())
    GTEST_SKIP() << "the kernel cannot run " << scenario.id << " here: " << why.front();
  RunResult on_kernel;
  try {
    on_kernel = kernel.run(scenario, options);
  } catch (const KernelCannotRun& e) {
    GTEST_SKIP() << e.what();
  }
  SKIP_WITHOUT_NAMESPACE(on_kernel.trace);
  ModelBackend model;
  RunOptions model_options = options;
  model_options.profile = "linux";
  // On the lesson's link, as `tcplab compare` runs it (the kernel holds every segment for it).
  const RunResult on_model = model.run(scenario, model_options);

  // Calls the lesson asked for before the kernel run's limit, less the time a late program could
  // have pushed them by.
  const SchedulingDelays delays = scheduling_delays(on_kernel.trace);
  const Instant until = kTimeZero + *options.time_limit - std::chrono::milliseconds(200);
  const auto model_calls = calls_until(on_model.trace, until);
  const auto kernel_calls = calls_until(on_kernel.trace, until);
  EXPECT_EQ(steps_per_host(model_calls), steps_per_host(kernel_calls));

  // Where a call's outcome differs (a load-dependent race let the kernel's connect() through), what
  // follows is scheduled on different returns: the order is compared up to the first such call,
  // and `tcplab compare` judges the difference itself.
  Instant diverged = Instant::max();
  std::map<std::string, std::vector<const Call*>> kernel_of_host;
  for (const auto& c : kernel_calls) kernel_of_host[c.host].push_back(&c);
  std::map<std::string, std::size_t> seen;
  for (const auto& c : model_calls) {
    const std::size_t i = seen[c.host]++;
    const auto& theirs = kernel_of_host[c.host];
    if (i < theirs.size() && theirs[i]->outcome != c.outcome && c.asked < diverged) {
      diverged = std::min(c.asked, theirs[i]->asked);
      std::cout << c.step << ": model " << c.outcome << ", kernel " << theirs[i]->outcome
                << ": call order compared up to " << format_duration(diverged - kTimeZero) << "\n";
    }
  }

  // Across hosts: a call the model asks for well before another (more than the kernel programs'
  // measured lateness can swap) comes first on the kernel too.
  const Duration margin = std::max<Duration>(std::chrono::milliseconds(5), 2 * delays.worst());
  // A step of a repeated phase has one label for every round: calls are named by label and round.
  auto named = [](const std::vector<Call>& calls) {
    std::map<std::string, int> rounds;
    std::vector<std::pair<std::string, Instant>> out;
    for (const auto& c : calls)
      out.emplace_back(c.step + " #" + std::to_string(++rounds[c.step]), c.asked);
    return out;
  };
  const auto model_named = named(model_calls);
  std::map<std::string, Instant> kernel_asked;
  for (const auto& [name, asked] : named(kernel_calls)) kernel_asked.emplace(name, asked);
  for (std::size_t i = 0; i < model_named.size(); ++i) {
    for (std::size_t j = 0; j < model_named.size(); ++j) {
      const auto& [a, a_asked] = model_named[i];
      const auto& [b, b_asked] = model_named[j];
      if (model_calls[i].host == model_calls[j].host || b_asked - a_asked <= margin) continue;
      if (!kernel_asked.contains(a) || !kernel_asked.contains(b)) continue;
      if (std::max(b_asked, kernel_asked[b]) >= diverged) continue;
      EXPECT_LT(kernel_asked[a], kernel_asked[b])
          << a << " before " << b << " on the model (" << format_duration(a_asked - kTimeZero)
          << " vs " << format_duration(b_asked - kTimeZero) << "), not on the kernel ("
          << format_duration(kernel_asked[a] - kTimeZero) << " vs "
          << format_duration(kernel_asked[b] - kTimeZero) << ")";
    }
  }
}

std::vector<std::string> shipped_lessons() {
  std::vector<std::string> out;
  for (const auto& p : lesson_files(std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons"))
    out.push_back(p.string());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Lessons, SameCalls, ::testing::ValuesIn(shipped_lessons()),
                         [](const auto& lesson_info) {
                           std::string name =
                               std::filesystem::path(lesson_info.param).stem().string();
                           std::replace_if(
                               name.begin(), name.end(), [](char c) { return !std::isalnum(c); },
                               '_');
                           return name;
                         });

}  // namespace
}  // namespace tcplab::testing
