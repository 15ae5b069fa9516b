// SO_KEEPALIVE (RFC 1122 §4.2.3.6; Linux tcp_keepalive_timer): an idle connection probes its
// peer with a bare ACK one below SND.UNA; an answer makes it idle again; TCP_KEEPCNT unanswered
// probes (or the user timeout) end it with an RST and ETIMEDOUT. Exact instants and segments.
#include "core/keepalive.h"
#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

class Keepalive : public EndpointTest {
 protected:
  Keepalive() { profile = linux_profile(); }
  void keepalive(Duration idle, Duration interval, int probes, Duration user_timeout = {}) {
    SocketOptions o;
    o.keepalive = true;
    o.keepalive_idle = idle;
    o.keepalive_interval = interval;
    o.keepalive_probes = probes;
    o.user_timeout = user_timeout;
    fx.clear();
    ep->set_options(now, o, fx);
  }
  const TimerChange* keepalive_change() const {
    const TimerChange* last = nullptr;
    for (const auto& t : fx.timers) {
      if (t.kind == TimerKind::Keepalive) last = &t;
    }
    return last;
  }
  void expect_probe() const { expect_segment(TcpFlag::Ack, 0, 1); }
};

TEST_F(Keepalive, OffUnlessAskedFor) {
  established();
  EXPECT_FALSE(ep->poll_at().has_value());
  EXPECT_EQ(keepalive_times(ep->options(), profile).idle, std::chrono::hours(2));
  EXPECT_EQ(keepalive_times(ep->options(), profile).interval, 75s);
  EXPECT_EQ(keepalive_times(ep->options(), profile).probes, 9);
}

TEST_F(Keepalive, ProbesAnIdlePeerThenResetsAfterTheLastUnansweredProbe) {
  established();
  keepalive(1s, 1s, 2);
  const TimerChange* armed = keepalive_change();
  ASSERT_NE(armed, nullptr);
  EXPECT_EQ(armed->action, TimerAction::Armed);
  EXPECT_EQ(armed->deadline, now + 1s);
  advance(1s);
  expect_probe();
  advance(1s);
  expect_probe();
  advance(1s);
  expect_segment(TcpFlag::Rst | TcpFlag::Ack, 1, 1);  // tcp_send_active_reset, at SND.NXT
  expect_transition(TcpState::Established, TcpState::Closed);
  expect_cause(StateCause::KeepaliveTimeout, 2);
  EXPECT_EQ(fx.error, Errno::TimedOut);
}

TEST_F(Keepalive, AnAnswerMakesTheConnectionIdleAgain) {
  established();
  keepalive(1s, 1s, 2);
  advance(1s);
  expect_probe();
  now += 10ms;
  arrive(peer(TcpFlag::Ack, 1, 1));
  advance(990ms);  // the interval ends, but the peer spoke 990 ms ago: wait 10 ms more
  expect_nothing_sent();
  advance(10ms);
  expect_probe();
  advance(1s);
  expect_probe();  // the answered probe no longer counts: two unanswered before the RST
  advance(1s);
  expect_segment(TcpFlag::Rst | TcpFlag::Ack, 1, 1);
}

TEST_F(Keepalive, DataInFlightIsWatchedByTheRetransmitTimerInstead) {
  profile.data_retries = 15;
  established();
  keepalive(1s, 1s, 2);
  now += 500ms;
  call_send("x");
  advance(500ms);  // keepalive fires while data is in flight: no probe, wait a whole idle time
  for (const auto& s : fx.segments) EXPECT_FALSE(s.segment.payload.empty()) << "a probe left";
  const TimerChange* again = keepalive_change();
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->action, TimerAction::Armed);
  EXPECT_EQ(again->deadline, now + 1s);
}

TEST_F(Keepalive, TheUserTimeoutDecidesInsteadOfTheCount) {
  established();
  keepalive(1s, 1s, 9, 1500ms);
  advance(1s);
  expect_probe();
  advance(1s);  // 2 s without a word from the peer, a probe out: past the 1.5 s user timeout
  expect_segment(TcpFlag::Rst | TcpFlag::Ack, 1, 1);
  expect_cause(StateCause::KeepaliveTimeout, 1);
}

TEST_F(Keepalive, TurningItOffStopsTheTimer) {
  established();
  keepalive(1s, 1s, 2);
  SocketOptions off = ep->options();
  off.keepalive = false;
  fx.clear();
  ep->set_options(now, off, fx);
  const TimerChange* c = keepalive_change();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->action, TimerAction::Cancelled);
  EXPECT_FALSE(ep->poll_at().has_value());
}

TEST_F(Keepalive, AnAcceptedConnectionStartsItsTimerAtEstablished) {
  syn_received();
  keepalive(1s, 1s, 2);  // inherited from the listener, set before the handshake ends
  EXPECT_FALSE(keepalive_change());
  now += 10ms;
  arrive(peer(TcpFlag::Ack, 1, 1));
  const TimerChange* armed = keepalive_change();
  ASSERT_NE(armed, nullptr);
  EXPECT_EQ(armed->deadline, now + 1s);
}

}  // namespace
}  // namespace tcplab::testing
