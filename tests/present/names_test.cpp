// State names, timer names and labels, and the translation hook.
#include <gtest/gtest.h>

#include "present/state_name.h"
#include "present/timer_label.h"

namespace tcplab::present {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
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
  EXPECT_EQ(timer_span_label({TimerKind::TimeWait, 0, seconds(60), TimerEnding::Fired, std::nullopt}),
            "TIME-WAIT 60 s");
  EXPECT_EQ(timer_span_label({TimerKind::TimeWait, 0, seconds(60), TimerEnding::Pending,
                              microseconds(59'964'000)}),
            "TIME-WAIT, 60 s left");
  EXPECT_EQ(
      timer_span_label({TimerKind::Retransmit, 1, seconds(1), TimerEnding::Cancelled, std::nullopt}),
      "retransmit #2 1 s, cancelled");
}

TEST(TimerSpanLabel, ARestartedTimeWaitSaysRestartedNotCancelled) {
  EXPECT_EQ(
      timer_span_label({TimerKind::TimeWait, 0, seconds(60), TimerEnding::Restarted, std::nullopt}),
      "TIME-WAIT 60 s, restarted");
}

TEST(TimerSpanLabel, TheFirstRetransmitThatFiredIsNumberedSoTheBackoffShows) {
  EXPECT_EQ(timer_span_label(
                {TimerKind::Retransmit, 0, milliseconds(220), TimerEnding::Fired, std::nullopt}),
            "retransmit #1 220 ms");
  EXPECT_EQ(timer_span_label(
                {TimerKind::Retransmit, 1, milliseconds(440), TimerEnding::Fired, std::nullopt}),
            "retransmit #2 440 ms");
  // The everyday one, cancelled by its ACK, has no number: there is no backoff to show.
  EXPECT_EQ(timer_span_label({TimerKind::Retransmit, 0, milliseconds(220), TimerEnding::Cancelled,
                              std::nullopt}),
            "retransmit 220 ms, cancelled");
}

TimerEvent timer(const char* endpoint, TimerKind kind, TimerAction action) {
  TimerEvent t;
  t.host = "client";
  t.endpoint = endpoint;
  t.timer = kind;
  t.action = action;
  return t;
}

TEST(TimerEnding, ACancelAndARearmAtTheSameInstantAreOneRestart) {
  EventLog log;
  const Instant t0 = kTimeZero + milliseconds(410);
  log.push_back(t0, timer("client#1", TimerKind::TimeWait, TimerAction::Cancelled));
  log.push_back(t0, timer("client#1", TimerKind::TimeWait, TimerAction::Armed));
  EXPECT_EQ(timer_ending_at(log, 0), TimerEnding::Restarted);
}

TEST(TimerEnding, ACancelFollowedByAnotherSocketsOrALaterArmIsACancel) {
  EventLog log;
  const Instant t0 = kTimeZero + milliseconds(410);
  log.push_back(t0, timer("client#1", TimerKind::TimeWait, TimerAction::Cancelled));
  log.push_back(t0, timer("client#2", TimerKind::TimeWait, TimerAction::Armed));
  log.push_back(t0, timer("client#1", TimerKind::Retransmit, TimerAction::Armed));
  log.push_back(t0 + milliseconds(1), timer("client#1", TimerKind::TimeWait, TimerAction::Armed));
  EXPECT_EQ(timer_ending_at(log, 0), TimerEnding::Cancelled);
  log.push_back(t0 + milliseconds(2), timer("client#1", TimerKind::TimeWait, TimerAction::Fired));
  EXPECT_EQ(timer_ending_at(log, 4), TimerEnding::Fired);
}

}  // namespace
}  // namespace tcplab::present
