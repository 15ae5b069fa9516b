#include "core/trace.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace tcplab {

namespace {
SegmentEvent seg(const char* src, const char* dst, std::uint32_t seq, std::uint32_t ack,
                 TcpFlags flags) {
  SegmentEvent e;
  e.segment.src = *parse_socket_address(src);
  e.segment.dst = *parse_socket_address(dst);
  e.segment.seq = SeqNum(seq);
  e.segment.ack = SeqNum(ack);
  e.segment.flags = flags;
  return e;
}
}  // namespace

TEST(Trace, RelativeSequenceNumbersFollowEachDirectionsIsn) {
  Trace t;
  const char* c = "127.0.0.1:40000";
  const char* s = "127.0.0.2:5555";
  t.add_segment(instant_from_ns(0), seg(c, s, 1000, 0, TcpFlag::Syn));
  t.add_segment(instant_from_ns(1), seg(s, c, 0xFFFFFFFFu, 1001, TcpFlag::Syn | TcpFlag::Ack));
  t.add_segment(instant_from_ns(2), seg(c, s, 1001, 0, TcpFlag::Ack));
  t.add_segment(instant_from_ns(3), seg(c, s, 1001, 0, TcpFlag::Fin | TcpFlag::Ack));
  const SegmentEvent* synack = t.segment_by_id(2);
  ASSERT_TRUE(synack);
  EXPECT_EQ(synack->rel_seq, 0u);
  EXPECT_EQ(synack->rel_ack, 1u);
  const SegmentEvent* fin = t.segment_by_id(4);
  ASSERT_TRUE(fin);
  EXPECT_EQ(fin->id, 4u);
  EXPECT_EQ(fin->rel_seq, 1u);
  EXPECT_EQ(fin->rel_ack, 1u);  // 0 wraps: ISN 0xFFFFFFFF + 1
  EXPECT_EQ(t.segment_count(), 4u);
}

TEST(Trace, RefusesTimeGoingBackwards) {
  Trace t;
  t.add(instant_from_ns(10), NoteEvent{"", "later"});
  EXPECT_THROW(t.add(instant_from_ns(5), NoteEvent{"", "earlier"}), std::logic_error);
}

TEST(Trace, ReasonIsMadeFromTheFaultThenTheVerdicts) {
  SegmentEvent e = seg("127.0.0.1:40000", "127.0.0.2:5555", 1, 1, TcpFlag::Ack);
  EXPECT_EQ(reason_text(e), "");
  e.fault = WireFault{WireAction::Dropped, ""};
  EXPECT_EQ(reason_text(e), "dropped by fault");
  e.fault = WireFault{WireAction::LostAtRandom, ""};
  EXPECT_EQ(reason_text(e), "lost at random");
  e.fault = WireFault{WireAction::DuplicateCopy, ""};
  EXPECT_EQ(reason_text(e), "duplicated by the network");
  e.fault = WireFault{WireAction::Delayed, ""};
  EXPECT_EQ(reason_text(e), "");
  e.fault = WireFault{WireAction::NoRoute, ""};
  EXPECT_EQ(reason_text(e), "no host has address 127.0.0.2");
  e.fault = WireFault{WireAction::Delayed, "hold it back"};
  // The verdict is a code: its words are the views' (present::verdict_text), not the trace's.
  e.verdict = ReceiverVerdict(VerdictCode::TimeWaitOutsideWindow);
  EXPECT_EQ(reason_text(e), "hold it back");
  e.fault.reset();
  EXPECT_EQ(reason_text(e), "");
}

TEST(Trace, VerdictCodesDecideAcceptedOrRejectedAndHaveStableNames) {
  const ReceiverVerdict fin(VerdictCode::AckOfFin);
  EXPECT_EQ(fin.verdict, Verdict::Accepted);
  EXPECT_EQ(fin.code, RejectCode::None);
  const ReceiverVerdict gap(VerdictCode::OutOfOrder, {.first = 1, .second = 9});
  EXPECT_EQ(gap.verdict, Verdict::Rejected);
  EXPECT_EQ(gap.code, RejectCode::OutOfOrder);
  EXPECT_EQ(ReceiverVerdict().verdict, Verdict::None);
  EXPECT_EQ(reject_code_of(VerdictCode::TimeWaitOldSyn), RejectCode::TimeWaitOutsideWindow);
  EXPECT_EQ(reject_code_of(VerdictCode::TimeWaitAssassinated), RejectCode::None);
  // Every code up to the last has a distinct name that reads back.
  for (int i = 0; i <= static_cast<int>(VerdictCode::TimeWaitOutsideWindow); ++i) {
    const auto code = static_cast<VerdictCode>(i);
    EXPECT_EQ(parse_verdict_code_key(verdict_code_key(code)), code) << i;
  }
  EXPECT_FALSE(parse_verdict_code_key("acceptable"));
}

TEST(Trace, CodesHaveNamesAndRules) {
  for (RejectCode c : {RejectCode::None, RejectCode::NoSocket, RejectCode::OutsideWindow,
                       RejectCode::TimeWaitOutsideWindow, RejectCode::ListenQueueFull}) {
    EXPECT_EQ(parse_reject_code(to_string(c)), c);
  }
  EXPECT_EQ(to_string(RejectCode::OutOfOrder), "out-of-order");
  EXPECT_EQ(reject_rule(RejectCode::OutOfOrder), "RFC 9293 §3.10.7.4");
  EXPECT_EQ(reject_rule(RejectCode::ListenQueueFull), "Linux tcp_conn_request");
  EXPECT_EQ(reject_rule(RejectCode::None), "");
  EXPECT_EQ(parse_verdict("rejected"), Verdict::Rejected);
  EXPECT_EQ(parse_wire_action("duplicate-copy"), WireAction::DuplicateCopy);
  EXPECT_FALSE(parse_wire_action("lost"));
  EXPECT_EQ(parse_isolation("host-loopback"), Isolation::HostLoopback);
  EXPECT_EQ(to_string(Isolation::None), "none");
}

}  // namespace tcplab
