#pragma once
// The RFC 9293 state diagram with every live socket's state highlighted and the transition just
// taken lit up with its cause.
#include "gui/session.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

void state_diagram_panel(const Session& session, const UiLook& look);

}  // namespace tcplab::gui
