// The congestion window (RFC 5681), as Linux's Reno keeps it: ten segments in the first flight
// (TCP_INIT_CWND), slow start adding one segment per segment ACKed (tcp_slow_start), congestion
// avoidance one per window (tcp_cong_avoid_ai), and growth only while the window is what holds
// the sender back (tcp_is_cwnd_limited). What Linux 6.18 sent in the same exchange is in
// docs/linux-facts.md ("The congestion window") and tests/packetdrill/scripts/cwnd-slow-start.pkt.
#include "core/congestion_window.h"
#include "core/endpoint.h"
#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

class Cwnd : public EndpointTest {
 protected:
  Cwnd() { profile = linux_profile(); }

  // The peer as Linux with MSS 1000 and a window of 64 KB.
  void established_linux() {
    established_with_linux_peer(10ms, true);
  }
  Segment ack_of(std::uint32_t rel_ack) const {
    Segment s = peer(kAck, 1, rel_ack);
    s.window = 512;
    s.options.timestamps = TcpTimestamps{520, 0};
    return s;
  }
  // Relative sequence numbers of what the last input sent, and the payload of each.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sent() const {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    for (const auto& s : fx.segments) out.emplace_back(s.segment.seq.raw() - kOurIss, s.segment.payload_len());
    return out;
  }
  using Sent = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
};

TEST_F(Cwnd, TheFirstFlightIsTenSegmentsThenEachAckReleasesTwo) {
  established_linux();
  call_send(std::string(20 * kSeg, 'd'));
  ASSERT_EQ(fx.segments.size(), 10u);
  EXPECT_EQ(fx.segments.back().segment.seq.raw() - kOurIss, 1 + 9 * kSeg);
  now += 10ms;
  // Slow start: cwnd 11, nine in flight: two go.
  arrive(ack_of(1 + kSeg));
  EXPECT_EQ(sent(), (Sent{{1 + 10 * kSeg, kSeg}, {1 + 11 * kSeg, kSeg}}));
  arrive(ack_of(1 + 2 * kSeg));
  EXPECT_EQ(sent(), (Sent{{1 + 12 * kSeg, kSeg}, {1 + 13 * kSeg, kSeg}}));
  // An ACK of two segments: cwnd 14, eight in flight: four.
  arrive(ack_of(1 + 4 * kSeg));
  EXPECT_EQ(sent().size(), 4u);
}

TEST_F(Cwnd, TsoSegmentsCountAsTheirMssEach) {
  profile.tso_segs = 2;
  established_linux();
  call_send(std::string(20 * kSeg, 'd'));
  EXPECT_EQ(sent(), (Sent{{1, 2 * kSeg},
                          {1 + 2 * kSeg, 2 * kSeg},
                          {1 + 4 * kSeg, 2 * kSeg},
                          {1 + 6 * kSeg, 2 * kSeg},
                          {1 + 8 * kSeg, 2 * kSeg}}));
  now += 10ms;
  // One MSS ACKed: two MSS more, as one TSO segment.
  arrive(ack_of(1 + kSeg));
  EXPECT_EQ(sent(), (Sent{{1 + 10 * kSeg, 2 * kSeg}}));
}

TEST_F(Cwnd, AnApplicationLimitedSenderDoesNotGrowTheWindow) {
  established_linux();
  // One segment at a time, each ACKed: never more than one out of ten, so no growth.
  for (std::uint32_t i = 0; i < 20; ++i) {
    call_send(std::string(kSeg, 'd'));
    ASSERT_EQ(fx.segments.size(), 1u);
    now += 10ms;
    arrive(ack_of(1 + (i + 1) * kSeg));
  }
  call_send(std::string(20 * kSeg, 'd'));
  EXPECT_EQ(fx.segments.size(), 10u);
}

TEST_F(Cwnd, Rfc5681InitialWindowFollowsTheMss) {
  profile = rfc9293_profile();  // no timestamps: 1000-byte segments, IW 4 (RFC 5681 §3.1)
  syn_sent();
  Segment synack = peer(kSynAck, 0, 1);
  synack.options.mss = 1000;
  arrive(synack);
  call_send(std::string(10 * 1000, 'd'));
  EXPECT_EQ(fx.segments.size(), 4u);
  EXPECT_EQ(initial_window_segments(0, 1095), 4u);
  EXPECT_EQ(initial_window_segments(0, 1460), 3u);
  EXPECT_EQ(initial_window_segments(0, 2191), 2u);
}

// RFC 6298 §5.7: one SYN lost to a timeout and the window starts at one segment. Linux waits
// for a second resend (tests/packetdrill/scripts/cwnd-after-one-syn-resend.pkt and
// cwnd-after-lost-syn.pkt, what Linux 6.18 did).
TEST_F(Cwnd, AHandshakeLostToATimeoutStartsWithOneSegment) {
  profile = rfc9293_profile();
  syn_sent();
  advance_to(*ep->poll_at());
  ASSERT_EQ(fx.segments.size(), 1u);  // the SYN again
  Segment synack = peer(kSynAck, 0, 1);
  synack.options.mss = 1000;
  arrive(synack);
  call_send(std::string(4 * 1000, 'd'));
  EXPECT_EQ(sent(), (Sent{{1, 1000}}));
}

TEST_F(Cwnd, LinuxKeepsTheInitialWindowAfterOneSynResendAndDropsToOneAfterTwo) {
  for (const int resends : {1, 2}) {
    SCOPED_TRACE(resends);
    syn_sent();
    for (int i = 0; i < resends; ++i) advance_to(*ep->poll_at());
    Segment synack = peer(kSynAck, 0, 1);
    synack.options.mss = 1000;
    arrive(synack);
    call_send(std::string(4 * 1000, 'd'));
    EXPECT_EQ(sent().size(), resends == 1 ? 4u : 1u);
  }
}

TEST_F(Cwnd, AfterAnRtoEachAckResendsTheNextLostSegmentsInSlowStart) {
  // tests/packetdrill/scripts/cwnd-rto-go-back-n.pkt: ten segments, all lost; no SACK.
  syn_sent();
  now += 50ms;
  Segment synack = peer(kSynAck, 0, 1);
  synack.options.mss = 1000;
  synack.options.window_scale = 7;
  synack.options.timestamps = TcpTimestamps{500, ep->ts_val(kTimeZero)};
  arrive(synack);
  for (int i = 0; i < 10; ++i) call_send(std::string(kSeg, 'd'));
  // The RTO: SRTT 50 ms + TCP_RTO_MIN. Only the head goes, as it was sent (PSH: its own write).
  advance(250ms);
  EXPECT_EQ(sent(), (Sent{{1, kSeg}}));
  EXPECT_TRUE(fx.segments[0].segment.flags.psh());
  EXPECT_TRUE(fx.segments[0].retransmission);
  now += 50ms;
  // cwnd 2, ssthresh 5: the next two lost ones.
  arrive(ack_of(1 + kSeg));
  EXPECT_EQ(sent(), (Sent{{1 + kSeg, kSeg}, {1 + 2 * kSeg, kSeg}}));
  now += 50ms;
  arrive(ack_of(1 + 2 * kSeg));
  EXPECT_EQ(sent(), (Sent{{1 + 3 * kSeg, kSeg}, {1 + 4 * kSeg, kSeg}}));
  arrive(ack_of(1 + 3 * kSeg));
  EXPECT_EQ(sent(), (Sent{{1 + 5 * kSeg, kSeg}, {1 + 6 * kSeg, kSeg}}));
  now += 50ms;
  arrive(ack_of(1 + 4 * kSeg));  // cwnd 5 = ssthresh
  EXPECT_EQ(sent(), (Sent{{1 + 7 * kSeg, kSeg}, {1 + 8 * kSeg, kSeg}}));
  arrive(ack_of(1 + 5 * kSeg));  // congestion avoidance: cwnd stays 5
  EXPECT_EQ(sent(), (Sent{{1 + 9 * kSeg, kSeg}}));
  arrive(ack_of(1 + 6 * kSeg));
  expect_nothing_sent();
}

// tests/packetdrill/scripts/cwnd-restart-after-idle.pkt: a window grown past ten segments is cut
// back to ten by a second's silence, but not by a pause shorter than the RTO.
class CwndAfterIdle : public Cwnd {
 protected:
  // Twenty segments sent and ACKed in two flights: cwnd 20 or more, nothing in flight.
  void twenty_sent_and_acked() {
    established_linux();
    call_send(std::string(20 * kSeg, 'd'));
    now += 10ms;
    arrive(ack_of(1 + 10 * kSeg));  // cwnd 20: the other ten go
    ASSERT_EQ(fx.segments.size(), 10u);
    now += 10ms;
    arrive(ack_of(1 + 20 * kSeg));
  }
};

TEST_F(CwndAfterIdle, AWriteAfterMoreThanOneRtoIdleStartsAgainFromTheInitialWindow) {
  twenty_sent_and_acked();
  // Shorter than the RTO (10 ms SRTT + TCP_RTO_MIN): the window stays; twenty go at once.
  now += 100ms;
  call_send(std::string(20 * kSeg, 'd'));
  EXPECT_EQ(fx.segments.size(), 20u);
  now += 10ms;
  arrive(ack_of(1 + 40 * kSeg));
  // A second of silence: halved once per RTO, no lower than ten.
  now += 1s;
  call_send(std::string(24 * kSeg, 'd'));
  EXPECT_EQ(fx.segments.size(), 10u);
}

TEST_F(CwndAfterIdle, WithoutSlowStartAfterIdleTheWindowSurvivesTheSilence) {
  profile.slow_start_after_idle = false;  // net.ipv4.tcp_slow_start_after_idle = 0
  twenty_sent_and_acked();
  now += 1s;
  call_send(std::string(24 * kSeg, 'd'));
  EXPECT_EQ(fx.segments.size(), 20u);
}

TEST(CongestionWindow, RestartAfterIdleHalvesOncePerRtoDownToTheInitialWindow) {
  CongestionWindow w;
  w.start(10, SeqNum(1));
  w.on_transmit(true, 10, SeqNum(1), SeqNum(11));
  w.on_delivered(30);  // slow start: 40
  ASSERT_EQ(w.cwnd(), 40u);
  // 650 ms idle at RTO 200 ms: three halvings fit (450, 250, 50 ms left), 40 -> 5, floor 10.
  w.restart_after_idle(std::chrono::milliseconds(650), std::chrono::milliseconds(200), 10);
  EXPECT_EQ(w.cwnd(), 10u);
  EXPECT_EQ(w.ssthresh(), CongestionWindow::kInfiniteSsthresh);  // still slow start's
  // After a loss, tcp_current_ssthresh keeps at least 3/4 of the window: 30 -> 22 over 20.
  CongestionWindow t;
  t.start(10, SeqNum(1));
  t.on_transmit(true, 10, SeqNum(1), SeqNum(11));
  t.on_delivered(30);
  t.on_timeout(true, 0);  // ssthresh 20, cwnd 1
  t.on_transmit(true, 1, SeqNum(1), SeqNum(11));
  t.on_delivered(19);  // slow start to 20
  t.on_delivered(200);  // congestion avoidance: +10
  ASSERT_EQ(t.cwnd(), 30u);
  t.restart_after_idle(std::chrono::seconds(1), std::chrono::milliseconds(200), 10);
  EXPECT_EQ(t.ssthresh(), 22u);
  EXPECT_EQ(t.cwnd(), 10u);
  // A shorter idle halves less: 20 at 250 ms idle (one RTO passed, 50 ms over).
  CongestionWindow v;
  v.start(10, SeqNum(1));
  v.on_transmit(true, 10, SeqNum(1), SeqNum(11));
  v.on_delivered(30);
  v.restart_after_idle(std::chrono::milliseconds(250), std::chrono::milliseconds(200), 10);
  EXPECT_EQ(v.cwnd(), 20u);
  // A window already below the initial one is not raised.
  CongestionWindow u;
  u.start(4, SeqNum(1));
  u.restart_after_idle(std::chrono::seconds(5), std::chrono::milliseconds(200), 10);
  EXPECT_EQ(u.cwnd(), 4u);
}

TEST(CongestionWindow, SlowStartStopsAtSsthreshThenGrowsOnePerWindow) {
  CongestionWindow w;
  w.start(10, SeqNum(1));
  w.on_transmit(true, 10, SeqNum(1), SeqNum(11));
  w.on_timeout(true, 0);  // ssthresh 5, cwnd 1
  EXPECT_EQ(w.ssthresh(), 5u);
  EXPECT_EQ(w.cwnd(), 1u);
  w.on_transmit(true, 1, SeqNum(1), SeqNum(11));
  w.on_delivered(2);
  EXPECT_EQ(w.cwnd(), 3u);
  w.on_delivered(3);  // 2 to reach ssthresh 5, 1 toward the next
  EXPECT_EQ(w.cwnd(), 5u);
  EXPECT_FALSE(w.in_slow_start());
  w.on_delivered(3);
  EXPECT_EQ(w.cwnd(), 5u);
  w.on_delivered(1);  // five delivered at cwnd 5: +1
  EXPECT_EQ(w.cwnd(), 6u);
  // A later timeout of the same loss keeps ssthresh.
  w.on_timeout(false, 0);
  EXPECT_EQ(w.ssthresh(), 5u);
  EXPECT_EQ(w.cwnd(), 1u);
}

TEST(CongestionWindow, PrrSendsInProportionToWhatIsDeliveredThenEndsAtSsthresh) {
  // sack-prr.pkt's numbers: cwnd 10 when recovery begins, so ssthresh 5.
  CongestionWindow w;
  w.start(10, SeqNum(1));
  w.enter_recovery();
  EXPECT_EQ(w.ssthresh(), 5u);
  // The ACK that began it delivered one; eight in flight (above ssthresh): the hole only.
  w.reduce_in_recovery(1, 8, false, true);
  EXPECT_EQ(w.cwnd(), 9u);
  w.on_sent_in_recovery(1);
  // Each later SACK delivers one: (5 * delivered + 9) / 10 - sent lets one go per two.
  w.reduce_in_recovery(1, 8, false, false);
  EXPECT_EQ(w.cwnd(), 8u);
  w.reduce_in_recovery(1, 7, false, false);
  EXPECT_EQ(w.cwnd(), 8u);
  w.on_sent_in_recovery(1);
  // Below ssthresh it grows back towards it (PRR-SSRB): delivered 4 - sent 2, + 1 as SND.UNA
  // advanced; one in flight.
  w.reduce_in_recovery(1, 1, true, false);
  EXPECT_EQ(w.cwnd(), 4u);
  w.end_recovery();
  EXPECT_EQ(w.cwnd(), 5u);
}

TEST(CongestionWindow, QuotaIsAtMostHalfTheWindow) {
  CongestionWindow w;
  w.start(10, SeqNum(1));
  EXPECT_EQ(w.quota(0), 5u);
  EXPECT_EQ(w.quota(7), 3u);
  EXPECT_EQ(w.quota(10), 0u);
}

}  // namespace
}  // namespace tcplab::testing
