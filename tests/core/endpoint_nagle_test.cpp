// Nagle's algorithm (RFC 896, RFC 9293 §3.7.4; Linux tcp_nagle_test): a segment smaller than the
// MSS waits while sent data is unacknowledged, unless TCP_NODELAY; a FIN is never held. Each test
// names the exact segments, payload included.
#include <string>

#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

class Nagle : public EndpointTest {
 protected:
  // Exactly one data segment: flags, relative seq, and its bytes.
  void expect_data(TcpFlags flags, std::uint32_t rel_seq, const std::string& payload,
                   std::uint32_t rel_ack = 1) const {
    expect_segment(flags, rel_seq, rel_ack);
    if (fx.segments.size() == 1) {
      EXPECT_EQ(fx.segments[0].segment.payload, payload);
      EXPECT_FALSE(fx.segments[0].retransmission);
    }
  }
  void call_nodelay(bool on) {
    fx.clear();
    ep->set_nodelay(now, on, fx);
  }
  const TcpFlags data_flags = TcpFlag::Psh | TcpFlag::Ack;
};

TEST_F(Nagle, SecondSmallWriteWaitsForTheAckOfTheFirst) {
  established();
  call_send("a");
  expect_data(data_flags, 1, "a");
  call_send("b");
  expect_nothing_sent();
  EXPECT_EQ(ep->snd_nxt().raw() - kOurIss, 2u) << "the held byte has no sequence number yet";
  now += 10ms;
  arrive(peer(TcpFlag::Ack, 1, 2));
  expect_data(data_flags, 2, "b");
}

TEST_F(Nagle, HeldWritesLeaveTogetherInOneSegment) {
  established();
  call_send("a");
  call_send("b");
  call_send("c");
  expect_nothing_sent();
  arrive(peer(TcpFlag::Ack, 1, 2));
  expect_data(data_flags, 2, "bc");
}

TEST_F(Nagle, WithTcpNodelayBothSmallWritesLeaveAtOnce) {
  established();
  call_nodelay(true);
  expect_nothing_sent();
  call_send("a");
  expect_data(data_flags, 1, "a");
  call_send("b");
  expect_data(data_flags, 2, "b");
}

TEST_F(Nagle, SettingTcpNodelaySendsWhatWasHeld) {
  established();
  call_send("a");
  call_send("b");
  expect_nothing_sent();
  call_nodelay(true);  // __tcp_sock_set_nodelay -> tcp_push_pending_frames
  expect_data(data_flags, 2, "b");
}

TEST_F(Nagle, TheFinIsNeverHeldAndTakesTheHeldBytesWithIt) {
  established();
  call_send("a");
  call_send("b");
  call_close();
  expect_data(TcpFlag::Fin | TcpFlag::Psh | TcpFlag::Ack, 2, "b");
  expect_state(TcpState::FinWait1);
}

TEST_F(Nagle, AFullSegmentIsNeverHeldOnlyTheSmallRemainder) {
  established();
  call_send("a");
  const std::uint32_t mss = ep->send_mss();
  call_send(std::string(mss + 1, 'x'));
  expect_data(TcpFlag::Ack, 2, std::string(mss, 'x'));
  arrive(peer(TcpFlag::Ack, 1, 2 + mss));
  expect_data(data_flags, 2 + mss, "x");
}

TEST_F(Nagle, DataHeldInCloseWaitLeavesWithTheAck) {
  close_wait();
  // The peer's FIN took its sequence number 1: our segments acknowledge 2.
  call_send("a");
  expect_data(data_flags, 1, "a", 2);
  call_send("b");
  expect_nothing_sent();
  arrive(peer(TcpFlag::Ack, 2, 2));
  expect_data(data_flags, 2, "b", 2);
}

// RFC 896 holds a small segment while *any* data is unacknowledged; Linux's Minshall variant
// (tcp_minshall_check) only while a *small* one is, so a small write after a full segment goes.
TEST_F(Nagle, AfterAFullSegmentTheRfcHoldsASmallWriteAndLinuxSendsIt) {
  for (bool minshall : {false, true}) {
    SCOPED_TRACE(minshall ? "linux (Minshall)" : "rfc9293 (RFC 896)");
    profile.nagle_minshall = minshall;
    now = kTimeZero;
    established();
    const std::uint32_t mss = ep->send_mss();
    call_send(std::string(mss, 'x'));
    expect_data(data_flags, 1, std::string(mss, 'x'));
    call_send("a");
    if (minshall) {
      expect_data(data_flags, 1 + mss, "a");
    } else {
      expect_nothing_sent();
    }
  }
}

TEST_F(Nagle, TheProfileKnobTurnsItOff) {
  profile.nagle = false;
  established();
  call_send("a");
  call_send("b");
  expect_data(data_flags, 2, "b");
}

TEST(NagleProfiles, BothProfilesUseNagleAndOnlyLinuxMinshalls) {
  EXPECT_TRUE(rfc9293_profile().nagle);
  EXPECT_FALSE(rfc9293_profile().nagle_minshall);
  EXPECT_TRUE(linux_profile().nagle);
  EXPECT_TRUE(linux_profile().nagle_minshall);
}

TEST_F(Nagle, ATsoSegmentEndingTheQueueLeavesItsPartialMssBehind) {
  // tcp_mss_split_point: the last partial MSS of a multi-MSS segment is cut off when Nagle would
  // hold it alone (here the byte sent before is unacknowledged and smaller than the MSS).
  profile.tso_segs = 2;
  established();  // the peer's SYN had no MSS option: 536 bytes
  call_send("a");
  expect_data(data_flags, 1, "a");
  call_send(std::string(600, 'y'));
  expect_data(TcpFlag::Ack, 2, std::string(536, 'y'));
  now += 10ms;
  arrive(peer(TcpFlag::Ack, 1, 538));
  expect_data(data_flags, 538, std::string(64, 'y'));
}

}  // namespace
}  // namespace tcplab::testing
