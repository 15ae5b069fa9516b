#pragma once
// The ladder diagram as SVG, for slides and handouts: the same geometry the screen draws.
#include <string>

#include "gui/geometry.h"
#include "gui/label_placer.h"

namespace tcplab::gui {

struct SvgOptions {
  float width = 0;
  float height = 0;
  float font_px = 14;  // the font's em (CSS font-size), as the screen's font
  Rgba background{255, 255, 255, 255};
  float line_px = 16;    // a line of text's height: where each text's baseline and plate fall
  // A text's width in the screen's font: each text is fitted to it (textLength), and plates are
  // drawn behind texts that have one; empty: neither.
  TextMeasure measure;
};

std::string to_svg(const FrameGeometry& frame, const SvgOptions& options);

}  // namespace tcplab::gui
