#include "gui/views/inspector_panel.h"

#include <imgui.h>

#include "gui/segment_details.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

bool inspector_panel(const Session& session, const UiLook& look, bool can_rerun) {
  (void)look;
  if (!session.has_trace()) return false;
  const SegmentEvent* seg = session.trace().segment_by_id(session.selected_segment);
  if (!seg) {
    ImGui::TextWrapped("%s", tr("Click a segment arrow on the timeline to see its header here."));
    return false;
  }
  bool drop = false;
  if (ImGui::BeginTable("segment", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableSetupColumn(tr("field"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("value"), ImGuiTableColumnFlags_WidthStretch);
    for (const DetailRow& row : segment_details(session.trace(), *seg)) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.label.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", row.value.c_str());
    }
    ImGui::EndTable();
  }
  if (can_rerun) {
    if (ImGui::Button(tr("Drop this segment and re-run"))) drop = true;
  } else {
    ImGui::TextDisabled("%s", tr("(open a lesson to drop a segment and re-run it)"));
  }
  return drop;
}

}  // namespace tcplab::gui
