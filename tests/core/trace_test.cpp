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

}  // namespace tcplab
