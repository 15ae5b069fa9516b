#pragma once
// Stepping controls: first / previous / play-pause / next / last, speed, and a scrubber.
#include "gui/session.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

void transport_bar(Session& session, const UiLook& look);
// Space, arrows, Home and End, when no text field has the keyboard.
void stepping_keys(Session& session);

}  // namespace tcplab::gui
