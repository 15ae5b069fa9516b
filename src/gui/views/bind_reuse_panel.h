#pragma once
// The restarts' SO_REUSEADDR table beside the ladder: old listener × new socket → bind(), one
// row per bind() that met a held port, each shown once the cursor has passed that bind().
#include "gui/session.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

// Draws nothing when the run has no such bind(); true when it drew the table.
bool bind_reuse_table(const Session& session, const UiLook& look);

}  // namespace tcplab::gui
