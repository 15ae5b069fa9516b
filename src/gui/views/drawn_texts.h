#pragma once
// Every text ImGui drew in the frame, read back from its draw lists: one recording point for the
// layout report that sees what the class sees (widgets, menus, the timeline's labels alike),
// whoever drew it. Call between ImGui::Render() and the next NewFrame().
#include <vector>

#include "gui/layout_report.h"

struct ImDrawData;

namespace tcplab::gui {

std::vector<LayoutText> drawn_texts(const ImDrawData& data);

}  // namespace tcplab::gui
