#pragma once
// A whole slide, for handouts and a teacher's own slides: the lesson's title, the ladder at the
// cursor (fitted), the narration of the current step with what just happened, and the RFC 9293
// state diagram, composed as one picture. Built as geometry from the same builders the screen
// draws with (build_timeline, build_state_diagram), so the SVG (svg_writer.h) and the PNG (the
// geometry drawn by ImGui) show what the panels show. Pure: no ImGui.
#include <string>
#include <string_view>
#include <vector>

#include "gui/geometry.h"
#include "gui/label_placer.h"
#include "gui/palette.h"
#include "gui/state_diagram.h"
#include "gui/timeline_index.h"
#include "gui/timeline_view.h"

namespace tcplab::gui {

inline constexpr float kSlideTitleSize = 1.4f;  // the title, times the body text

struct SlideParagraph {
  std::string text;
  Rgba color;
};

struct SlideContent {
  std::string title;
  std::vector<SlideParagraph> narration;  // the step's narration, then what just happened
  const TimelineIndex* index = nullptr;   // the run's ladder
  bool compress_idle = true;
  std::int64_t cursor_ns = 0;
  std::size_t cursor_step = 0;
  DiagramStatus diagram;
};

struct SlideFrame {
  float width = 1600;
  float height = 1000;
  float line_height = 18;  // one line of body text
  TextMeasure measure;     // a body text's width
  float scale = 1;         // line thicknesses, as the panels' (presentation mode: larger)
  const Theme* theme = &kLightTheme;
};

// Lines of `text` no wider than `width` (a line break wherever it says so), broken at spaces, or
// between any two characters of a script written without spaces (Chinese); a word wider than the
// line is cut between characters.
std::vector<std::string> wrap_text(std::string_view text, float width, const TextMeasure& measure);

FrameGeometry build_slide(const SlideContent& content, const SlideFrame& frame);

}  // namespace tcplab::gui
