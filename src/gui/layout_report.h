#pragma once
// The layout report: every text drawn in one frame (its string, rectangle, panel, clip rectangle
// and font size), written as JSON by `tcplab-gui --screenshot F.png --layout F.json` and checked
// by tests: no two texts overlap, none is cut by its panel, none is too small to read. The same
// checks run on the timeline builder's own geometry (pure code, no window).
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gui/geometry.h"

namespace tcplab::gui {

// Rectangles that share more than `tolerance_px` in both directions.
bool overlaps(const PixelRect& a, const PixelRect& b, float tolerance_px);
// `inner` lies inside `outer`, give or take `tolerance_px`.
bool contains(const PixelRect& outer, const PixelRect& inner, float tolerance_px);

struct LayoutText {
  std::string text;
  PixelRect rect;        // the text's line box
  std::string panel;     // the window it was drawn in
  PixelRect panel_rect;  // that window's rectangle
  PixelRect clip;        // what the text was clipped to when drawn
  float font_px = 0;
  bool operator==(const LayoutText&) const = default;
};

struct LayoutReport {
  int width = 0, height = 0;  // of the frame, in pixels
  std::vector<LayoutText> texts;
};

std::string to_json(const LayoutReport& report);
// Throws std::runtime_error naming the field when `json` is not a layout report.
LayoutReport layout_report_from_json(std::string_view json);

// Texts within this much of each other are not counted as overlapping (anti-aliased edges).
inline constexpr float kLayoutTolerancePx = 1;

// Pairs (i, j), i < j, of texts in the same panel whose rectangles overlap. Texts of different
// panels are judged by the panel that is on top (a menu over the timeline is fine).
std::vector<std::pair<std::size_t, std::size_t>> overlapping_texts(
    const std::vector<LayoutText>& texts);
// Texts whose rectangle is not inside their clip rectangle (a part of them is cut off).
std::vector<std::size_t> clipped_texts(const std::vector<LayoutText>& texts);
// Texts smaller than `min_px`.
std::vector<std::size_t> texts_smaller_than(const std::vector<LayoutText>& texts, float min_px);

// One line per problem, for a test's failure message.
std::string describe_problems(const LayoutReport& report, float min_font_px);

}  // namespace tcplab::gui
