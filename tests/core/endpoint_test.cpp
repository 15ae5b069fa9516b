// Endpoint tests, grouped by state (RFC 9293 §3.3.2). Each: given this state, this input
// arrives; expect exactly these segments and this state. Relative numbers: our ISN is 0, the
// peer's ISN is 0, as tcpdump would print them.
#include "core/endpoint.h"

#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

// ---- Tests for the SYN-SENT state ----------------------------------------------------------

using SynSent = EndpointTest;

TEST_F(SynSent, ActiveOpenSendsSyn) {
  syn_sent();
  expect_state(TcpState::SynSent);
  expect_transition(TcpState::Closed, TcpState::SynSent);
  expect_segment(kSyn, 0, 0);
  EXPECT_EQ(ep->poll_at(), now + 1s);  // RFC 6298 §2.1: initial RTO 1 s
}

TEST_F(SynSent, SynAckCompletesTheHandshake) {
  syn_sent();
  arrive(peer(kSynAck, 0, 1));
  expect_state(TcpState::Established);
  expect_segment(kAck, 1, 1);
  EXPECT_FALSE(ep->poll_at());  // nothing outstanding, no timer
}

TEST_F(SynSent, SynWithoutAckIsSimultaneousOpen) {
  syn_sent();
  arrive(peer(kSyn, 0, 0));
  expect_state(TcpState::SynReceived);
  expect_segment(kSynAck, 0, 1);
}

TEST_F(SynSent, RstWithAcceptableAckMeansConnectionRefused) {
  syn_sent();
  arrive(peer(kRstAck, 0, 1));
  expect_state(TcpState::Closed);
  expect_nothing_sent();
  EXPECT_EQ(fx.error, Errno::ConnectionRefused);
}

TEST_F(SynSent, RstWithoutAckIsIgnored) {
  syn_sent();
  arrive(peer(kRst, 0, 0));
  expect_state(TcpState::SynSent);
  expect_nothing_sent();
  expect_rejected(VerdictCode::SynSentRstWithoutAck);
}

TEST_F(SynSent, UnacceptableAckIsAnsweredWithRstAtThatAck) {
  syn_sent();
  arrive(peer(kSynAck, 0, 7));
  expect_state(TcpState::SynSent);
  expect_segment(kRst, 7, 0);
  expect_rejected(VerdictCode::SynSentUnacceptableAckRst);
}

TEST_F(SynSent, SynIsRetransmittedWithExponentialBackoff) {
  syn_sent();
  advance(1s);
  expect_segment(kSyn, 0, 0);
  EXPECT_TRUE(fx.segments[0].retransmission);
  EXPECT_EQ(ep->poll_at(), now + 2s);  // RFC 6298 §5.5: the timer doubles
  advance(2s);
  expect_segment(kSyn, 0, 0);
  EXPECT_EQ(ep->poll_at(), now + 4s);
}

TEST_F(SynSent, GivesUpWithEtimedoutAfterSynRetries) {
  profile.syn_retries = 2;
  syn_sent();
  advance(1s);
  advance(2s);
  expect_state(TcpState::SynSent);
  advance(4s);
  expect_state(TcpState::Closed);
  expect_nothing_sent();
  EXPECT_EQ(fx.error, Errno::TimedOut);
  expect_cause(StateCause::RetransmissionLimit, 2);  // the two retries the profile allows
}

// Linux 6.x (tcp_retransmit_timer): the first tcp_syn_linear_timeouts resends keep the 1 s RTO.
TEST_F(SynSent, LinuxResendsLinearlyThenDoubles) {
  profile = linux_profile();  // tcp_syn_linear_timeouts = 4
  syn_sent();
  for (int resend = 1; resend <= 4; ++resend) {
    advance(1s);
    expect_segment(kSyn, 0, 0);
    EXPECT_EQ(ep->poll_at(), now + 1s) << "after resend " << resend;
  }
  advance(1s);
  expect_segment(kSyn, 0, 0);
  EXPECT_EQ(ep->poll_at(), now + 2s);  // total_rto 5 > 4: now it doubles
  advance(2s);
  EXPECT_EQ(ep->poll_at(), now + 4s);
}

// Linux's retransmits_timed_out: 1 retry "takes" (2^2 - 1) x 1 s, so SYN-SENT gives up 3 s after
// its first SYN although tcp_syn_retries + tcp_syn_linear_timeouts would allow a third resend.
TEST_F(SynSent, LinuxGivesUpByTheClockBeforeTheCount) {
  profile = linux_profile();
  profile.syn_retries = 1;
  profile.syn_linear_timeouts = 2;
  syn_sent();
  advance(1s);
  advance(1s);
  expect_segment(kSyn, 0, 0);
  expect_state(TcpState::SynSent);
  advance(1s);
  expect_state(TcpState::Closed);
  expect_nothing_sent();
  EXPECT_EQ(fx.error, Errno::TimedOut);
  expect_cause(StateCause::RetransmissionLimit, 2);  // the resends it made
}

// An unacceptable ACK before any resend: Linux sends the SYN again after TCP_TIMEOUT_MIN
// (Profile::timeout_min, 8 ms); RFC 9293 §3.10.7.3 only answers with RST and keeps its RTO.
TEST_F(SynSent, UnacceptableAckBringsTheSynForwardOnLinuxOnly) {
  syn_sent();
  arrive(peer(kSynAck, 0, 7));
  EXPECT_EQ(ep->poll_at(), kTimeZero + 1s);
  profile = linux_profile();
  syn_sent();
  arrive(peer(kSynAck, 0, 7));
  EXPECT_EQ(ep->poll_at(), now + 8ms);
}

TEST_F(SynSent, CloseDeletesTheConnectionSilently) {
  syn_sent();
  call_close();
  expect_state(TcpState::Closed);
  expect_nothing_sent();
}

// ---- Tests for the SYN-RECEIVED state ------------------------------------------------------

using SynReceived = EndpointTest;

TEST_F(SynReceived, PassiveOpenAnswersWithSynAck) {
  syn_received();
  expect_transition(TcpState::Listen, TcpState::SynReceived);
  expect_segment(kSynAck, 0, 1);
}

TEST_F(SynReceived, AckOfOurSynEstablishes) {
  syn_received();
  arrive(peer(kAck, 1, 1));
  expect_state(TcpState::Established);
  expect_nothing_sent();
}

TEST_F(SynReceived, RetransmittedSynGetsTheSynAckAgain) {
  syn_received();
  arrive(peer(kSyn, 0, 0));
  expect_state(TcpState::SynReceived);
  expect_segment(kSynAck, 0, 1);
  EXPECT_TRUE(fx.segments[0].retransmission);
}

TEST_F(SynReceived, RstRemovesTheHalfOpenConnection) {
  syn_received();
  arrive(peer(kRst, 1, 0));
  expect_state(TcpState::Closed);
  expect_nothing_sent();
}

TEST_F(SynReceived, UnacceptableAckIsAnsweredWithRst) {
  syn_received();
  arrive(peer(kAck, 1, 9));
  expect_state(TcpState::SynReceived);
  expect_segment(kRst, 9, 0);
}

TEST_F(SynReceived, CloseSendsFin) {
  syn_received();
  call_close();
  expect_state(TcpState::FinWait1);
  expect_segment(kFinAck, 1, 1);
}

TEST_F(SynReceived, SynAckIsRetransmittedUntilAcked) {
  syn_received();
  advance(1s);
  expect_segment(kSynAck, 0, 1);
  EXPECT_TRUE(fx.segments[0].retransmission);
}

// ---- Tests for the ESTABLISHED state -------------------------------------------------------

using Established = EndpointTest;

TEST_F(Established, DataIsAcknowledgedAndQueuedForTheApplication) {
  established();
  arrive(peer(kPshAck, 1, 1, "hello"));
  expect_state(TcpState::Established);
  expect_segment(kAck, 1, 6);
  EXPECT_EQ(ep->unread_bytes(), 5u);
  EXPECT_EQ(call_read(100), "hello");
}

TEST_F(Established, SendTransmitsAtOnceAndArmsTheRetransmissionTimer) {
  established();
  call_send("abc");
  expect_segment(kPshAck, 1, 1);
  EXPECT_EQ(fx.segments[0].segment.payload, "abc");
  EXPECT_EQ(ep->poll_at(), now + 1s);
  arrive(peer(kAck, 1, 4));
  EXPECT_FALSE(ep->poll_at());
  EXPECT_EQ(ep->unsent_or_unacked_bytes(), 0u);
}

TEST_F(Established, LostDataIsRetransmittedFromSndUna) {
  profile = linux_profile();
  established();
  call_send("abc");
  advance(200ms);  // Linux: RTO = SRTT + max(4*RTTVAR, 200 ms); SRTT is 0 here
  expect_segment(kPshAck, 1, 1);
  EXPECT_TRUE(fx.segments[0].retransmission);
  EXPECT_EQ(fx.segments[0].segment.payload, "abc");
  EXPECT_EQ(ep->poll_at(), now + 400ms);
}

TEST_F(Established, FinMovesToCloseWaitAndIsAcked) {
  established();
  arrive(peer(kFinAck, 1, 1));
  expect_state(TcpState::CloseWait);
  expect_segment(kAck, 1, 2);
  EXPECT_TRUE(ep->peer_fin_received());
}

TEST_F(Established, LinuxDelaysTheAckOfAFinByATickWhenNoDataCame) {
  profile = linux_profile();
  established();
  arrive(peer(kFinAck, 1, 1));
  expect_state(TcpState::CloseWait);
  expect_nothing_sent();
  EXPECT_EQ(ep->poll_at(), now + 4ms);  // the delayed-ACK engine starts with the first data
  advance(4ms);
  expect_segment(kAck, 1, 2);
}

TEST_F(Established, LinuxDelaysTheAckOfAFinBy40msAfterData) {
  profile = linux_profile();
  established();
  arrive(peer(kPshAck, 1, 1, "hi"));
  arrive(peer(kFinAck, 3, 1));
  expect_state(TcpState::CloseWait);
  expect_nothing_sent();
  EXPECT_EQ(ep->poll_at(), now + 40ms);  // TCP_ATO_MIN
  advance(40ms);
  expect_segment(kAck, 1, 4);
}

TEST_F(Established, LinuxFinRidesOnTheDelayedAckWhenTheAppClosesAtOnce) {
  // Why Linux often closes in three segments (LINUX-FACTS.md): F., F., .
  profile = linux_profile();
  established();
  arrive(peer(kFinAck, 1, 1));
  advance(2ms);
  expect_nothing_sent();
  call_close();
  expect_state(TcpState::LastAck);
  expect_segment(kFinAck, 1, 2);
}

TEST_F(Established, CloseSendsFinAndMovesToFinWait1) {
  established();
  call_close();
  expect_state(TcpState::FinWait1);
  expect_segment(kFinAck, 1, 1);
}

TEST_F(Established, RstAtRcvNxtResetsTheConnection) {
  established();
  arrive(peer(kRstAck, 1, 1));
  expect_state(TcpState::Closed);
  expect_nothing_sent();
  EXPECT_EQ(fx.error, Errno::ConnectionReset);
}

TEST_F(Established, RstInWindowButNotAtRcvNxtGetsAChallengeAck) {
  established();
  arrive(peer(kRst, 100, 0));
  expect_state(TcpState::Established);
  expect_segment(kAck, 1, 1);
  expect_rejected(VerdictCode::RstNotAtRcvNxt);
}

TEST_F(Established, RstInWindowResetsWithoutChallengeAcksWhenTheProfileSaysSo) {
  profile.challenge_ack = false;
  established();
  arrive(peer(kRst, 100, 0));
  expect_state(TcpState::Closed);
}

TEST_F(Established, RstOutsideTheWindowIsIgnored) {
  established();
  arrive(peer(kRst, 100000, 0));
  expect_state(TcpState::Established);
  expect_nothing_sent();
  expect_rejected(VerdictCode::RstOutsideWindow);
}

TEST_F(Established, SynGetsAChallengeAck) {
  established();
  arrive(peer(kSyn, 1, 0));
  expect_state(TcpState::Established);
  expect_segment(kAck, 1, 1);
  expect_rejected(VerdictCode::SynChallengeAck);
  EXPECT_EQ(fx.verdict.args.state, TcpState::Established);
}

TEST_F(Established, OldDuplicateDataIsAckedAgainAndNotDeliveredTwice) {
  established();
  arrive(peer(kPshAck, 1, 1, "hi"));
  arrive(peer(kPshAck, 1, 1, "hi"));
  expect_segment(kAck, 1, 3);
  expect_rejected(VerdictCode::OutsideWindow);
  EXPECT_EQ(ep->unread_bytes(), 2u);
}

TEST_F(Established, OutOfOrderDataGetsADuplicateAck) {
  established();
  arrive(peer(kPshAck, 10, 1, "late"));
  expect_segment(kAck, 1, 1);
  expect_rejected(VerdictCode::OutOfOrder);
  EXPECT_EQ(fx.verdict.args.first, kPeerIss + 1);    // RCV.NXT
  EXPECT_EQ(fx.verdict.args.second, kPeerIss + 10);  // the segment's SEQ
  EXPECT_EQ(ep->unread_bytes(), 0u);
}

TEST_F(Established, AckOfUnsentDataIsAnsweredWithAck) {
  established();
  arrive(peer(kAck, 1, 50));
  expect_segment(kAck, 1, 1);
  expect_rejected(VerdictCode::AckOfUnsentData);
}

TEST_F(Established, SegmentWithoutAckIsDropped) {
  established();
  arrive(peer(TcpFlag::Psh, 1, 0, "x"));
  expect_nothing_sent();
  expect_rejected(VerdictCode::NoAckBit);
}

// ---- Tests for the FIN-WAIT-1 state --------------------------------------------------------

using FinWait1 = EndpointTest;

TEST_F(FinWait1, AckOfOurFinMovesToFinWait2) {
  fin_wait_1();
  arrive(peer(kAck, 1, 2));
  expect_state(TcpState::FinWait2);
  expect_nothing_sent();
}

TEST_F(FinWait1, FinWithoutAckOfOursMeansSimultaneousCloseThroughClosing) {
  fin_wait_1();
  arrive(peer(kFinAck, 1, 1));
  expect_state(TcpState::Closing);
  expect_segment(kAck, 2, 2);
}

TEST_F(FinWait1, FinThatAlsoAcksOurFinGoesToTimeWait) {
  fin_wait_1();
  arrive(peer(kFinAck, 1, 2));
  expect_transition(TcpState::FinWait1, TcpState::FinWait2);
  expect_transition(TcpState::FinWait2, TcpState::TimeWait);
  expect_state(TcpState::TimeWait);
  expect_segment(kAck, 2, 2);
}

TEST_F(FinWait1, FinIsRetransmittedWithBackoff) {
  fin_wait_1();
  advance(1s);
  expect_segment(kFinAck, 1, 1);
  EXPECT_TRUE(fx.segments[0].retransmission);
  advance(2s);
  expect_segment(kFinAck, 1, 1);
}

TEST_F(FinWait1, OrphanGivesUpAfterOrphanRetries) {
  profile.orphan_retries = 1;
  fin_wait_1();
  advance(1s);
  advance(2s);
  expect_state(TcpState::Closed);
  expect_nothing_sent();
}

TEST_F(FinWait1, DataStillArrivesAndIsAckedAfterShutdown) {
  established();
  call_shutdown();
  arrive(peer(kPshAck, 1, 1, "more"));
  expect_segment(kAck, 2, 5);
  EXPECT_EQ(ep->unread_bytes(), 4u);
}

// ---- Tests for the FIN-WAIT-2 state --------------------------------------------------------

using FinWait2 = EndpointTest;

TEST_F(FinWait2, FinMovesToTimeWaitAndIsAcked) {
  fin_wait_2();
  arrive(peer(kFinAck, 1, 2));
  expect_state(TcpState::TimeWait);
  expect_segment(kAck, 2, 2);
}

TEST_F(FinWait2, OrphanIsRemovedAfterTcpFinTimeout) {
  profile = linux_profile();
  fin_wait_2();
  EXPECT_EQ(ep->poll_at(), now + 60s);
  advance(60s);
  expect_state(TcpState::Closed);
  expect_nothing_sent();
  expect_cause(StateCause::FinWait2Timeout);
}

TEST_F(FinWait2, HalfClosedSocketWaitsForeverForThePeer) {
  profile = linux_profile();
  established();
  call_shutdown();
  arrive(peer(kAck, 1, 2));
  expect_state(TcpState::FinWait2);
  EXPECT_FALSE(ep->poll_at());  // tcp_fin_timeout applies to orphans only
}

TEST_F(FinWait2, DataForAClosedSocketIsAnsweredWithRst) {
  fin_wait_2();
  arrive(peer(kPshAck, 1, 2, "late"));
  expect_state(TcpState::Closed);
  expect_segment(kRst, 2, 0);
}

// ---- Tests for the CLOSE-WAIT state --------------------------------------------------------

using CloseWait = EndpointTest;

TEST_F(CloseWait, CloseSendsFinAndMovesToLastAck) {
  last_ack();
  expect_state(TcpState::LastAck);
  expect_segment(kFinAck, 1, 2);
}

TEST_F(CloseWait, RetransmittedFinIsAckedAgain) {
  close_wait();
  arrive(peer(kFinAck, 1, 1));
  expect_state(TcpState::CloseWait);
  expect_segment(kAck, 1, 2);
}

TEST_F(CloseWait, DataAfterThePeersFinIsIgnored) {
  close_wait();
  arrive(peer(kPshAck, 2, 1, "x"));
  expect_nothing_sent();
  expect_rejected(VerdictCode::DataAfterFin);
}

TEST_F(CloseWait, SendingStillWorks) {
  close_wait();
  call_send("bye");
  expect_segment(kPshAck, 1, 2);
}

// ---- Tests for the CLOSING state -----------------------------------------------------------

using Closing = EndpointTest;

TEST_F(Closing, AckOfOurFinMovesToTimeWait) {
  closing();
  arrive(peer(kAck, 2, 2));
  expect_state(TcpState::TimeWait);
  expect_nothing_sent();
}

TEST_F(Closing, FinIsRetransmittedUntilAcked) {
  closing();
  advance(1s);
  expect_segment(kFinAck, 1, 2);
}

// ---- Tests for the LAST-ACK state ----------------------------------------------------------

using LastAck = EndpointTest;

TEST_F(LastAck, AckOfOurFinCloses) {
  last_ack();
  arrive(peer(kAck, 2, 2));
  expect_state(TcpState::Closed);
  expect_nothing_sent();
  EXPECT_FALSE(ep->poll_at());
}

TEST_F(LastAck, FinIsRetransmittedWhenTheLastAckIsLost) {
  profile = linux_profile();
  last_ack();
  advance(200ms);
  expect_segment(kFinAck, 1, 2);
  EXPECT_TRUE(fx.segments[0].retransmission);
  advance(400ms);
  expect_segment(kFinAck, 1, 2);
}

TEST_F(LastAck, RstClosesWithoutAnErrorForTheApplication) {
  last_ack();
  arrive(peer(kRst, 2, 0));
  expect_state(TcpState::Closed);
  EXPECT_FALSE(fx.error);
}

// ---- ABORT (§3.10.5): SO_LINGER {1, 0}, unread data ----------------------------------------

using Abort = EndpointTest;

TEST_F(Abort, InEstablishedSendsRstAckAtSndNxtAndCloses) {
  established();
  fx.clear();
  ep->abort(now, StateCause::CloseWithLingerZero, fx);
  expect_state(TcpState::Closed);
  expect_cause(StateCause::CloseWithLingerZero);
  expect_segment(kRstAck, 1, 1);
  EXPECT_FALSE(ep->poll_at());
}

TEST_F(Abort, InSynSentSendsNothing) {
  syn_sent();
  fx.clear();
  ep->abort(now, StateCause::CloseWithUnreadData, fx, 5);
  expect_cause(StateCause::CloseWithUnreadData, 5);
  expect_state(TcpState::Closed);
  expect_nothing_sent();
}

}  // namespace
}  // namespace tcplab::testing
