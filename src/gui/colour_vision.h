#pragma once
// How a colour looks to someone with dichromacy, and how far apart two colours look: Machado,
// Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
// Deficiency", severity 1.0 matrices on linear sRGB; distance as CIE76 delta E in CIELAB (D65).
// Used to check that the colour-blind-safe palette keeps every state band apart in the picture.
#include "gui/geometry.h"

namespace tcplab::gui {

enum class ColourVision { Normal, Deuteranopia, Protanopia };

// `c` as seen with `vision` (alpha kept).
Rgba simulate(Rgba c, ColourVision vision);

struct Lab {
  double l = 0, a = 0, b = 0;
};
Lab to_lab(Rgba c);
// CIE76: about 2.3 is just noticeable; 10 or more reads as another colour at a glance.
double delta_e(Rgba x, Rgba y);

}  // namespace tcplab::gui
