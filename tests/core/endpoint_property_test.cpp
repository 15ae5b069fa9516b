// Property: random segments (random flags, sequence numbers in and out of the window, random
// payloads) and random timer expiries thrown at an endpoint in every state never crash it and
// never break its invariants. Run under ASan + UBSan by the `asan` preset.
#include <random>

#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

class EndpointProperty : public EndpointTest, public ::testing::WithParamInterface<int> {
 protected:
  void enter(int which) {
    switch (which) {
      case 0:
        syn_sent();
        break;
      case 1:
        syn_received();
        break;
      case 2:
        established();
        break;
      case 3:
        fin_wait_1();
        break;
      case 4:
        fin_wait_2();
        break;
      case 5:
        close_wait();
        break;
      case 6:
        closing();
        break;
      case 7:
        last_ack();
        break;
      default:
        established();
        call_shutdown();
        break;
    }
  }

  void check_invariants(const char* after) {
    SCOPED_TRACE(after);
    const auto s = ep->state();
    ASSERT_TRUE(std::find(kAllTcpStates.begin(), kAllTcpStates.end(), s) != kAllTcpStates.end());
    EXPECT_NE(s, TcpState::Listen);  // LISTEN belongs to the host, never to a connection
    EXPECT_LE(ep->snd_una(), ep->snd_nxt());
    EXPECT_LE(ep->snd_nxt() - ep->iss(), 1 + static_cast<std::int32_t>(total_sent_) + 1);
    if (auto d = ep->poll_at()) {
      EXPECT_GT(*d, now) << "a timer is overdue after on_timer()";
    }
    if (s == TcpState::Closed || s == TcpState::TimeWait) {
      EXPECT_FALSE(ep->poll_at());
    }
    for (const auto& c : fx.states) EXPECT_NE(c.from, c.to);
    for (const auto& out : fx.segments) {
      EXPECT_EQ(out.segment.src, tuple.local);
      EXPECT_EQ(out.segment.dst, tuple.remote);
      EXPECT_FALSE(out.segment.flags.syn() && out.segment.flags.fin());
    }
  }

  std::size_t total_sent_ = 0;
};

TEST_P(EndpointProperty, RandomSegmentsNeverBreakInvariants) {
  std::mt19937_64 random(static_cast<std::uint64_t>(GetParam()) * 7919u + 17u);
  for (int trial = 0; trial < 40; ++trial) {
    for (int state = 0; state < 9; ++state) {
      now = kTimeZero;
      total_sent_ = 0;
      enter(state);
      for (int step = 0; step < 60; ++step) {
        const TcpState before = ep->state();
        if (before == TcpState::Closed || before == TcpState::TimeWait) break;
        switch (random() % 8) {
          case 0:
            advance(std::chrono::milliseconds(random() % 3000));
            check_invariants("timer");
            continue;
          case 1: {
            std::string data(random() % 4, 'x');
            total_sent_ += data.size();
            call_send(data);
            check_invariants("send");
            continue;
          }
          case 2:
            if (random() % 6 == 0) {
              call_close();
              check_invariants("close");
              continue;
            }
            break;
          default:
            break;
        }
        const auto flags = TcpFlags::from_bits(static_cast<std::uint8_t>(random() & 0x1f));
        // Sequence numbers near the window edges, and far away (also across the wrap).
        const std::int64_t seq_choices[] = {0,     1,     2,     3,       -1,
                                            65534, 65535, 65536, 1 << 30, -(1 << 30)};
        const std::int64_t ack_choices[] = {0, 1, 2, 3, 4, -1, 100, 1 << 31};
        const auto rel_seq = static_cast<std::uint32_t>(seq_choices[random() % 10]);
        const auto rel_ack = static_cast<std::uint32_t>(ack_choices[random() % 8]);
        std::string payload(random() % 3 == 0 ? random() % 5 : 0, 'y');
        arrive(peer(flags, rel_seq, rel_ack, payload));
        check_invariants(tcpdump_flags(flags).c_str());
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, EndpointProperty, ::testing::Range(0, 8));

}  // namespace
}  // namespace tcplab::testing
