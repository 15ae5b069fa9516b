// The tail loss probe (RFC 8985 §7), as Linux 6.x sends it with tcp_early_retrans = 3: with SACK,
// 2*SRTT (+ TCP_TIMEOUT_MIN, or + TCP_RTO_MIN with one segment out) after the last segment with no
// ACK, new data if any fits, else the last segment again; one probe at a time, then the RTO
// (tcp_schedule_loss_probe, tcp_send_loss_probe). What Linux 6.18 sent is in docs/linux-facts.md
// ("The tail loss probe") and tests/packetdrill/scripts/tail-loss-probe.pkt.
#include "core/endpoint.h"
#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

class LossProbe : public EndpointTest {
 protected:
  LossProbe() { profile = linux_profile(); }

  // The peer as Linux with MSS 1000, 50 ms away; `sack_ok` says whether it offered SACK.
  void established_with(bool sack_ok) {
    established_with_linux_peer(50ms, sack_ok);
  }
  bool armed(TimerKind kind) const {
    for (const auto& t : fx.timers)
      if (t.kind == kind && t.action == TimerAction::Armed) return true;
    return false;
  }
};

TEST_F(LossProbe, ASilentTailGetsItsLastSegmentAgainAfterTwoRtts) {
  established_with(true);
  call_send(std::string(kSeg, 'd'));
  call_send(std::string(kSeg, 'd'));
  EXPECT_TRUE(armed(TimerKind::LossProbe));
  EXPECT_FALSE(armed(TimerKind::Retransmit));
  // 2 * 50 ms + TCP_TIMEOUT_MIN (8 ms), two segments out.
  ASSERT_TRUE(ep->poll_at());
  EXPECT_EQ(*ep->poll_at() - now, Duration{108ms});
  advance(107ms);
  expect_nothing_sent();
  advance(1ms);
  expect_segment(kPshAck, 1 + kSeg, 1);
  EXPECT_TRUE(fx.segments[0].retransmission);
  EXPECT_EQ(fx.segments[0].segment.payload_len(), kSeg);
  // Then the RTO, a whole one from now (SRTT 50 ms + 200 ms), and no second probe.
  EXPECT_TRUE(armed(TimerKind::Retransmit));
  EXPECT_EQ(*ep->poll_at() - now, Duration{250ms});
  advance(250ms);
  expect_segment(kPshAck, 1, 1);
}

TEST_F(LossProbe, OneSegmentOutWaitsForADelayedAckToo) {
  established_with(true);
  call_send(std::string(100, 'd'));
  // 2 * 50 ms + TCP_RTO_MIN (200 ms), capped by the RTO (250 ms).
  EXPECT_EQ(*ep->poll_at() - now, Duration{250ms});
  EXPECT_TRUE(armed(TimerKind::LossProbe));
}

TEST_F(LossProbe, NewDataGoesFirstEvenBeyondTheCongestionWindow) {
  established_with(true);
  call_send(std::string(11 * kSeg, 'd'));
  ASSERT_EQ(fx.segments.size(), 10u);  // IW10; the eleventh waits
  advance(108ms);
  expect_segment(kPshAck, 1 + 10 * kSeg, 1);
  EXPECT_FALSE(fx.segments[0].retransmission);
}

TEST_F(LossProbe, WithoutSackTheRtoAloneResends) {
  established_with(false);
  call_send(std::string(kSeg, 'd'));
  call_send(std::string(kSeg, 'd'));
  EXPECT_FALSE(armed(TimerKind::LossProbe));
  EXPECT_EQ(*ep->poll_at() - now, Duration{250ms});
  advance(250ms);
  expect_segment(kPshAck, 1, 1);
}

TEST_F(LossProbe, AnAckOfEverythingEndsIt) {
  established_with(true);
  call_send(std::string(kSeg, 'd'));
  call_send(std::string(kSeg, 'd'));
  now += 50ms;
  Segment ack = peer(kAck, 1, 1 + 2 * kSeg);
  ack.window = 512;
  ack.options.timestamps = TcpTimestamps{520, 0};
  arrive(ack);
  EXPECT_FALSE(ep->poll_at());
}

}  // namespace
}  // namespace tcplab::testing
