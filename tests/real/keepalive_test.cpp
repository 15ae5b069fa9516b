// Keepalive set as a lesson sets it (SO_KEEPALIVE, TCP_KEEPIDLE and TCP_KEEPINTVL of 1 s), on the
// real kernel and on the model, judged by the same assertions: each probe carries SND.UNA - 1 and
// no data (tcp_write_wakeup), the server's ACK answers it, and it leaves 1 s after the client last
// heard from the server (tcp_keepalive_timer, keepalive_time_elapsed). The kernel's 1 s timer
// sits on the timer wheel's second level, whose 8-jiffy granules round it up (calc_wheel_index):
// never early, so a probe is judged at least 1 s less a jiffy after what it follows, and before
// the next probe would be due.
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "scenario/model_backend.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

struct Probe {
  Instant sent;
  Instant last_heard;  // the last segment that reached the client before it
  bool answered = false;
};

std::vector<Probe> probes_of(const Trace& t) {
  std::vector<Probe> probes;
  std::optional<Instant> last_heard;
  for (const TraceEvent& e : t.events()) {
    const auto* s = get_if<SegmentEvent>(&e.body);
    if (!s) continue;
    const bool bare_ack = s->segment.flags == TcpFlags(TcpFlag::Ack) && s->segment.payload.empty();
    if (s->from == "client" && bare_ack && s->rel_seq == 0 && last_heard)
      probes.push_back({e.at, *last_heard});
    if (s->from == "server" && bare_ack && !probes.empty() && e.at >= probes.back().sent)
      probes.back().answered = true;
    if (s->to == "client" && s->fate == SegmentFate::Delivered) last_heard = s->arrives_at;
  }
  return probes;
}

void expect_two_answered_probes(const Trace& t, bool exact) {
  const std::vector<Probe> probes = probes_of(t);
  ASSERT_EQ(probes.size(), 2u) << ladder(t);
  for (const Probe& p : probes) {
    EXPECT_TRUE(p.answered) << ladder(t);
    const Duration idle = p.sent - p.last_heard;
    if (exact) {
      EXPECT_EQ(idle, 1s) << ladder(t);
    } else {
      EXPECT_GE(idle, 1s - kJiffy) << ladder(t);
      EXPECT_LT(idle, 1500ms) << ladder(t);
    }
  }
  // The server's FIN 2.5 s in ends the client's recv() with 0: keepalive changed nothing else.
  const CallEvent* recv = call(t, "client.recv");
  ASSERT_TRUE(recv) << ladder(t);
  EXPECT_EQ(recv->result, 0) << ladder(t);
}

TEST(KernelKeepalive, AnIdleConnectionIsProbedEverySecondAndEachProbeAnswered) {
  RUN_KERNEL(r, keepalive_probes_answered(), 3500ms);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_two_answered_probes(r.trace, false);
}

TEST(ModelKeepalive, AnIdleConnectionIsProbedEverySecondAndEachProbeAnswered) {
  RunOptions options;
  options.time_limit = 3500ms;
  options.profile = "linux";
  expect_two_answered_probes(ModelBackend().run(keepalive_probes_answered(), options).trace, true);
}

}  // namespace
}  // namespace tcplab::testing
