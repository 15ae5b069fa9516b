#pragma once
// Shared by the real-kernel tests: run a scenario on the kernel backend, skip (saying why) where
// this machine cannot make the namespace the test needs.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "lesson_builder.h"
#include "linux_facts_lessons.h"
#include "real/kernel_backend.h"
#include "real/nfqueue_faults.h"
#include "scenario/delayed_ack_race.h"

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

// The processes this one has forked and not yet reaped: none may outlive a run.
inline std::size_t children_of_this_process() {
  std::size_t n = 0;
  std::ifstream in("/proc/self/task/" + std::to_string(getpid()) + "/children");
  std::string pid;
  while (in >> pid) ++n;
  return n;
}

inline bool needs_namespace(const Trace& trace) {
  return trace.isolation == Isolation::HostLoopback;
}

#define SKIP_WITHOUT_NAMESPACE(trace) \
  if (needs_namespace(trace))         \
  GTEST_SKIP() << "no private network namespace here: " << (trace).isolation_reason

// Why the machine's load, not TCP, decided how a TIME-WAIT in this run ended, or "": a delayed ACK
// of the peer's FIN arrived after its sender's FIN (two CPUs' loopback backlogs, see
// delayed_ack_race.h); the peer in TIME-WAIT answered the stale ACK and the reset that drew ended
// its TIME-WAIT early.
inline std::string time_wait_ended_by_load(const Trace& trace) {
  for (const DelayedAckRace& race : delayed_ack_races(trace))
    if (race.order == AckRaceOrder::AckAfterFin)
      return "segment " + std::to_string(race.ack_segment) +
             ", a delayed ACK built before its sender's FIN (segment " +
             std::to_string(race.fin_segment) +
             "), arrived after it on this loaded machine; the peer's TIME-WAIT answered it and "
             "was reset (RFC 1337), so the TIME-WAIT this test checks did not last";
  return "";
}

#define SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(trace)                              \
  if (const std::string why = time_wait_ended_by_load(trace); !why.empty()) \
  GTEST_SKIP() << why << "\n" << ladder(trace)

#define SKIP_WITHOUT_NFQUEUE()                                            \
  if (const auto& queue = real::nfqueue_availability(); !queue.available) \
  GTEST_SKIP() << "no netfilter queue in a private namespace here: "      \
               << (queue.detail.empty() ? std::string("the probe could not run") : queue.detail)

// When segment `id` was sent (captured on lo).
inline Instant sent_at(const Trace& trace, std::uint64_t id) {
  for (const auto& e : trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body); s && s->id == id) return e.at;
  }
  return kTimeZero;
}

// One jiffy at this kernel's HZ = 250: a timer never fires earlier than that before its time.
inline constexpr Duration kJiffy = std::chrono::milliseconds(4);

// Runs `scenario` into `var`, or skips the test with the kernel's reasons when it cannot run here.
#define RUN_KERNEL(var, scenario, limit)    \
  RunResult var;                            \
  try {                                     \
    var = run_kernel((scenario), (limit));  \
  } catch (const KernelCannotRun& cannot) { \
    GTEST_SKIP() << cannot.what();          \
  }

}  // namespace tcplab::testing
