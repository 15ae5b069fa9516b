#pragma once
// Side by side: where the model and the kernel disagree (tcplab compare's report as a table).
// Clicking a row moves the cursor to the difference and selects its segment on both ladders.
#include "gui/session.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

void differences_panel(Session& session, const UiLook& look);

}  // namespace tcplab::gui
