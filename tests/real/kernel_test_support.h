#pragma once
// Shared by the real-kernel tests: run a scenario on the kernel backend, skip (saying why) where
// this machine cannot make the namespace the test needs.
#include <cstdlib>
#include <iostream>

#include <gtest/gtest.h>

#include "lesson_builder.h"
#include "linux_facts_lessons.h"
#include "real/kernel_backend.h"

namespace tcplab::testing {

using namespace std::chrono_literals;

inline RunResult run_kernel(const Scenario& scenario, Duration limit) {
  KernelBackend backend;
  RunOptions options;
  options.time_limit = limit;
  RunResult result = backend.run(scenario, options);
  if (std::getenv("TCPLAB_SHOW_TRACE")) std::cout << ladder(result.trace);
  return result;
}

inline bool needs_namespace(const Trace& trace) {
  return trace.isolation == Isolation::HostLoopback;
}

#define SKIP_WITHOUT_NAMESPACE(trace) \
  if (needs_namespace(trace))         \
  GTEST_SKIP() << "no private network namespace here: " << (trace).isolation_reason

// Runs `scenario` into `var`, or skips the test with the kernel's reasons when it cannot run here.
#define RUN_KERNEL(var, scenario, limit)    \
  RunResult var;                            \
  try {                                     \
    var = run_kernel((scenario), (limit));  \
  } catch (const KernelCannotRun& cannot) { \
    GTEST_SKIP() << cannot.what();          \
  }

}  // namespace tcplab::testing
