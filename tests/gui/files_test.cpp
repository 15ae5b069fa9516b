// Settings, fonts and exports: what the GUI reads and writes.
#include <filesystem>

#include <gtest/gtest.h>

#include "gui/font_finder.h"
#include "gui/settings.h"
#include "gui/svg_writer.h"

namespace tcplab::gui {
namespace {

TEST(Settings, RoundTrip) {
  Settings s;
  s.last_lesson = "four-way-close";
  s.language = "zh";
  s.presentation = true;
  s.play_speed = 3.5;
  s.last_folder = "/home/teacher/handouts";
  const Settings back = parse_settings(format_settings(s));
  EXPECT_EQ(back.last_folder, "/home/teacher/handouts");
  EXPECT_EQ(back.last_lesson, "four-way-close");
  EXPECT_EQ(back.language, "zh");
  EXPECT_TRUE(back.presentation);
  EXPECT_DOUBLE_EQ(back.play_speed, 3.5);
}

TEST(Settings, ThemePaletteAndTextSizeAreKept) {
  Settings s;
  s.projector_theme = true;
  s.colour_blind_safe = true;
  s.text_scale = 1.5;
  const Settings back = parse_settings(format_settings(s));
  EXPECT_TRUE(back.projector_theme);
  EXPECT_TRUE(back.colour_blind_safe);
  EXPECT_DOUBLE_EQ(back.text_scale, 1.5);
  // A text size no one can read (or fit) is ignored.
  EXPECT_DOUBLE_EQ(parse_settings("text_scale = 9\n").text_scale, 1.0);
  EXPECT_DOUBLE_EQ(parse_settings("text_scale = 0.1\n").text_scale, 1.0);
}

TEST(Settings, ABrokenFileIsIgnoredNotFatal) {
  const Settings s = parse_settings(
      "\x01\x02 garbage\nlanguage = klingon\nplay_speed = -4\n"
      "presentation = maybe\n=\nlast_lesson = time-wait\n");
  EXPECT_EQ(s.language, "en");
  EXPECT_DOUBLE_EQ(s.play_speed, Settings{}.play_speed);
  EXPECT_FALSE(s.presentation);
  EXPECT_EQ(s.last_lesson, "time-wait");
  EXPECT_EQ(load_settings("/nonexistent/tcplab/gui.conf").language, "en");
}

TEST(FontFinder, TakesTheFirstCandidateThatExists) {
  const auto list = parse_font_list("# comment\n/a/missing.ttc#2\n/b/present.ttf\n");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].collection_index, 2);
  const auto chosen =
      find_font(list, [](const std::filesystem::path& p) { return p == "/b/present.ttf"; });
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->file, "/b/present.ttf");
  EXPECT_FALSE(find_font(list, [](const std::filesystem::path&) { return false; }));
  EXPECT_NE(kNoCjkFontMessage.find("fonts-noto-cjk"), std::string_view::npos);
}

TEST(FontFinder, GlyphRangesCoverTheChineseTheLessonsUse) {
  const auto ranges = glyph_ranges({"TIME-WAIT 状态", "主动关闭"});
  ASSERT_GE(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].first, U' ');
  auto covered = [&](char32_t cp) {
    for (auto [a, b] : ranges) {
      if (cp >= a && cp <= b) return true;
    }
    return false;
  };
  for (char32_t cp : utf8_code_points("状态主动关闭")) EXPECT_TRUE(covered(cp));
  EXPECT_FALSE(covered(U'猫'));
  EXPECT_EQ(utf8_code_points("a\xff"
                             "b")
                .size(),
            2u)
      << "invalid bytes are skipped";
}

TEST(SvgWriter, WritesShapesAndEscapedText) {
  FrameGeometry g;
  g.rects.push_back({{0, 0}, {10, 20}, {213, 94, 0, 255}});
  g.lines.push_back({{0, 0}, {5, 5}, {0, 0, 0, 255}, 2, LineStyle::Dashed});
  g.texts.push_back({{1, 1}, "bind() = -1 <EADDRINUSE>", {0, 0, 0, 255}});
  SvgOptions o;
  o.width = 100;
  o.height = 50;
  const std::string svg = to_svg(g, o);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("rgb(213,94,0)"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_NE(svg.find("&lt;EADDRINUSE&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("textLength"), std::string::npos) << "no measure, no fitted widths";
}

TEST(SvgWriter, DrawsRoundedOutlinesLargerTitlesPlatesAndTheScreensWidths) {
  FrameGeometry g;
  RectPrim box{{10, 10}, {60, 30}, {0, 0, 0, 255}, false, 3.5f};
  box.rounding = 6;
  g.rects.push_back(box);
  TextPrim title{{5, 0}, "Title", {0, 0, 0, 255}};
  title.size = 1.5f;
  g.texts.push_back(title);
  g.texts.push_back({{50, 40}, "tag", {0, 0, 0, 255}, TextAlign::Center, {255, 255, 255, 255}});
  SvgOptions o;
  o.width = 100;
  o.height = 50;
  o.font_px = 12;
  o.line_px = 18;
  o.measure = [](std::string_view t) { return 10.0f * static_cast<float>(t.size()); };
  const std::string svg = to_svg(g, o);
  EXPECT_NE(svg.find("rx=\"6.0\" fill=\"none\" stroke=\"rgb(0,0,0)\" stroke-width=\"3.5\""),
            std::string::npos)
      << svg;
  // The title: 1.5 times the font, as wide as measured (5 characters, 10 px each, times 1.5).
  EXPECT_NE(svg.find("font-size=\"18.0\" textLength=\"75.0\""), std::string::npos) << svg;
  // The plate behind "tag": centred on x = 50, 30 px wide, 2 px more each side, a line high.
  EXPECT_NE(svg.find("<rect x=\"33.0\" y=\"40.0\" width=\"34.0\" height=\"18.0\""),
            std::string::npos)
      << svg;
}

}  // namespace
}  // namespace tcplab::gui
