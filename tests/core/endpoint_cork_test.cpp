// TCP_CORK (Linux tcp_nagle_check's TCP_NAGLE_CORK): a segment smaller than the MSS waits
// whatever is in flight; a full MSS leaves; with nothing in flight the persist timer sends what
// waits after one RTO (tcp_check_probe_timer, tcp_write_wakeup: Linux's 200 ms ceiling); removing
// the cork sends it at once; a FIN is never held.
#include <string>

#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

class Cork : public EndpointTest {
 protected:
  Cork() { profile = linux_profile(); }
  void cork(bool on) {
    SocketOptions o = ep->options();
    o.cork = on;
    fx.clear();
    ep->set_options(now, o, fx);
  }
  void expect_data(TcpFlags flags, std::uint32_t rel_seq, const std::string& payload) const {
    expect_segment(flags, rel_seq, 1);
    if (fx.segments.size() == 1) {
      EXPECT_EQ(fx.segments[0].segment.payload, payload);
    }
  }
};

TEST_F(Cork, SmallWritesWaitAndThePersistTimerSendsThemAfterOneRto) {
  established();  // RTT 0: RTO 200 ms
  cork(true);
  call_send("ab");
  expect_nothing_sent();
  call_send("c");
  expect_nothing_sent();
  ASSERT_TRUE(ep->poll_at().has_value());
  EXPECT_EQ(*ep->poll_at(), now + 200ms);
  advance(200ms);
  expect_data(TcpFlag::Psh | TcpFlag::Ack, 1, "abc");  // tcp_write_wakeup sets PSH
}

TEST_F(Cork, AFullMssLeavesAndTheRestWaits) {
  established();  // the peer's SYN had no MSS option: 536 bytes
  cork(true);
  call_send(std::string(600, 'y'));
  expect_data(TcpFlag::Ack, 1, std::string(536, 'y'));
  now += 10ms;
  arrive(peer(TcpFlag::Ack, 1, 537));
  expect_nothing_sent();
}

TEST_F(Cork, RemovingTheCorkSendsWhatWaited) {
  established();
  cork(true);
  call_send("abc");
  now += 50ms;
  cork(false);
  expect_data(TcpFlag::Psh | TcpFlag::Ack, 1, "abc");
  EXPECT_EQ(*ep->poll_at(), now + 200ms) << "the retransmit timer, not the persist timer";
}

TEST_F(Cork, AFinIsNeverHeld) {
  established();
  cork(true);
  call_send("abc");
  call_close();
  expect_data(TcpFlag::Fin | TcpFlag::Psh | TcpFlag::Ack, 1, "abc");
}

}  // namespace
}  // namespace tcplab::testing
