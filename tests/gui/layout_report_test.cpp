#include "gui/layout_report.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace tcplab::gui {
namespace {

LayoutText text(std::string s, PixelRect r, std::string panel = "Timeline", float px = 18) {
  return {std::move(s), r, std::move(panel), {0, 0, 640, 480}, {0, 0, 640, 480}, px};
}

TEST(LayoutReport, WritesAndReadsBackEveryField) {
  LayoutReport report{1280, 720, {text("TIME-WAIT", {10, 20, 95.5f, 38}, "Timeline", 30)}};
  report.texts[0].clip = {0, 10, 600, 470};
  const LayoutReport back = layout_report_from_json(to_json(report));
  EXPECT_EQ(back.width, 1280);
  EXPECT_EQ(back.height, 720);
  ASSERT_EQ(back.texts.size(), 1u);
  EXPECT_EQ(back.texts[0], report.texts[0]);
}

TEST(LayoutReport, ABadFileSaysWhatIsWrong) {
  EXPECT_THROW(layout_report_from_json("{"), std::runtime_error);
  try {
    layout_report_from_json(R"({"width": 1, "height": 1, "texts": [{"text": "x", "rect": [1]}]})");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("rect"), std::string::npos) << e.what();
  }
}

TEST(LayoutReport, OverlapsAreCountedWithinAPanelBeyondAPixel) {
  const std::vector<LayoutText> texts{
      text("TIME-WAIT 60 s, cancelled", {100, 100, 300, 118}),
      text("WAIT", {280, 100, 320, 118}),            // overprints the first
      text("next row", {100, 118, 200, 136}),        // touches the first: fine
      text("menu", {290, 100, 330, 118}, "##Menu"),  // another panel: on top of it
  };
  const auto pairs = overlapping_texts(texts);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0], (std::pair<std::size_t, std::size_t>{0, 1}));
}

TEST(LayoutReport, ATextPastItsClipIsClippedAndSmallTextIsFound) {
  std::vector<LayoutText> texts{text("RTO #2 440 ms, cancelled", {500, 10, 660, 28}),
                                text("ok", {10, 10, 30, 28}, "Timeline", 13)};
  EXPECT_EQ(clipped_texts(texts), std::vector<std::size_t>{0});
  EXPECT_EQ(texts_smaller_than(texts, 18), std::vector<std::size_t>{1});
  const std::string problems = describe_problems({640, 480, texts}, 18);
  EXPECT_NE(problems.find("clipped in Timeline: \"RTO #2 440 ms, cancelled\""), std::string::npos)
      << problems;
  EXPECT_NE(problems.find("small in Timeline: \"ok\" at 13 px"), std::string::npos) << problems;
}

}  // namespace
}  // namespace tcplab::gui
