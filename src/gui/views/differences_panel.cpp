#include "gui/views/differences_panel.h"

#include <string>

#include <imgui.h>

#include "gui/views/imgui_geometry.h"
#include "present/time_text.h"

namespace tcplab::gui {

namespace {

void wrapped_lines(const char* prefix, const std::vector<std::string>& lines) {
  ImGui::PushTextWrapPos(0);
  for (const std::string& l : lines) ImGui::TextDisabled("%s%s", prefix, l.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace

void differences_panel(Session& session, const UiLook& look) {
  const SideBySide* pair = session.side_by_side();
  if (!pair) {
    ImGui::TextWrapped(
        "Choose \"Side by side\" above the timeline: the lesson runs on the model and on the "
        "real Linux kernel, and their differences are listed here.");
    return;
  }
  const Comparison& c = pair->comparison();
  const BackendComparison& r = pair->result();
  if (c.agree()) {
    ImGui::TextColored(to_imvec4(okabe_ito::kBluishGreen),
                       "Model and kernel agree: %zu segments matched one to one.",
                       c.matched_segments.size());
  } else {
    ImGui::TextColored(to_imvec4(look.theme->error),
                       "%zu difference%s (%zu of %zu model segments matched).",
                       c.differences.size(), c.differences.size() == 1 ? "" : "s",
                       c.matched_segments.size(), c.left_segments);
    if (r.lesson_explains_kernel)
      ImGui::TextWrapped("The lesson explains why the kernel differs (see its note below).");
  }
  wrapped_lines("", r.notes);
  wrapped_lines("kernel: ", r.kernel.trace.warnings);
  wrapped_lines("tolerated race: ", c.races);
  if (c.differences.empty()) return;
  ImGui::Separator();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("differences", 5, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("at", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("where", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(c.left_name.c_str(), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(c.right_name.c_str(), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  int n = 0;
  for (const DifferenceRow& row : pair->rows()) {
    const Difference& d = *row.difference;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(n++);
    const std::string at = row.at_ns ? present::instant_text(instant_from_ns(*row.at_ns)) : "-";
    const bool chosen = row.merged_segment != 0 && row.merged_segment == session.selected_segment;
    if (ImGui::Selectable(at.c_str(), chosen, ImGuiSelectableFlags_SpanAllColumns)) {
      if (row.at_ns) session.cursor.go_to_time(*row.at_ns);
      if (row.merged_segment != 0) session.selected_segment = row.merged_segment;
    }
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(std::string(to_string(d.kind)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", d.subject.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", d.left.empty() ? "(nothing)" : d.left.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", d.right.empty() ? "(nothing)" : d.right.c_str());
  }
  ImGui::EndTable();
}

}  // namespace tcplab::gui
