#pragma once
// The ladder diagram as SVG, for slides and handouts: the same geometry the screen draws.
#include <string>

#include "gui/geometry.h"

namespace tcplab::gui {

struct SvgOptions {
  float width = 0;
  float height = 0;
  float font_px = 14;
  Rgba background{255, 255, 255, 255};
};

std::string to_svg(const FrameGeometry& frame, const SvgOptions& options);

}  // namespace tcplab::gui
