#include "gui/time_fold.h"

#include <vector>

#include <gtest/gtest.h>

namespace tcplab::gui {
namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kS = 1'000 * kMs;

TEST(TimeFold, WithoutLongGapsIsTheIdentity) {
  const std::vector<std::int64_t> activity{0, 10 * kMs, 20 * kMs, 220 * kMs};
  const TimeFold fold = TimeFold::from_activity(activity, FoldPolicy{});
  EXPECT_TRUE(fold.breaks().empty());
  EXPECT_EQ(fold.fold(123 * kMs), 123 * kMs);
  EXPECT_EQ(fold.unfold(123 * kMs), 123 * kMs);
}

TEST(TimeFold, SixtySecondsOfTimeWaitBecomeOneShortBreak) {
  // The last ACK at 170 ms, the TIME-WAIT timer firing at 60.17 s.
  const std::vector<std::int64_t> activity{0, 170 * kMs, 180 * kMs, 60 * kS + 170 * kMs};
  const FoldPolicy policy;
  const TimeFold fold = TimeFold::from_activity(activity, policy);
  ASSERT_EQ(fold.breaks().size(), 1u);
  const IdleBreak& b = fold.breaks()[0];
  EXPECT_EQ(b.start_ns, 180 * kMs + to_ns(policy.kept_each_side));
  EXPECT_EQ(b.end_ns, 60 * kS + 170 * kMs - to_ns(policy.kept_each_side));
  // Before the break nothing moves; after it, time is shifted by what the break saved.
  EXPECT_EQ(fold.fold(100 * kMs), 100 * kMs);
  const std::int64_t saved = b.real_length_ns() - b.folded_length_ns;
  EXPECT_EQ(fold.fold(60 * kS + 170 * kMs), 60 * kS + 170 * kMs - saved);
  EXPECT_LT(fold.fold(60 * kS + 170 * kMs), 1 * kS);  // the whole lesson fits in under a second
  EXPECT_NE(fold.break_at(30 * kS), nullptr);
  EXPECT_EQ(fold.break_at(100 * kMs), nullptr);
}

TEST(TimeFold, FoldIsMonotonicAndUnfoldInvertsIt) {
  const std::vector<std::int64_t> activity{0, 5 * kS, 6 * kS, 70 * kS};
  const TimeFold fold = TimeFold::from_activity(activity, FoldPolicy{});
  ASSERT_EQ(fold.breaks().size(), 3u);
  std::int64_t previous = -1;
  for (std::int64_t t = 0; t <= 70 * kS; t += 250 * kMs) {
    const std::int64_t f = fold.fold(t);
    EXPECT_GE(f, previous) << "at t=" << t;
    previous = f;
    EXPECT_NEAR(static_cast<double>(fold.unfold(f)), static_cast<double>(t), 1e3 * kMs)
        << "inside a break the inverse is approximate (one folded ns stands for many)";
    if (!fold.break_at(t)) {
      EXPECT_EQ(fold.unfold(f), t);
    }
  }
}

TEST(TimeFold, ALoopbackBurstIsSpreadToTheMinimumStepAndIdleTimeStillFolds) {
  // The kernel on loopback: SYN, SYN-ACK, ACK 20 us apart; a state seen at the ACK's instant;
  // FIN 100 ms later; then 60 s of TIME-WAIT.
  constexpr std::int64_t kUs = 1'000;
  const std::vector<std::int64_t> activity{0, 20 * kUs, 40 * kUs, 40 * kUs, 100 * kMs, 60 * kS};
  FoldPolicy policy;
  policy.min_step = std::chrono::milliseconds(1);
  const TimeFold fold = TimeFold::from_activity(activity, policy);
  EXPECT_EQ(fold.fold(0), 0);
  EXPECT_EQ(fold.fold(20 * kUs), 1 * kMs) << "20 us drawn as 1 ms";
  EXPECT_EQ(fold.fold(40 * kUs), 2 * kMs);
  // A gap over the step keeps its length; instants at the same time stay together.
  EXPECT_EQ(fold.fold(100 * kMs) - fold.fold(40 * kUs), 100 * kMs - 40 * kUs);
  EXPECT_LT(fold.fold(60 * kS), 1 * kS) << "TIME-WAIT is still folded";
  // The spread stretches are not idle breaks: nothing is drawn as "~ later ~" there.
  EXPECT_EQ(fold.break_at(10 * kUs), nullptr);
  EXPECT_NE(fold.break_at(30 * kS), nullptr);
  for (std::int64_t t : {std::int64_t{0}, 10 * kUs, 20 * kUs, 30 * kUs, 40 * kUs, 50 * kMs}) {
    EXPECT_NEAR(static_cast<double>(fold.unfold(fold.fold(t))), static_cast<double>(t), 1.0) << t;
  }
  EXPECT_EQ(TimeFold::from_activity(activity, FoldPolicy{}).fold(40 * kUs), 40 * kUs)
      << "without a minimum step nothing is spread";
}

// Two FINs sent at 1 s, each arriving at 1.01 s: their flights are folded to the policy's
// crossing_flight, so the arrows are drawn as an X with room for labels; time elsewhere keeps
// its length, and the fold still inverts.
TEST(TimeFold, CrossingFlightsGetRoom) {
  const std::vector<std::int64_t> activity{0, 1 * kS, 1 * kS, 1 * kS + 5 * kMs,
                                           1 * kS + 10 * kMs, 1 * kS + 10 * kMs, 1 * kS + 100 * kMs};
  const std::vector<RealSpan> crossing{{1 * kS, 1 * kS + 10 * kMs}, {1 * kS, 1 * kS + 10 * kMs}};
  const FoldPolicy policy;
  const TimeFold fold = TimeFold::from_activity(activity, policy, crossing);
  const std::int64_t flight = fold.fold(1 * kS + 10 * kMs) - fold.fold(1 * kS);
  EXPECT_GE(flight, to_ns(policy.crossing_flight));
  EXPECT_LE(flight, to_ns(policy.crossing_flight) + 2) << "no more room than asked";
  EXPECT_EQ(fold.fold(1 * kS + 100 * kMs) - fold.fold(1 * kS + 10 * kMs), 90 * kMs)
      << "after the flight, time keeps its length";
  EXPECT_EQ(fold.break_at(1 * kS + 5 * kMs), nullptr) << "a flight is no idle break";
  for (std::int64_t t : {1 * kS, 1 * kS + 3 * kMs, 1 * kS + 5 * kMs, 1 * kS + 10 * kMs}) {
    EXPECT_NEAR(static_cast<double>(fold.unfold(fold.fold(t))), static_cast<double>(t), 2.0) << t;
  }
  const TimeFold plain = TimeFold::from_activity(activity, policy);
  EXPECT_EQ(plain.fold(1 * kS + 10 * kMs) - plain.fold(1 * kS), 10 * kMs)
      << "without crossing flights nothing is stretched";
}

}  // namespace
}  // namespace tcplab::gui
