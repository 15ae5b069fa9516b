#include "gui/views/state_diagram_panel.h"

#include <imgui.h>

#include "gui/state_diagram.h"
#include "gui/state_diagram_drawing.h"
#include "gui/views/imgui_geometry.h"

namespace tcplab::gui {

void state_diagram_panel(const Session& session, const UiLook& look) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (!session.has_trace()) return;
  DiagramFrame frame;
  frame.origin = {origin.x, origin.y};
  frame.width = avail.x;
  frame.height = avail.y;
  frame.line_height = ImGui::GetTextLineHeight();
  frame.measure = [](std::string_view text) {
    return ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
  };
  frame.scale = look.scale;
  frame.theme = look.theme;
  FrameGeometry geometry;
  build_state_diagram(diagram_status(session.states()), frame, geometry);
  draw_geometry(*ImGui::GetWindowDrawList(), geometry);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (const TextTip& tip : geometry.tips) {
    if (ImGui::IsWindowHovered() && mouse.x >= tip.rect.x0 && mouse.x < tip.rect.x1 &&
        mouse.y >= tip.rect.y0 && mouse.y < tip.rect.y1) {
      ImGui::SetTooltip("%s", tip.text.c_str());
    }
  }
  if (avail.x > 0 && avail.y > 0) ImGui::Dummy(avail);
}

}  // namespace tcplab::gui
