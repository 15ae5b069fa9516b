#pragma once
// Shared by the real-kernel tests: run a scenario on the kernel backend, skip (saying why) where
// this machine cannot make the namespace the test needs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "lesson_builder.h"
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

// The usual start: the server listens on 127.0.0.2:5555, the client connects from 127.0.0.1.
inline LessonBuilder connected() {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.accept", accept("listener", "conn"))
      .step("client", "client.socket", sock("sock"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"), after("server.listen"));
  return b;
}

inline bool needs_namespace(const Trace& trace) {
  for (const auto& w : trace.warnings) {
    if (w.find("no private network namespace") != std::string::npos) return true;
  }
  return false;
}

#define SKIP_WITHOUT_NAMESPACE(trace)                                                       \
  if (needs_namespace(trace)) GTEST_SKIP() << "no private network namespace here: " << (trace).warnings[0]

// Runs `scenario` into `var`, or skips the test with the kernel's reasons when it cannot run here.
#define RUN_KERNEL(var, scenario, limit)                                        \
  RunResult var;                                                                \
  try {                                                                         \
    var = run_kernel((scenario), (limit));                                      \
  } catch (const KernelCannotRun& cannot) {                                     \
    GTEST_SKIP() << cannot.what();                                              \
  }

}  // namespace tcplab::testing
