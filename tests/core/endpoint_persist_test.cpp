// The persist timer (RFC 9293 §3.8.6.1; Linux tcp_probe_timer, tcp_write_wakeup): data waits for
// a window the peer closed, probes ask for the window at a backed-off interval, and a window
// update releases the data at once. Each test names the exact segments and timer changes.
#include <string>

#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

class Persist : public EndpointTest {
 protected:
  // Established with the peer's window as given (the SYN-ACK sets it).
  void established_with_window(std::uint16_t window) {
    syn_sent();
    Segment syn_ack = peer(TcpFlag::Syn | TcpFlag::Ack, 0, 1);
    syn_ack.window = window;
    arrive(syn_ack);
  }
  Segment window_update(std::uint32_t rel_ack, std::uint16_t window) const {
    Segment s = peer(TcpFlag::Ack, 1, rel_ack);
    s.window = window;
    return s;
  }
  // The last change of the persist timer in this step, if any.
  const TimerChange* persist_change() const {
    const TimerChange* last = nullptr;
    for (const auto& t : fx.timers) {
      if (t.kind == TimerKind::Persist) last = &t;
    }
    return last;
  }
  void expect_persist_armed_for(Instant deadline) const {
    const TimerChange* t = persist_change();
    ASSERT_NE(t, nullptr) << "the persist timer did not change";
    EXPECT_EQ(t->action, TimerAction::Armed);
    EXPECT_EQ(t->deadline, deadline);
  }
  // A zero-window probe: a bare ACK one below SND.UNA, so the peer must answer it.
  void expect_probe(std::uint32_t rel_una) const {
    expect_segment(TcpFlag::Ack, rel_una - 1, 1);
    if (fx.segments.size() == 1) {
      EXPECT_TRUE(fx.segments[0].segment.payload.empty());
    }
  }
};

TEST_F(Persist, DataWaitsForAClosedWindowAndThePersistTimerStarts) {
  established_with_window(0);
  call_send("hello");
  expect_nothing_sent();
  expect_persist_armed_for(now + profile.rto_initial);
}

TEST_F(Persist, ProbesBackOffWhileTheWindowStaysClosed) {
  established_with_window(0);
  call_send("hello");
  const Duration first = profile.rto_initial;
  advance(first);
  expect_probe(1);
  expect_persist_armed_for(now + 2 * first);
  now += 10ms;
  arrive(window_update(1, 0));  // the peer answers, still without room: wait again from now
  expect_nothing_sent();
  expect_persist_armed_for(now + 2 * first);
  advance(2 * first);
  expect_probe(1);
  expect_persist_armed_for(now + 4 * first);
}

TEST_F(Persist, AWindowUpdateReleasesTheDataAtOnce) {
  established_with_window(0);
  call_send("hello");
  advance(profile.rto_initial);
  expect_probe(1);
  arrive(window_update(1, 1000));
  expect_segment(TcpFlag::Psh | TcpFlag::Ack, 1, 1);
  ASSERT_EQ(fx.segments.size(), 1u);
  EXPECT_EQ(fx.segments[0].segment.payload, "hello");
  const TimerChange* t = persist_change();
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->action, TimerAction::Cancelled) << "the retransmit timer watches the data now";
}

// tcp_snd_wnd_test: a window smaller than the first segment holds it (sender-side silly window
// avoidance); the persist probe then sends what fits (tcp_write_wakeup).
TEST_F(Persist, AWindowTooSmallForTheSegmentIsFilledOnlyByTheProbe) {
  established_with_window(3);
  call_send("hello");
  expect_nothing_sent();
  advance(profile.rto_initial);
  expect_segment(TcpFlag::Psh | TcpFlag::Ack, 1, 1);
  ASSERT_EQ(fx.segments.size(), 1u);
  EXPECT_EQ(fx.segments[0].segment.payload, "hel");
}

TEST_F(Persist, AFinWaitsForTheWindowToo) {
  established_with_window(0);
  call_send("a");
  call_close();
  expect_nothing_sent();
  expect_state(TcpState::FinWait1);
  arrive(window_update(1, 1000));
  expect_segment(TcpFlag::Fin | TcpFlag::Psh | TcpFlag::Ack, 1, 1);
}

// RFC 1122 §4.2.2.17 probes for as long as the peer answers; Linux gives up after tcp_retries2
// unanswered probes, with ETIMEDOUT and no RST (tcp_write_err).
TEST_F(Persist, UnansweredProbesGiveUpAfterTheRetryLimit) {
  profile.data_retries = 3;
  established_with_window(0);
  call_send("hello");
  int probes = 0;
  for (int step = 0; step < 10 && ep->state() != TcpState::Closed; ++step) {
    const TimerChange* t = persist_change();
    ASSERT_NE(t, nullptr);
    advance_to(t->deadline);
    if (!fx.segments.empty()) {
      expect_probe(1);
      ++probes;
    }
  }
  EXPECT_EQ(probes, 3);
  expect_state(TcpState::Closed);
  expect_nothing_sent();
  EXPECT_EQ(fx.error, Errno::TimedOut);
  expect_cause(StateCause::ZeroWindowProbeLimit, 3);
}

}  // namespace
}  // namespace tcplab::testing
