#pragma once
// Per-frame facts the timeline builder needs (Tracy's TimelineContext): where it draws, how big
// the font is, where the stepping cursor is. Passed as a const reference; rebuilt every frame.
#include <cstdint>
#include <vector>

#include "gui/geometry.h"
#include "gui/label_placer.h"
#include "gui/palette.h"

namespace tcplab::gui {

struct TimelineFrame {
  Vec2 origin;  // top-left corner of the drawing area, in pixels
  float width = 0;
  float height = 0;
  float line_height = 16;  // height of one line of text in the current font
  float char_width = 8;    // average advance of a capital letter or digit, for laying out labels
  TextMeasure measure;     // a text's width in the font drawn with; empty: estimated by char_width
  float scale = 1;         // every pixel size is multiplied by this (presentation mode: larger)
  bool has_cursor = false;
  std::int64_t cursor_ns = 0;
  // Events shown: step k stands just after the trace's k-th event, so of several events at the
  // cursor's instant only those before it have happened (predict mode must not show the others).
  std::size_t cursor_step = 0;
  std::uint64_t selected_segment = 0;
  // Predict mode: nothing after the cursor's instant is drawn (future_veil.h).
  bool hide_future = false;
  // Side by side: segments a difference names (sorted ids), drawn highlighted.
  const std::vector<std::uint64_t>* flagged_segments = nullptr;
  const Theme* theme = &kLightTheme;
};

}  // namespace tcplab::gui
