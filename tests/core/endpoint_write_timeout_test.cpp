// When Linux gives up on unacknowledged data (write_timeout.h): tcp_retries2 as a time from the
// first resend (retransmits_timed_out, tcp_model_timeout), and TCP_USER_TIMEOUT, which cuts the
// last RTO or zero-window probe wait short to end on time. Each test names the exact instants,
// segments and causes.
#include "core/write_timeout.h"
#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

TEST(ModelTimeout, IsTheSumOfTheBackedOffWaitsUpToTheCap) {
  EXPECT_EQ(model_timeout(2, 200ms, 120s), 1400ms);   // 200 + 400 + 800
  EXPECT_EQ(model_timeout(3, 1s, 120s), 15s);         // tcp_syn_retries = 3
  EXPECT_EQ(model_timeout(15, 200ms, 120s), 924600ms);  // the default: 924.6 s
}

TEST(ClampRto, EndsTheWaitWhenTheUserTimeoutDoes) {
  const Instant first = kTimeZero + 200ms;
  EXPECT_EQ(clamp_rto_to_user_timeout(800ms, kTimeZero + 600ms, first, 1s), 600ms);
  EXPECT_EQ(clamp_rto_to_user_timeout(200ms, kTimeZero + 600ms, first, 1s), 200ms);
  EXPECT_EQ(clamp_rto_to_user_timeout(800ms, kTimeZero + 600ms, first, Duration{0}), 800ms);
  EXPECT_EQ(clamp_rto_to_user_timeout(800ms, kTimeZero + 2s, first, 1s), Duration{1});
}

TEST(ClampProbe0, NeverBelowTimeoutMin) {
  const Instant first = kTimeZero;
  EXPECT_EQ(clamp_probe0_to_user_timeout(400ms, kTimeZero + 200ms, first, 500ms, 8ms), 300ms);
  EXPECT_EQ(clamp_probe0_to_user_timeout(400ms, kTimeZero + 499ms, first, 500ms, 8ms), 8ms);
  EXPECT_EQ(clamp_probe0_to_user_timeout(400ms, kTimeZero + 200ms, std::nullopt, 500ms, 8ms),
            400ms);
}

class WriteTimeout : public EndpointTest {
 protected:
  WriteTimeout() { profile = linux_profile(); }
  // ESTABLISHED with one RTT sample of `rtt`: Linux's RTO is then RTT + max(200 ms, 2 x RTT).
  void established_after(Duration rtt) {
    syn_sent();
    now += rtt;
    arrive(peer(TcpFlag::Syn | TcpFlag::Ack, 0, 1));
  }
  void set_user_timeout(Duration d) {
    SocketOptions o = ep->options();
    o.user_timeout = d;
    fx.clear();
    ep->set_options(now, o, fx);
  }
  void expect_resend_of_x() const {
    expect_segment(TcpFlag::Psh | TcpFlag::Ack, 1, 1);
    ASSERT_EQ(fx.segments.size(), 1u);
    EXPECT_TRUE(fx.segments[0].retransmission);
  }
  void expect_given_up(StateCause cause, std::uint32_t count) const {
    expect_nothing_sent();  // tcp_write_err: no RST
    expect_transition(TcpState::Established, TcpState::Closed);
    expect_cause(cause, count);
    EXPECT_EQ(fx.error, Errno::TimedOut);
  }
};

TEST_F(WriteTimeout, Retries2GivesUpAfterFewerResendsWhenTheRtoIsLong) {
  profile.data_retries = 2;  // 1.4 s from the first resend
  established_after(500ms);  // RTO 1.5 s
  call_send("x");
  advance(1500ms);
  expect_resend_of_x();
  advance(3s - 1ns);
  expect_nothing_sent();
  advance(1ns);
  expect_given_up(StateCause::RetransmissionLimit, 1);
}

TEST_F(WriteTimeout, Retries2ResendsMoreOftenWhenTheRtoIsShort) {
  profile.data_retries = 2;
  established();  // RTT 0: RTO 200 ms
  call_send("x");
  advance(200ms);  // first resend: the clock starts
  expect_resend_of_x();
  advance(400ms);
  expect_resend_of_x();
  advance(800ms);  // 1.2 s after the first resend: below 1.4 s, a third resend
  expect_resend_of_x();
  advance(1600ms);
  expect_given_up(StateCause::RetransmissionLimit, 3);
}

TEST_F(WriteTimeout, TheUserTimeoutCutsTheLastRtoShort) {
  established();
  set_user_timeout(1s);
  call_send("x");
  advance(200ms);
  expect_resend_of_x();
  advance(400ms);
  expect_resend_of_x();
  // 800 ms would pass the user timeout: the timer fires 1 s after the first resend instead.
  ASSERT_TRUE(ep->poll_at().has_value());
  EXPECT_EQ(*ep->poll_at(), kTimeZero + 1200ms);
  advance(600ms);
  expect_given_up(StateCause::UserTimeout, 1000);
}

TEST_F(WriteTimeout, TheUserTimeoutOutlastsRetries2) {
  profile.data_retries = 1;  // 600 ms
  established();
  set_user_timeout(1s);
  call_send("x");
  advance(200ms);
  advance(400ms);
  advance(400ms);  // 800 ms after the first resend: retries2 alone would have given up
  EXPECT_EQ(rfc_name(ep->state()), rfc_name(TcpState::Established));
  advance(200ms);
  expect_given_up(StateCause::UserTimeout, 1000);
}

// TCP_USER_TIMEOUT on a connecting socket: the clock runs out long before tcp_syn_retries (6)
// would, the second wait is cut to the 500 ms left, and the cause is the user timeout.
TEST_F(WriteTimeout, AUserTimeoutEndsSynSentByTheClock) {
  syn_sent();
  set_user_timeout(1500ms);
  advance(1s);
  expect_segment(TcpFlag::Syn, 0, 0);
  EXPECT_TRUE(fx.segments[0].retransmission);
  ASSERT_TRUE(ep->poll_at().has_value());
  EXPECT_EQ(*ep->poll_at(), kTimeZero + 1500ms);
  advance(500ms);
  expect_nothing_sent();
  expect_transition(TcpState::SynSent, TcpState::Closed);
  expect_cause(StateCause::UserTimeout, 1500);
  EXPECT_EQ(fx.error, Errno::TimedOut);
}

TEST_F(WriteTimeout, AnAckStopsTheClock) {
  profile.data_retries = 2;
  established();
  call_send("x");
  advance(200ms);
  advance(400ms);
  now += 10ms;
  arrive(peer(TcpFlag::Ack, 1, 2));
  call_send("y");
  advance(200ms);  // a new first resend: the clock starts again
  advance(400ms);
  advance(800ms);
  EXPECT_EQ(rfc_name(ep->state()), rfc_name(TcpState::Established));
}

TEST_F(WriteTimeout, ZeroWindowProbesGiveUpAtTheUserTimeoutThoughAnswered) {
  syn_sent();
  Segment syn_ack = peer(TcpFlag::Syn | TcpFlag::Ack, 0, 1);
  syn_ack.window = 0;
  arrive(syn_ack);
  set_user_timeout(500ms);
  call_send("x");
  advance(200ms);  // the first probe: the user timeout counts from here
  expect_segment(TcpFlag::Ack, 0, 1);
  now += 10ms;
  Segment still_closed = peer(TcpFlag::Ack, 1, 1);
  still_closed.window = 0;
  arrive(still_closed);  // answered, still closed: the next probe waits 400 ms from now
  ASSERT_TRUE(ep->poll_at().has_value());
  EXPECT_EQ(*ep->poll_at(), now + 400ms);
  advance(400ms);
  expect_segment(TcpFlag::Ack, 0, 1);
  // 410 ms after the first probe: the next wait (800 ms) is cut to the 90 ms left, then it gives up.
  ASSERT_TRUE(ep->poll_at().has_value());
  EXPECT_EQ(*ep->poll_at(), now + 90ms);
  advance(90ms);
  expect_given_up(StateCause::UserTimeout, 500);
}

}  // namespace
}  // namespace tcplab::testing
