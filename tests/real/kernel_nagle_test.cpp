// Nagle's algorithm on the real kernel (tcp_nagle_test, tcp_minshall_check): a second small write
// waits for the ACK of the first, unless TCP_NODELAY. The ACK is held 100 ms by the fault engine,
// so what waits on what is read from the trace's own instants, never from a guessed duration.
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "real/nfqueue_faults.h"
#include "scenario/model_backend.h"

namespace tcplab::testing {
namespace {

#define SKIP_WITHOUT_NFQUEUE()                                            \
  if (const auto& queue = real::nfqueue_availability(); !queue.available) \
  GTEST_SKIP() << "no netfilter queue in a private namespace here: "      \
               << (queue.detail.empty() ? std::string("the probe could not run") : queue.detail)

struct Sent {
  const SegmentEvent* segment = nullptr;
  Instant at;
};

// The first segment carrying exactly `payload`, and when it was sent.
Sent data_segment(const Trace& trace, const std::string& payload) {
  for (const auto& e : trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body); s && s->segment.payload == payload)
      return {s, e.at};
  }
  return {};
}

// The held ACK of "a": the server's first bare ACK, acknowledging relative byte 2.
const SegmentEvent* held_ack(const Trace& trace) {
  for (const auto& e : trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body);
        s && s->from == "server" && s->segment.flags == TcpFlags(TcpFlag::Ack) && s->rel_ack == 2)
      return s;
  }
  return nullptr;
}

Instant returned_at(const Trace& trace, const CallEvent* call) {
  for (const auto& e : trace.events())
    if (get_if<CallEvent>(&e.body) == call) return e.at;
  return kTimeZero;
}

class KernelNagle : public ::testing::TestWithParam<bool> {};

TEST_P(KernelNagle, SecondSmallWriteWaitsForTheAckUnlessNodelay) {
  SKIP_WITHOUT_NFQUEUE();
  const bool with_nodelay = GetParam();
  RUN_KERNEL(r, two_small_writes(with_nodelay), 1500ms);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  const Sent a = data_segment(r.trace, "a");
  const Sent b = data_segment(r.trace, "b");
  const SegmentEvent* ack = held_ack(r.trace);
  const CallEvent* send_b = call(r.trace, "client.send_b");
  ASSERT_TRUE(a.segment && b.segment && ack && send_b) << ladder(r.trace);
  ASSERT_TRUE(ack->fault.has_value()) << "the fault did not hold the ACK of a\n" << ladder(r.trace);
  EXPECT_EQ(send_b->result, 1);
  // Causal precondition: send("b") was made while the ACK of "a" was still held. On a machine so
  // busy that the call came later, nothing was in flight and Nagle had nothing to hold.
  if (send_b->issued_at >= ack->arrives_at)
    GTEST_SKIP() << "send(\"b\") was made after the held ACK arrived (the machine delayed the "
                    "client's thread): Nagle could not be seen\n"
                 << ladder(r.trace);
  EXPECT_EQ(b.segment->rel_seq, 2u);
  EXPECT_EQ(tcpdump_flags(b.segment->segment.flags), "P.");
  EXPECT_FALSE(b.segment->retransmission);
  if (with_nodelay) {
    // TCP_NODELAY: "b" left inside its send() call, with the ACK of "a" still out.
    EXPECT_LE(b.at, returned_at(r.trace, send_b)) << ladder(r.trace);
  } else {
    // Nagle: "b" waited for the ACK of "a"; it left once that ACK arrived.
    EXPECT_GE(b.at, ack->arrives_at) << ladder(r.trace);
  }
  // Either way exactly one segment carries each byte: nothing was resent meanwhile.
  int data_segments = 0;
  for (const auto& e : r.trace.events())
    if (const auto* s = get_if<SegmentEvent>(&e.body); s && !s->segment.payload.empty())
      ++data_segments;
  EXPECT_EQ(data_segments, 2) << ladder(r.trace);
}

INSTANTIATE_TEST_SUITE_P(Both, KernelNagle, ::testing::Values(false, true),
                         [](const auto& param_info) {
                           return param_info.param ? "TcpNodelay" : "Nagle";
                         });

// TCP_QUICKACK on the server once "a" is read: the ACK it owed (held in pingpong mode) leaves
// inside the setsockopt() call, and Nagle's "b" follows it: no 40 ms stall. Judged by order of
// events, the same on both backends.
void expect_quickack_sends_the_owed_ack(const Trace& t) {
  const CallEvent* quick = call(t, "server.quickack");
  ASSERT_TRUE(quick) << ladder(t);
  EXPECT_EQ(quick->result, 0);
  const SegmentEvent* ack_of_a = nullptr;
  Instant ack_sent;
  for (const auto& e : t.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body);
        s && s->from == "server" && s->segment.flags == TcpFlags(TcpFlag::Ack) && s->rel_ack == 5) {
      ack_of_a = s;
      ack_sent = e.at;
      break;
    }
  }
  ASSERT_TRUE(ack_of_a) << "no bare ACK of \"a\"\n" << ladder(t);
  EXPECT_GE(ack_sent, quick->issued_at) << ladder(t);
  EXPECT_LE(ack_sent, returned_at(t, quick)) << "the ACK waited past the call\n" << ladder(t);
  const Sent b = data_segment(t, "b");
  ASSERT_TRUE(b.segment) << ladder(t);
  EXPECT_GE(b.at, ack_of_a->arrives_at) << ladder(t);
}

TEST(KernelQuickAck, SettingItSendsTheOwedAckAtOnce) {
  RUN_KERNEL(r, write_write_read_with_quickack(), 500ms);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_quickack_sends_the_owed_ack(r.trace);
}

TEST(ModelQuickAck, SettingItSendsTheOwedAckAtOnce) {
  expect_quickack_sends_the_owed_ack(
      ModelBackend().run(write_write_read_with_quickack(), {}).trace);
}

}  // namespace
}  // namespace tcplab::testing
