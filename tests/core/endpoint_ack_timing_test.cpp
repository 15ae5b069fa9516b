// When the receiver ACKs at once and when it waits (Linux's delayed-ACK engine: quick-ACK mode,
// pingpong mode, the 40 ms timer, the ACK of every second full segment, TCP_QUICKACK;
// RFC 1122 §4.2.3.2). The same steps as tests/packetdrill/scripts/delayed-ack.pkt, which the
// kernel passes too. Each test names the exact segments and when they leave.
#include <string>

#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {


class AckTimingTest : public EndpointTest {
 protected:
  void SetUp() override { profile = linux_profile(); }
  // The connection has received `request` and answered it 10 ms later: pingpong mode.
  void interactive() {
    established();
    arrive(peer(kPshAck, 1, 1, "request"));
    expect_segment(kAck, 1, 8);  // quick-ACK mode: at once
    EXPECT_EQ(call_read(100), "request");
    now += 10ms;
    call_send("answer");
    expect_segment(kPshAck, 1, 8);
    EXPECT_TRUE(ep->in_pingpong()) << "an answer within the ATO (tcp_event_data_sent)";
    now += 10ms;
    arrive(peer(kAck, 8, 7));
    expect_nothing_sent();
  }
  void call_quickack(bool on) {
    fx.clear();
    ep->set_quickack(now, on, fx);
  }
};

TEST_F(AckTimingTest, TheFirstDataIsAckedAtOnceInQuickAckMode) {
  established();
  arrive(peer(kPshAck, 1, 1, "hello"));
  expect_segment(kAck, 1, 6);
  EXPECT_FALSE(ep->poll_at());
  EXPECT_EQ(ep->ato(), 40ms) << "TCP_ATO_MIN from the first data (tcp_event_data_recv)";
  EXPECT_EQ(ep->quick_acks_left(), 15) << "16 (TCP_MAX_QUICKACKS), one used";
}

TEST_F(AckTimingTest, OnceInteractiveTheNextRequestIsAckedFortyMillisecondsLater) {
  interactive();
  now += 100ms;
  const Instant arrived = now;
  arrive(peer(kPshAck, 8, 7, "again"));
  expect_nothing_sent();
  ASSERT_TRUE(ep->poll_at());
  EXPECT_EQ(*ep->poll_at(), arrived + 40ms);
  advance(40ms);
  expect_segment(kAck, 7, 13);
  EXPECT_FALSE(ep->in_pingpong()) << "the timer fired in pingpong mode: it is left";
  // So the next request is ACKed at once again (quick ACKs are left).
  now += 100ms;
  arrive(peer(kPshAck, 13, 7, "third"));
  expect_segment(kAck, 7, 18);
}

TEST_F(AckTimingTest, AnAnswerCarriesTheDelayedAck) {
  interactive();
  now += 100ms;
  arrive(peer(kPshAck, 8, 7, "again"));
  expect_nothing_sent();
  now += 5ms;
  call_send("reply");
  expect_segment(kPshAck, 7, 13);
  advance(40ms);
  expect_nothing_sent();  // the answer carried the ACK: no bare ACK follows
}

TEST_F(AckTimingTest, TwoFullSegmentsAreAckedWhenTheApplicationReadsThem) {
  interactive();
  now += 100ms;
  arrive(peer(kAck, 8, 7, std::string(1000, 'x')));
  expect_nothing_sent();
  now += 10ms;
  arrive(peer(kAck, 1008, 7, std::string(1000, 'y')));
  expect_nothing_sent();  // the window does not grow while they wait unread
  now += 10ms;
  EXPECT_EQ(call_read(4000).size(), 2000u);
  expect_segment(kAck, 7, 2008);  // tcp_cleanup_rbuf: more than one rcv_mss unacknowledged
}

TEST_F(AckTimingTest, UnreadFullSegmentsWaitForTheTimerOfTheFirst) {
  interactive();
  now += 100ms;
  const Instant first = now;
  arrive(peer(kAck, 8, 7, std::string(1000, 'x')));
  now += 10ms;
  arrive(peer(kAck, 1008, 7, std::string(1000, 'y')));
  ASSERT_TRUE(ep->poll_at());
  EXPECT_EQ(*ep->poll_at(), first + 40ms) << "the second does not push the deadline later";
  advance_to(first + 40ms);
  expect_segment(kAck, 7, 2008);
}

TEST_F(AckTimingTest, WhenQuickAcksRunOutTheAckWaitsAndReadingSendsIt) {
  established();
  std::uint32_t seq = 1;
  for (int i = 0; i < 16; ++i) {
    now += 100ms;
    arrive(peer(kPshAck, seq, 1, "x"));
    seq += 1;
    expect_segment(kAck, 1, seq);
  }
  EXPECT_EQ(ep->quick_acks_left(), 0);
  now += 100ms;
  arrive(peer(kPshAck, seq, 1, "x"));
  expect_nothing_sent();
  // tcp_cleanup_rbuf: a short segment, not interactive, and the read empties the buffer.
  EXPECT_EQ(call_read(100).size(), 17u);
  expect_segment(kAck, 1, seq + 1);
}

TEST_F(AckTimingTest, InPingpongModeReadingDoesNotSendTheAck) {
  interactive();
  now += 100ms;
  arrive(peer(kPshAck, 8, 7, "again"));
  EXPECT_EQ(call_read(100), "again");
  expect_nothing_sent();
}

TEST_F(AckTimingTest, TcpQuickackSendsTheOwedAckAndLeavesPingpongMode) {
  interactive();
  now += 100ms;
  arrive(peer(kPshAck, 8, 7, "again"));
  EXPECT_EQ(call_read(100), "again");
  call_quickack(true);
  expect_segment(kAck, 7, 13);
  EXPECT_FALSE(ep->in_pingpong());
  call_quickack(false);
  EXPECT_TRUE(ep->in_pingpong()) << "TCP_QUICKACK 0 enters pingpong mode";
}

TEST_F(AckTimingTest, DataAlreadyReceivedBringsBackQuickAcks) {
  interactive();
  now += 100ms;
  arrive(peer(kPshAck, 1, 7, "request"));  // a retransmission: our ACK was lost
  expect_segment(kAck, 7, 8);
  EXPECT_FALSE(ep->in_pingpong()) << "tcp_send_dupack -> tcp_enter_quickack_mode";
  now += 100ms;
  arrive(peer(kPshAck, 8, 7, "again"));
  expect_segment(kAck, 7, 13);
}

TEST_F(AckTimingTest, TheDelayGrowsWithTheRttWhenTheTimerFiresOutsidePingpong) {
  // A 100 ms round trip: the SYN,ACK comes 100 ms after the SYN (SRTT 100 ms).
  syn_sent();
  now += 100ms;
  arrive(peer(TcpFlag::Syn | TcpFlag::Ack, 0, 1));
  std::uint32_t seq = 1;
  for (int i = 0; i < 16; ++i) {
    now += 200ms;  // below the RTO (300 ms): no return to quick-ACK mode
    arrive(peer(kPshAck, seq, 1, "x"));
    seq += 1;
  }
  now += 200ms;
  arrive(peer(kPshAck, seq, 1, "x"));
  seq += 1;
  ASSERT_TRUE(ep->poll_at());
  EXPECT_EQ(*ep->poll_at(), now + 40ms);
  advance(40ms);
  expect_segment(kAck, 1, seq);
  EXPECT_EQ(ep->ato(), 80ms) << "the timer fired outside pingpong: ATO doubled";
  now += 200ms;
  arrive(peer(kPshAck, seq, 1, "x"));
  ASSERT_TRUE(ep->poll_at());
  EXPECT_EQ(*ep->poll_at(), now + 80ms) << "min(ATO, SRTT): 80 ms";
}

TEST_F(AckTimingTest, TheRfcProfileAcksEverySegmentAtOnce) {
  profile = rfc9293_profile();
  established();
  arrive(peer(kPshAck, 1, 1, "request"));
  expect_segment(kAck, 1, 8);
  now += 10ms;
  call_send("answer");
  now += 10ms;
  arrive(peer(kAck, 8, 7));
  now += 100ms;
  arrive(peer(kPshAck, 8, 7, "again"));
  expect_segment(kAck, 7, 13);
}

}  // namespace
}  // namespace tcplab::testing
