// The one rule for when a program's step may run, which both backends follow.
#include "scenario/step_schedule.h"

#include <gtest/gtest.h>

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

Instant at_ms(int ms) { return kTimeZero + std::chrono::milliseconds(ms); }

Step step_with(std::optional<Duration> at, Duration delay) {
  Step s;
  s.label = "client.close";
  s.when.at = at;
  s.when.delay = delay;
  return s;
}

TEST(StepSchedule, AStepRunsWhenThePreviousReturnedPlusItsDelay) {
  EXPECT_EQ(step_ready(step_with(std::nullopt, 0ms), {at_ms(7), false, 0ms, std::nullopt}),
            at_ms(7));
  EXPECT_EQ(step_ready(step_with(std::nullopt, 50ms), {at_ms(7), false, 0ms, std::nullopt}),
            at_ms(57));
}

TEST(StepSchedule, AtIsALowerBoundAndDelayStillCountsFromThePreviousReturn) {
  // at = 1s, delay = 50ms: not before 1 s, and not before 50 ms after the previous return.
  const Step s = step_with(1s, 50ms);
  EXPECT_EQ(step_ready(s, {at_ms(100), false, 0ms, std::nullopt}), at_ms(1000));
  EXPECT_EQ(step_ready(s, {at_ms(990), false, 0ms, std::nullopt}), at_ms(1040));
}

TEST(StepSchedule, AfterWaitsForTheAwaitedReturnThenTheDelay) {
  const Step s = step_with(std::nullopt, 20ms);
  EXPECT_EQ(step_ready(s, {at_ms(5), false, 0ms, at_ms(300)}), at_ms(320));
  // The awaited step returned before this program's previous call: the previous call rules.
  EXPECT_EQ(step_ready(s, {at_ms(500), false, 0ms, at_ms(300)}), at_ms(520));
}

TEST(StepSchedule, ThePauseComesBeforeLaterRoundsOnly) {
  const Step s = step_with(std::nullopt, 1ms);
  EXPECT_EQ(step_ready(s, {at_ms(10), true, 100ms, std::nullopt}), at_ms(111));
  EXPECT_EQ(step_ready(s, {at_ms(10), false, 100ms, std::nullopt}), at_ms(11));
}

// An injection's trigger: no previous call, so `at` from the start, or the awaited return + delay.
TEST(StepSchedule, AnInjectionsTriggerHasNoPreviousCall) {
  EXPECT_EQ(trigger_ready(Trigger{1s, "", 0ms}, StepStart{}), at_ms(1000));
  EXPECT_EQ(trigger_ready(Trigger{std::nullopt, "client.close", 500ms},
                          StepStart{kTimeZero, false, 0ms, at_ms(512)}),
            at_ms(1012));
  EXPECT_EQ(trigger_ready(Trigger{std::nullopt, "client.close", 0ms},
                          StepStart{kTimeZero, false, 0ms, at_ms(7)}),
            at_ms(7));
}

TEST(StepSchedule, ARepeatedStepWaitsForTheSameRoundOfARepeatedAfterStep) {
  EXPECT_EQ(awaited_return_index(0, 12), 0u);
  EXPECT_EQ(awaited_return_index(5, 12), 5u);
  // The awaited step runs once (or fewer times): every round waits for its last return.
  EXPECT_EQ(awaited_return_index(5, 1), 0u);
  EXPECT_EQ(awaited_return_index(5, 3), 2u);
}

}  // namespace
}  // namespace tcplab::testing
