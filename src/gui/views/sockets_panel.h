#pragma once
// `ss -tan` at the cursor, per host, and a chart of sockets per state over the whole trace.
#include "gui/session.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

void sockets_panel(const Session& session, const UiLook& look);

}  // namespace tcplab::gui
