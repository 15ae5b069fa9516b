#pragma once
// A row of large current-state chips above the ladder, one per live socket at the cursor.
#include "gui/session.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

// Draws the chips into the current ImGui window, wrapping onto further rows as the width needs,
// and moves the cursor below them.
void state_chip_row(const Session& session, const UiLook& look);

}  // namespace tcplab::gui
