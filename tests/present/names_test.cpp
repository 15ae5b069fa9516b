// State names, timer names and labels, and the translation hook.
#include <gtest/gtest.h>

#include "present/state_name.h"
#include "present/timer_label.h"

namespace tcplab::present {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

TEST(StateName, RfcThenSsThenNetstatSpelling) {
  EXPECT_EQ(state_name(TcpState::TimeWait), "TIME-WAIT");
  EXPECT_EQ(short_state_name(TcpState::Established), "ESTAB");
  EXPECT_EQ(netstat_state_name(TcpState::FinWait1), "FIN_WAIT1");
}

TEST(TimerName, TheWordsEveryViewUses) {
  EXPECT_EQ(timer_name(TimerKind::Retransmit), "retransmit");
  EXPECT_EQ(timer_name(TimerKind::DelayedAck), "delayed ACK");
  EXPECT_EQ(timer_name(TimerKind::TimeWait), "TIME-WAIT");
  EXPECT_EQ(timer_name(TimerKind::FinWait2), "FIN-WAIT-2");
  EXPECT_EQ(timer_name(TimerKind::Linger), "linger");
  EXPECT_EQ(timer_action_name(TimerAction::Cancelled), "cancelled");
}

TEST(SsTimerName, WhatSsDashOPrints) {
  EXPECT_EQ(ss_timer_name(TimerKind::Retransmit), "on");
  EXPECT_EQ(ss_timer_name(TimerKind::DelayedAck), "delack");
  EXPECT_EQ(ss_timer_name(TimerKind::TimeWait), "timewait");
  EXPECT_EQ(ss_timer_name(TimerKind::FinWait2), "timewait");
}

TEST(TimerSpanLabel, LengthOrRoundedCountdown) {
  EXPECT_EQ(timer_span_label({TimerKind::TimeWait, 0, seconds(60), false, std::nullopt}),
            "TIME-WAIT 60 s");
  EXPECT_EQ(
      timer_span_label({TimerKind::TimeWait, 0, seconds(60), false, microseconds(59'964'000)}),
      "TIME-WAIT, 60 s left");
  EXPECT_EQ(timer_span_label({TimerKind::Retransmit, 1, seconds(1), true, std::nullopt}),
            "retransmit #2 1 s, cancelled");
}

}  // namespace
}  // namespace tcplab::present
