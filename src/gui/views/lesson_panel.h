#pragma once
// The lesson panel: which lesson is shown, the narration of the step at the cursor in
// English or Chinese, what just happened, and the lesson's knobs.
#include <string>
#include <vector>

#include "gui/session.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

struct SourceEntry {
  std::string id;     // "four-way-close"
  Text title;         // shown in the picker, in the panel's language
  bool loads = true;  // false: the picker says the file does not load
};

struct LessonPanelResult {
  std::string open;    // a source the user picked, "" if none
  bool rerun = false;  // a knob changed: run the lesson again
  bool language_changed = false;
};

LessonPanelResult lesson_panel(Session& session, UiLook& look,
                               const std::vector<SourceEntry>& sources, bool can_run);
// The narration (or, without one, the event at the cursor) as large wrapped text: used by the
// lesson panel and by presentation mode.
void narration_text(const Session& session, const UiLook& look);

}  // namespace tcplab::gui
