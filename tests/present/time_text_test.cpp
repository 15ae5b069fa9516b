#include "present/time_text.h"

#include <gtest/gtest.h>

namespace tcplab::present {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(DurationText, PicksTheUnitThatKeepsTheNumberAtLeastOne) {
  EXPECT_EQ(duration_text(seconds(60)), "60 s");
  EXPECT_EQ(duration_text(milliseconds(440)), "440 ms");
  EXPECT_EQ(duration_text(microseconds(250)), "250 us");
  EXPECT_EQ(duration_text(nanoseconds(7)), "7 ns");
  EXPECT_EQ(duration_text(Duration{0}), "0 s");
}

TEST(DurationText, KeepsSixDigitsSoEveryStepOfATraceStaysApart) {
  EXPECT_EQ(duration_text(milliseconds(1204)), "1.204 s");
  EXPECT_EQ(duration_text(microseconds(180040)), "180.04 ms");
  EXPECT_EQ(duration_text(milliseconds(60110)), "60.11 s");
  EXPECT_EQ(duration_text(nanoseconds(1'234'567'800)), "1.23457 s");
}

TEST(DurationText, NegativeDurationsKeepTheirSign) {
  EXPECT_EQ(duration_text(milliseconds(-5)), "-5 ms");
}

TEST(RoundedDurationText, ThreeDigitsForAReaderNotALog) {
  EXPECT_EQ(rounded_duration_text(microseconds(59'964'000)), "60 s");
  EXPECT_EQ(rounded_duration_text(milliseconds(1250)), "1.25 s");
  EXPECT_EQ(rounded_duration_text(milliseconds(440)), "440 ms");
  EXPECT_EQ(rounded_duration_text(microseconds(1'234'567)), "1.23 s");
  EXPECT_EQ(rounded_duration_text(seconds(240)), "240 s");
}

TEST(RoundedDurationText, WholeUnitsFromTenUpAsATeacherSaysThem) {
  EXPECT_EQ(rounded_duration_text(microseconds(60'000'500)), "60 s");  // not "60.0005 s"
  EXPECT_EQ(rounded_duration_text(microseconds(759'852)), "760 ms");   // not "759.852 ms"
  EXPECT_EQ(rounded_duration_text(milliseconds(42'340)), "42 s");      // not "42.3 s"
  EXPECT_EQ(rounded_duration_text(milliseconds(99'600)), "100 s");
  EXPECT_EQ(rounded_duration_text(microseconds(4'530)), "4.53 ms");
}

TEST(RoundedDurationText, RoundingUpChangesTheUnitInsteadOfPrintingAThousand) {
  EXPECT_EQ(rounded_duration_text(microseconds(999'960)), "1 s");
  EXPECT_EQ(rounded_duration_text(nanoseconds(999'700)), "1 ms");
}

TEST(InstantText, IsTheExactTimeSinceTheStart) {
  EXPECT_EQ(instant_text(kTimeZero), "0 s");
  EXPECT_EQ(instant_text(kTimeZero + milliseconds(100)), "100 ms");
  EXPECT_EQ(instant_text(kTimeZero + milliseconds(2999)), "2.999 s");
}

}  // namespace
}  // namespace tcplab::present
