#pragma once
// The clicked segment's full header and what it did; a button to drop it and re-run.
#include "gui/session.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

// Returns true when the user asked to drop the selected segment and re-run the lesson.
bool inspector_panel(const Session& session, const UiLook& look, bool can_rerun);

}  // namespace tcplab::gui
