// The lesson's link latency on the kernel (real/nfqueue_faults.h): loopback delivers at once, so
// the netfilter queue holds every segment for the link's one-way latency, as the model's network
// does. Lesson 07's two FINs then cross, and both ends pass CLOSING (docs/linux-facts.md,
// "Simultaneous close").
#include <algorithm>

#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "scenario/lesson_loader.h"
#include "support/trace_query.h"

namespace tcplab::testing {
namespace {

Scenario simultaneous_close() {
  return load_lesson_file(TCPLAB_SOURCE_DIR "/lessons/07-simultaneous-close.toml");
}

// The first FIN `from` sent to `to`.
const SegmentEvent* first_fin(const Trace& t, const std::string& from, const std::string& to) {
  for (const SegmentEvent* s : segments_of(t))
    if (s->from == from && s->to == to && s->segment.flags.fin()) return s;
  return nullptr;
}

// The flags of every segment `from` sent to `to`, in order.
std::vector<std::string> flags_between(const Trace& t, const std::string& from,
                                       const std::string& to) {
  std::vector<std::string> out;
  for (const SegmentEvent* s : segments_of(t))
    if (s->from == from && s->to == to) out.push_back(tcpdump_flags(s->segment.flags));
  return out;
}

bool passed(const Trace& t, const std::string& endpoint, TcpState state) {
  const auto states = states_of(t, endpoint);
  return std::find(states.begin(), states.end(), state) != states.end();
}

// The first three seconds: the simultaneous close at 1 s, not the self-connect at 5 s.
constexpr Duration kLimit = std::chrono::seconds(3);

TEST(KernelLinkLatency, EverySegmentArrivesNoEarlierThanTheLinksLatencyAfterItWasSent) {
  SKIP_WITHOUT_NFQUEUE();
  const Scenario s = simultaneous_close();
  ASSERT_EQ(s.link.latency, std::chrono::milliseconds(10));
  RUN_KERNEL(r, s, kLimit);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  const auto segments = segments_of(r.trace);
  ASSERT_GE(segments.size(), 3u) << ladder(r.trace);
  EXPECT_EQ(tcpdump_flags(segments[0]->segment.flags), "S");
  EXPECT_EQ(tcpdump_flags(segments[1]->segment.flags), "S.");
  EXPECT_EQ(tcpdump_flags(segments[2]->segment.flags), ".");
  for (const SegmentEvent* seg : segments) {
    EXPECT_EQ(seg->fate, SegmentFate::Delivered) << describe(*seg);
    EXPECT_FALSE(seg->fault.has_value()) << describe(*seg);  // the link, not a fault
    EXPECT_GE(seg->arrives_at - sent_at(r.trace, seg->id), s.link.latency) << describe(*seg);
  }
  // connect() returns once the SYN-ACK has come back: two crossings of the link at least.
  const CallEvent* connect = nullptr;
  Instant returned = kTimeZero;
  for (const auto& e : r.trace.events()) {
    if (const auto* c = get_if<CallEvent>(&e.body); c && c->call == "connect") {
      connect = c;
      returned = e.at;
      break;
    }
  }
  ASSERT_NE(connect, nullptr) << ladder(r.trace);
  EXPECT_EQ(connect->result, 0);
  EXPECT_GE(returned - connect->issued_at, 2 * s.link.latency) << ladder(r.trace);
}

TEST(KernelLinkLatency, TheSimultaneousClosesFinsCrossAndBothEndsPassClosingToTimeWait) {
  SKIP_WITHOUT_NFQUEUE();
  RUN_KERNEL(r, simultaneous_close(), kLimit);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  const Trace& t = r.trace;
  const SegmentEvent* client_fin = first_fin(t, "client", "server");
  const SegmentEvent* server_fin = first_fin(t, "server", "client");
  ASSERT_TRUE(client_fin && server_fin) << ladder(t);
  // Causally: the FINs cross when each was sent before the other arrived. Both close() calls are
  // at 1 s; a machine so busy that one ran a whole link latency late made an ordinary close.
  const Instant client_sent = sent_at(t, client_fin->id);
  const Instant server_sent = sent_at(t, server_fin->id);
  if (client_sent >= server_fin->arrives_at || server_sent >= client_fin->arrives_at) {
    GTEST_SKIP() << "the closes were a link latency apart on this machine (client's FIN sent at "
                 << format_duration(client_sent - kTimeZero) << ", server's at "
                 << format_duration(server_sent - kTimeZero) << "): the FINs did not cross\n"
                 << ladder(t);
  }
  // Each FIN acknowledges only the peer's SYN: neither has seen the other's FIN.
  EXPECT_EQ(client_fin->rel_ack, 1u) << ladder(t);
  EXPECT_EQ(server_fin->rel_ack, 1u) << ladder(t);
  EXPECT_EQ(flags_between(t, "client", "server"),
            (std::vector<std::string>{"S", ".", "F.", "."}))
      << ladder(t);
  EXPECT_EQ(flags_between(t, "server", "client"), (std::vector<std::string>{"S.", "F.", "."}))
      << ladder(t);
  // The ACKs of the FINs: each acknowledges the peer's FIN (rel 2) from after its own (rel 2).
  const auto segments = segments_of(t);
  for (const SegmentEvent* s : segments) {
    if (s->segment.flags.fin() || s->segment.flags.syn() || s->id < client_fin->id) continue;
    EXPECT_EQ(s->rel_seq, 2u) << describe(*s);
    EXPECT_EQ(s->rel_ack, 2u) << describe(*s);
  }
  // tcp_fin(): a FIN in FIN-WAIT-1 -> CLOSING; then the ACK of its own FIN -> TIME-WAIT
  // (tcp_rcv_state_process, TCP_CLOSING), on both ends.
  for (const SegmentEvent* fin : {client_fin, server_fin}) {
    const std::string& end = fin->endpoint;
    EXPECT_TRUE(passed(t, end, TcpState::FinWait1)) << end << ": " << states_text(t, end);
    EXPECT_TRUE(passed(t, end, TcpState::Closing)) << end << ": " << states_text(t, end);
    EXPECT_FALSE(passed(t, end, TcpState::FinWait2)) << end << ": " << states_text(t, end);
    EXPECT_EQ(states_of(t, end).back(), TcpState::TimeWait) << end << ": " << states_text(t, end);
  }
}

}  // namespace
}  // namespace tcplab::testing
