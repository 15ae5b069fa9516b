// Tests for the TIME-WAIT state: what tcp_timewait_state_process would decide.
#include "core/time_wait.h"

#include <gtest/gtest.h>

namespace tcplab {
namespace {

using namespace std::chrono_literals;

struct TimeWaitTest : ::testing::Test {
  Profile profile = linux_profile();
  TimeWaitRecord tw{kTimeZero + 60s, SeqNum(1002), SeqNum(5002), 1, 65535, false};
  Instant now = kTimeZero + 1s;
  // The same record as a connection with timestamps leaves it: TS.Recent 1040, taken at 0 s.
  void with_timestamps() {
    tw.timestamps = true;
    tw.ts_recent = 1040;
    tw.ts_recent_stamp = 0;
  }
  Segment stamped(Segment s, std::uint32_t tsval) const {
    s.options.timestamps = TcpTimestamps{tsval, 5040};
    return s;
  }
  Segment from_peer(TcpFlags flags, std::uint32_t seq, std::uint32_t ack = 1002) const {
    Segment s;
    s.seq = SeqNum(seq);
    s.ack = SeqNum(ack);
    s.flags = flags;
    return s;
  }
};

TEST_F(TimeWaitTest, RetransmittedFinIsAckedAgainAndRestartsTheTimer) {
  // The peer never got our last ACK: its FIN (seq RCV.NXT-1) comes again.
  const auto out = process_in_time_wait(tw, from_peer(TcpFlag::Fin | TcpFlag::Ack, 5001), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ack);
  EXPECT_TRUE(out.restart_timer);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitFinAcked);
  const Segment ack = time_wait_ack(tw, {{Ipv4{1}, 1}, {Ipv4{2}, 2}}, kTimeZero);
  EXPECT_EQ(tcpdump_flags(ack.flags), ".");
  EXPECT_EQ(ack.seq, SeqNum(1002));
  EXPECT_EQ(ack.ack, SeqNum(5002));
  EXPECT_TRUE(ack.options.empty());  // the connection had no timestamps
}

TEST_F(TimeWaitTest, TheAckCarriesTimestampsWhenTheConnectionHadThem) {
  // tcp_v4_timewait_ack: TSval from the connection's clock and offset, TSecr = tw_ts_recent.
  tw.timestamps = true;
  tw.ts_offset = 1000;
  tw.ts_recent = 4242;
  const Segment ack =
      time_wait_ack(tw, {{Ipv4{1}, 1}, {Ipv4{2}, 2}}, kTimeZero + std::chrono::milliseconds(60));
  EXPECT_EQ(tcpdump_options(ack.options), "nop,nop,TS val 1060 ecr 4242");
}

TEST_F(TimeWaitTest, RstAtRcvNxtAssassinatesTheRecord) {
  const auto out = process_in_time_wait(tw, from_peer(TcpFlag::Rst, 5002), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Kill);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitAssassinated);
  EXPECT_EQ(verdict_of(out.decision), Verdict::Accepted);
}

TEST_F(TimeWaitTest, Rfc1337ProtectionIgnoresTheRst) {
  profile.rfc1337 = true;
  const auto out = process_in_time_wait(tw, from_peer(TcpFlag::Rst, 5002), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ignore);
  // tcp_timewait_state_process reschedules only for a bare ACK (the `else` of `th->rst`); an
  // injected RST alone leaves the kernel's deadline unchanged (KernelInjection.*).
  EXPECT_FALSE(out.restart_timer);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitRstIgnored);
  EXPECT_EQ(reject_code_of(out.decision), RejectCode::TimeWaitRstIgnored);
}

TEST_F(TimeWaitTest, RstOutsideTheWindowIsIgnored) {
  const auto out = process_in_time_wait(tw, from_peer(TcpFlag::Rst, 9999), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ignore);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitRstOutsideWindow);
}

TEST_F(TimeWaitTest, NewSynWithHigherSequenceOpensANewIncarnation) {
  const auto out = process_in_time_wait(tw, from_peer(TcpFlag::Syn, 90000, 0), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::NewSyn);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitNewSyn);
  ASSERT_TRUE(out.new_isn);
  EXPECT_EQ(*out.new_isn, SeqNum(1002 + 65537));  // above anything the old incarnation sent
}

TEST_F(TimeWaitTest, OldSynIsAnsweredWithAckNotANewConnection) {
  const auto out = process_in_time_wait(tw, from_peer(TcpFlag::Syn, 4000, 0), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ack);
  EXPECT_FALSE(out.restart_timer);  // an ACK-less SYN does not restart the timer
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitOldSyn);
}

TEST_F(TimeWaitTest, NewSynIsRefusedWhenTheProfileDoesNotAllowReopening) {
  profile.time_wait_accepts_new_syn = false;
  const auto out = process_in_time_wait(tw, from_peer(TcpFlag::Syn, 90000, 0), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ack);
}

TEST_F(TimeWaitTest, InWindowBareAckRestartsTheTimerSilently) {
  const auto out = process_in_time_wait(tw, from_peer(TcpFlag::Ack, 5002), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ignore);
  EXPECT_TRUE(out.restart_timer);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitAckRestartsTimer);
}

TEST_F(TimeWaitTest, OldDuplicateDataIsAcked) {
  Segment s = from_peer(TcpFlag::Psh | TcpFlag::Ack, 4990);
  s.payload = "stale";
  const auto out = process_in_time_wait(tw, s, profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ack);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitOutsideWindow);
}

// With timestamps, tcp_timewait_state_process judges segments by TS.Recent first (PAWS, RFC 7323
// §5); each case below was run on Linux 6.18 as a packetdrill script first
// (tests/packetdrill/scripts/time-wait-*.pkt).

TEST_F(TimeWaitTest, AnAckAtRcvNxtWithAnOlderTimestampIsRejectedByPawsAndAnswered) {
  with_timestamps();
  const auto out = process_in_time_wait(tw, stamped(from_peer(TcpFlag::Ack, 5002), 1000), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ack);
  EXPECT_TRUE(out.restart_timer);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitPawsAcked);
  EXPECT_FALSE(out.ts_recent);  // TS.Recent stays 1040
  EXPECT_EQ(out.last_oow_ack, std::optional<std::uint32_t>(1000));
}

TEST_F(TimeWaitTest, AnAckAtRcvNxtWithANewerTimestampMovesTsRecentSilently) {
  with_timestamps();
  const auto out = process_in_time_wait(tw, stamped(from_peer(TcpFlag::Ack, 5002), 1060), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ignore);
  EXPECT_TRUE(out.restart_timer);
  EXPECT_EQ(out.ts_recent, std::optional<std::uint32_t>(1060));
}

TEST_F(TimeWaitTest, TimestampsAreNotReadWhenTheConnectionHadNone) {
  // tw.timestamps is false: an old TSval on the segment changes nothing.
  const auto out = process_in_time_wait(tw, stamped(from_peer(TcpFlag::Ack, 5002), 1), profile, now);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitAckRestartsTimer);
  EXPECT_FALSE(out.ts_recent);
}

TEST_F(TimeWaitTest, ASynBelowRcvNxtWithANewerTimestampOpensANewIncarnation) {
  with_timestamps();
  const auto out = process_in_time_wait(tw, stamped(from_peer(TcpFlag::Syn, 4000, 0), 2000), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::NewSyn);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitNewSynNewerTimestamp);
  EXPECT_EQ(out.new_isn, std::optional<SeqNum>(SeqNum(1002 + 65537)));
}

TEST_F(TimeWaitTest, ASynAboveRcvNxtWithAnOlderTimestampIsAnOldDuplicate) {
  with_timestamps();
  const auto out = process_in_time_wait(tw, stamped(from_peer(TcpFlag::Syn, 90000, 0), 900), profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ack);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitPawsAcked);
  EXPECT_TRUE(out.restart_timer);  // paws_reject restarts it even without an ACK bit
}

TEST_F(TimeWaitTest, AnRstWithAnOlderTimestampIsDroppedUntilTsRecentIsSixtySecondsOld) {
  with_timestamps();
  const Segment rst = stamped(from_peer(TcpFlag::Rst, 5002), 1000);
  auto out = process_in_time_wait(tw, rst, profile, now);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ignore);
  EXPECT_FALSE(out.restart_timer);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitPawsRstDropped);
  // TCP_PAWS_MSL later, the RST's cleanup takes precedence: the record is assassinated.
  out = process_in_time_wait(tw, rst, profile, kTimeZero + 60s);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Kill);
}

TEST_F(TimeWaitTest, OutOfWindowAcksForBareAcksAndSynsAreRateLimited) {
  with_timestamps();
  tw.last_oow_ack = 1000;  // an ACK went out at 1 s
  const Segment old_ack = stamped(from_peer(TcpFlag::Ack, 5002), 1000);
  auto out = process_in_time_wait(tw, old_ack, profile, kTimeZero + 1499ms);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ignore);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitAckRateLimited);
  EXPECT_TRUE(out.restart_timer);
  out = process_in_time_wait(tw, old_ack, profile, kTimeZero + 1500ms);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ack);
  // A FIN is never an ACK loop's segment: it is answered at once.
  out = process_in_time_wait(tw, from_peer(TcpFlag::Fin | TcpFlag::Ack, 5001), profile,
                             kTimeZero + 1100ms);
  EXPECT_EQ(out.decision, VerdictCode::TimeWaitFinAcked);
  // The RFC's profile answers every one.
  Profile rfc = rfc9293_profile();
  out = process_in_time_wait(tw, from_peer(TcpFlag::Ack, 4000), rfc, kTimeZero + 1100ms);
  EXPECT_EQ(out.verdict, TimeWaitVerdict::Ack);
}

}  // namespace
}  // namespace tcplab
