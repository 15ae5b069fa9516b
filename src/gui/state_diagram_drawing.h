#pragma once
// The RFC 9293 state diagram (state_diagram.h) drawn as geometry: boxes, arrows, the endpoints'
// tags placed beside their states, and the transition just taken with its cause. One drawing for
// the State diagram panel and for an exported slide (slide.h), so both show the same picture.
// Pure: no ImGui; widths come from a TextMeasure.
#include "gui/geometry.h"
#include "gui/label_placer.h"
#include "gui/palette.h"
#include "gui/state_diagram.h"

namespace tcplab::gui {

struct DiagramFrame {
  Vec2 origin;  // top-left corner of the drawing area, in pixels
  float width = 0;
  float height = 0;
  float line_height = 16;  // one line of text in the font drawn with
  TextMeasure measure;
  float scale = 1;  // line thicknesses and arrow heads
  const Theme* theme = &kLightTheme;
};

// Appends the diagram at `status` to `out`: nothing when the frame is too small to read.
void build_state_diagram(const DiagramStatus& status, const DiagramFrame& frame,
                         FrameGeometry& out);

}  // namespace tcplab::gui
