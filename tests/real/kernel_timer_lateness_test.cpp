// How late the kernel ran its timers: the bookkeeping on hand-made wakes, and the sentinels on
// this machine's timer wheel.
#include <sched.h>

#include <gtest/gtest.h>

#include "real/kernel_timer_lateness.h"
#include "real/monotonic_clock.h"

namespace tcplab::testing {
namespace {

using real::KernelTimerLateness;
using real::LatenessLog;

constexpr std::int64_t kMs = 1'000'000;

TEST(LatenessLog, KeepsOnlyWhatIsLongerThanAnInterruptsUsualDelay) {
  LatenessLog log;
  log.record(10 * kMs, 50'000);  // 50 us: a tick's normal latency
  EXPECT_EQ(log.longest_since(0), 0);
  log.record(20 * kMs, 3 * kMs);
  EXPECT_EQ(log.longest_since(0), 3 * kMs);
}

TEST(LatenessLog, CountsOnlyTheLatenessAfterTheInstantAskedAbout) {
  LatenessLog log;
  log.record(10 * kMs, 8 * kMs);  // late from 2 ms to 10 ms
  log.record(30 * kMs, 1 * kMs);
  EXPECT_EQ(log.longest_since(1 * kMs), 8 * kMs);
  EXPECT_EQ(log.longest_since(5 * kMs), 5 * kMs);  // only 5..10 ms was after it
  EXPECT_EQ(log.longest_since(10 * kMs), 1 * kMs);
  EXPECT_EQ(log.longest_since(30 * kMs), 0);
}

TEST(KernelTimerLateness, RunsOneSentinelPerCpuAndEachWakesOnTheTimerWheel) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  const KernelTimerLateness lateness;
  if (lateness.sentinels() == 0)
    GTEST_SKIP() << "no sentinel could start: CLOCK_MONOTONIC_COARSE does not give a jiffy here";
  EXPECT_EQ(lateness.sentinels(), static_cast<std::size_t>(CPU_COUNT(&allowed)));
  // Each sentinel wakes a jiffy at a time; ten seconds is the bound for a machine that stalls.
  const std::int64_t asked = real::monotonic_now_ns();
  EXPECT_FALSE(lateness.seen_past(asked + 60'000 * kMs));
  lateness.wait_until_seen_past(asked, asked + 10'000 * kMs);
  EXPECT_TRUE(lateness.seen_past(asked));
}

}  // namespace
}  // namespace tcplab::testing
