#include "core/profile.h"

#include <gtest/gtest.h>

namespace tcplab {

TEST(Profile, Rfc9293IsTheTextbook) {
  const Profile p = rfc9293_profile();
  EXPECT_EQ(p.time_wait_length(), 240s);  // 2 * MSL, MSL = 2 min
  EXPECT_EQ(p.rto_initial, 1s);
  EXPECT_EQ(p.delayed_ack, 0s);
}

TEST(Profile, LinuxHoldsTimeWaitSixtySeconds) {
  const Profile p = linux_profile();
  EXPECT_EQ(p.time_wait_length(), 60s);  // TCP_TIMEWAIT_LEN, whatever the MSL
  EXPECT_EQ(p.rto_min, 200ms);
  EXPECT_EQ(p.fin_wait2_timeout, 60s);
  EXPECT_EQ(p.tw_reuse, 2);
  EXPECT_TRUE(p.rst_on_close_with_unread_data);
}

TEST(Profile, KnobsOverride) {
  Profile p = rfc9293_profile();
  EXPECT_FALSE(set_knob(p, "msl", "30s"));
  EXPECT_EQ(p.time_wait_length(), 60s);
  EXPECT_FALSE(set_knob(p, "time_wait", "5s"));
  EXPECT_EQ(p.time_wait_length(), 5s);
  EXPECT_FALSE(set_knob(p, "time_wait", "2msl"));
  EXPECT_EQ(p.time_wait_length(), 60s);
  EXPECT_FALSE(set_knob(p, "ip_local_port_range", "40000-40009"));
  EXPECT_EQ(p.ephemeral_low, 40000);
  EXPECT_EQ(p.ephemeral_high, 40009);
  EXPECT_EQ(get_knob(p, "ip_local_port_range"), "40000-40009");
  EXPECT_FALSE(set_knob(p, "tcp_tw_reuse", "1"));
  EXPECT_EQ(p.tw_reuse, 1);
  EXPECT_EQ(get_knob(p, "rto_min"), "1s");
}

TEST(Profile, BadKnobsSayWhatIsWrong) {
  Profile p = linux_profile();
  auto unknown = set_knob(p, "msll", "1s");
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->find("unknown knob 'msll'"), std::string::npos);
  auto bad_duration = set_knob(p, "msl", "soon");
  ASSERT_TRUE(bad_duration);
  EXPECT_NE(bad_duration->find("wants a duration"), std::string::npos);
  EXPECT_TRUE(set_knob(p, "tcp_tw_reuse", "3"));
  EXPECT_TRUE(set_knob(p, "ip_local_port_range", "50000-40000"));
}

TEST(Duration, ParsesLessonSpelling) {
  EXPECT_EQ(parse_duration("200ms"), 200ms);
  EXPECT_EQ(parse_duration("1.5s"), 1500ms);
  EXPECT_EQ(parse_duration("2min"), 120s);
  EXPECT_EQ(parse_duration("0"), 0s);
  EXPECT_EQ(parse_duration("500us"), 500us);
  EXPECT_FALSE(parse_duration("5"));
  EXPECT_FALSE(parse_duration("ms"));
  EXPECT_FALSE(parse_duration("-1s"));
  EXPECT_FALSE(parse_duration("1e400s"));
}

}  // namespace tcplab
