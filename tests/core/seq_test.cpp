// Sequence numbers compare modulo 2^32 (RFC 9293 §3.4): tests around the wrap.
#include "core/seq.h"

#include <gtest/gtest.h>

namespace tcplab {

TEST(SeqNum, OrdersNormally) {
  EXPECT_LT(SeqNum(1), SeqNum(2));
  EXPECT_GT(SeqNum(1000), SeqNum(1));
  EXPECT_EQ(SeqNum(7), SeqNum(7));
}

TEST(SeqNum, OrdersAcrossTheWrap) {
  const SeqNum before_wrap(0xFFFFFFF0u);
  const SeqNum after_wrap = before_wrap + 0x20;  // wraps to 0x10
  EXPECT_EQ(after_wrap.raw(), 0x10u);
  EXPECT_LT(before_wrap, after_wrap);
  EXPECT_GT(after_wrap, before_wrap);
  EXPECT_EQ(after_wrap - before_wrap, 0x20);
  EXPECT_EQ(before_wrap - after_wrap, -0x20);
}

TEST(SeqNum, HalfTheSpaceAwayIsBehind) {
  // Anything more than 2^31 ahead reads as behind: the limit of serial arithmetic (RFC 1982).
  EXPECT_LT(SeqNum(0x80000001u), SeqNum(0));
  EXPECT_GT(SeqNum(0x7FFFFFFFu), SeqNum(0));
}

TEST(SeqNum, WindowTestWraps) {
  EXPECT_TRUE(seq_in_window(SeqNum(5), SeqNum(0xFFFFFFFEu), 10));
  EXPECT_TRUE(seq_in_window(SeqNum(0xFFFFFFFEu), SeqNum(0xFFFFFFFEu), 10));
  EXPECT_FALSE(seq_in_window(SeqNum(8), SeqNum(0xFFFFFFFEu), 10));
  EXPECT_FALSE(seq_in_window(SeqNum(0xFFFFFFFDu), SeqNum(0xFFFFFFFEu), 10));
  EXPECT_FALSE(seq_in_window(SeqNum(3), SeqNum(3), 0));
}

}  // namespace tcplab
