#pragma once
// Predict mode hides what has not happened yet: a ladder drawn up to the cursor's instant, and
// nothing below it (the timeline is otherwise drawn whole, the future faded but readable, which
// would give the answer away).
#include "gui/geometry.h"

namespace tcplab::gui {

// Keeps what lies above `cut_y`: lines and rectangles crossing it are cut there, anything
// starting below it (a text, an arrowhead, a band's name) is dropped, and so is anything drawn
// invisible (the builder draws the future with the theme's future_alpha, 0 here: a label the
// placer moved above the cut is still known as the future's by its colour).
void cut_below(FrameGeometry& geometry, float cut_y);

}  // namespace tcplab::gui
