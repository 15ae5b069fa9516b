#pragma once
// Stepping controls: first / previous / play-pause / next / last, speed, and a scrubber.
#include "gui/session.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

void transport_bar(Session& session, const UiLook& look);

}  // namespace tcplab::gui
