// Terminal widths of mixed English and Chinese text, as the ladder pads its columns.
#include "scenario/text_width.h"

#include <gtest/gtest.h>

namespace tcplab {
namespace {

TEST(TextWidth, CountsCjkAsTwoColumns) {
  EXPECT_EQ(display_width("TIME-WAIT"), 9u);
  EXPECT_EQ(display_width("四次挥手"), 8u);
  EXPECT_EQ(display_width("进入 TIME_WAIT。"), 16u);  // 2+2 + 1 + 9 + 2 (full-width stop)
  EXPECT_EQ(display_width("├─ F. ─▶ ✗"), 10u);        // box drawing and arrows: one column each
  EXPECT_EQ(display_width("e\xcc\x81"), 1u);          // e + combining acute accent
  EXPECT_EQ(display_width("\xff"), 1u);               // a stray byte still takes a column
}

TEST(TextWidth, PadsAndTruncatesByColumns) {
  EXPECT_EQ(pad_right("关闭", 6), "关闭  ");
  EXPECT_EQ(pad_right("close", 3), "close");
  EXPECT_EQ(truncate_to_width("四次挥手", 5), "四次…");
  EXPECT_EQ(truncate_to_width("four-way", 5), "four…");
  EXPECT_EQ(truncate_to_width("four", 5), "four");
}

}  // namespace
}  // namespace tcplab
