// TIME-WAIT for each kind of segment, as Linux's tcp_timewait_state_process and tcp_v4_rcv decide,
// run on the real kernel in a private namespace (docs/linux-facts.md, "TIME-WAIT").
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "lesson_builder.h"
#include "linux_facts_lessons.h"
#include "real/kernel_backend.h"
#include "scenario/model_backend.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

std::vector<const SegmentEvent*> all_segments(const Trace& t) {
  std::vector<const SegmentEvent*> out;
  for (const auto& e : t.events())
    if (const auto* s = get_if<SegmentEvent>(&e.body)) out.push_back(s);
  return out;
}

// A SYN for a TIME-WAIT with no listener behind it: tcp_timewait_state_process says TCP_TW_SYN,
// tcp_v4_rcv finds no listener and falls through to TCP_TW_ACK. The client in SYN-SENT finds that
// ACK unacceptable and answers RST at its ACK number, which is TIME-WAIT's RCV.NXT: with
// tcp_rfc1337 = 0 that RST ends the TIME-WAIT. The SYN sent again 1 s later finds no socket:
// RST, and connect() fails with ECONNREFUSED.
void expect_syn_without_listener_acked(const Trace& t) {
  const auto segs = all_segments(t);
  const CallEvent* close = call(t, "client.close");
  ASSERT_TRUE(close) << ladder(t);
  // The segments after the first connection's close: the second connection's.
  std::vector<const SegmentEvent*> later;
  for (const SegmentEvent* s : segs) {
    if (s->segment.flags.syn() && s->from == "client" && s->rel_seq == 0 &&
        to_ns(s->arrives_at) > to_ns(close->issued_at)) {
      later.push_back(s);
    } else if (!later.empty()) {
      later.push_back(s);
    }
  }
  ASSERT_EQ(later.size(), 5u) << ladder(t);
  const Segment& syn = later[0]->segment;
  const Segment& tw_ack = later[1]->segment;
  const Segment& rst = later[2]->segment;
  const Segment& syn_again = later[3]->segment;
  const Segment& refused = later[4]->segment;
  EXPECT_EQ(later[1]->from, "server");
  EXPECT_EQ(tcpdump_flags(tw_ack.flags), ".");
  EXPECT_NE(tw_ack.ack, syn.seq + 1);  // TIME-WAIT's RCV.NXT, not an acknowledgment of the SYN
  EXPECT_EQ(later[2]->from, "client");
  EXPECT_EQ(tcpdump_flags(rst.flags), "R");
  EXPECT_EQ(rst.seq, tw_ack.ack);  // RFC 9293 §3.10.7.3: <SEQ=SEG.ACK><CTL=RST>
  EXPECT_TRUE(later[3]->retransmission);
  EXPECT_EQ(tcpdump_flags(syn_again.flags), "S");
  EXPECT_EQ(syn_again.seq, syn.seq);
  EXPECT_EQ(later[4]->from, "server");
  EXPECT_EQ(tcpdump_flags(refused.flags), "R.");
  EXPECT_EQ(refused.ack, syn.seq + 1);
  const CallEvent* again = call(t, "again.connect");
  ASSERT_TRUE(again) << ladder(t);
  EXPECT_EQ(again->result, -1);
  EXPECT_EQ(again->error, Errno::ConnectionRefused);
}

TEST(KernelTimeWait, SynWithoutAListenerIsAckedAndTheClientsRstEndsTheTimeWait) {
  RUN_KERNEL(r, syn_into_time_wait_without_listener(), 3s);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_syn_without_listener_acked(r.trace);
}

// The model (linux profile) makes the same decisions, checked by the same assertions. (Not a
// `tcplab compare` row: the TIME-WAIT's ACK and the last RST carry numbers of the old incarnation,
// which compare shows relative to the new ISNs, different on every run of either backend.)
TEST(ModelTimeWait, SynWithoutAListenerIsAckedAndTheClientsRstEndsTheTimeWait) {
  const Trace t = ModelBackend().run(syn_into_time_wait_without_listener(), {}).trace;
  expect_syn_without_listener_acked(t);
  // tcp_rcv_synsent_state_process: the SYN goes again TCP_TIMEOUT_MIN (2 jiffies, 8 ms at HZ 250)
  // after the unacceptable ACK arrived, not a whole RTO later.
  std::vector<Instant> syn_sent;  // when the client sent each SYN
  std::optional<Instant> tw_ack_arrived;
  for (const TraceEvent& e : t.events()) {
    const auto* s = get_if<SegmentEvent>(&e.body);
    if (!s) continue;
    if (s->from == "client" && s->segment.flags == TcpFlags(TcpFlag::Syn)) syn_sent.push_back(e.at);
    if (s->from == "server" && syn_sent.size() == 2 && !tw_ack_arrived)
      tw_ack_arrived = s->arrives_at;
  }
  ASSERT_EQ(syn_sent.size(), 3u) << ladder(t);  // the first connection's, the new one's, its resend
  ASSERT_TRUE(tw_ack_arrived) << ladder(t);
  EXPECT_EQ(syn_sent[2] - *tw_ack_arrived, 8ms);
  const SegmentEvent* syn = nullptr;  // the SYN TIME-WAIT answered with its ACK
  for (const SegmentEvent* s : all_segments(t))
    if (s->verdict.what == VerdictCode::TimeWaitSynNoListener) syn = s;
  ASSERT_TRUE(syn) << ladder(t);
  EXPECT_EQ(syn->verdict.code, RejectCode::TimeWaitNoListener);
  EXPECT_EQ(reject_rule(syn->verdict.code), "Linux tcp_v4_rcv");
}

}  // namespace
}  // namespace tcplab::testing
