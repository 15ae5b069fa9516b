#include "gui/views/differences_panel.h"

#include <string>

#include <imgui.h>

#include "gui/views/imgui_geometry.h"
#include "present/time_text.h"
#include "present/message_text.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

namespace {

// What differs, in the reader's language.
const char* kind_name(DifferenceKind kind) {
  switch (kind) {
    case DifferenceKind::Segment:
      // TRANSLATORS: the kind of a difference between the model and the kernel.
      return tr(N_("segment"));
    case DifferenceKind::State:
      return tr(N_("state"));
    case DifferenceKind::Call:
      return tr(N_("call"));
    case DifferenceKind::Timing:
      return tr(N_("timing"));
  }
  return "?";
}

void wrapped_lines(const char* prefix, const std::vector<std::string>& lines) {
  ImGui::PushTextWrapPos(0);
  for (const std::string& l : lines) ImGui::TextDisabled("%s%s", prefix, l.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace

void differences_panel(Session& session, const UiLook& look) {
  const SideBySide* pair = session.side_by_side();
  if (!pair) {
    ImGui::TextWrapped("%s", tr("Choose \"Side by side\" above the timeline: the lesson runs on "
                                "the model and on the real Linux kernel, and their differences "
                                "are listed here."));
    return;
  }
  const Comparison& c = pair->comparison();
  const BackendComparison& r = pair->result();
  if (c.agree()) {
    // TRANSLATORS: {0} how many segments of the two runs were paired.
    ImGui::TextColored(to_imvec4(okabe_ito::kBluishGreen), "%s",
                       fill(tr("Model and kernel agree: {0} segments matched one to one."),
                            {std::to_string(c.matched_segments.size())})
                           .c_str());
  } else {
    // TRANSLATORS: {0} differences, {1} of {2} model segments paired with the kernel's.
    const char* pattern = c.differences.size() == 1
                              ? tr("{0} difference ({1} of {2} model segments matched).")
                              : tr("{0} differences ({1} of {2} model segments matched).");
    ImGui::TextColored(to_imvec4(look.theme->error), "%s",
                       fill(pattern, {std::to_string(c.differences.size()),
                                      std::to_string(c.matched_segments.size()),
                                      std::to_string(c.left_segments)})
                           .c_str());
    if (r.lesson_explains_kernel)
      ImGui::TextWrapped("%s",
                         tr("The lesson explains why the kernel differs (see its note below)."));
  }
  std::vector<std::string> notes;
  for (const ComparisonNote& note : r.notes) notes.push_back(comparison_note_text(note));
  wrapped_lines("", notes);
  std::vector<std::string> warnings;
  for (const Message& w : r.kernel.trace.warnings) warnings.push_back(present::message_text(w));
  wrapped_lines(tr("kernel: "), warnings);
  wrapped_lines(tr("tolerated race: "), c.races);
  if (c.differences.empty()) return;
  ImGui::Separator();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("differences", 5, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr("at"), ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn(tr("what"), ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn(tr("where"), ImGuiTableColumnFlags_WidthStretch);
  // The sides' names ("model", "kernel") as the merged names' tags say them.
  ImGui::TableSetupColumn(pair->side(Side::Left).tag.c_str(), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(pair->side(Side::Right).tag.c_str(), ImGuiTableColumnFlags_WidthStretch);
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
    ImGui::TextUnformatted(kind_name(d.kind));
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", d.subject.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", d.left.empty() ? tr("(nothing)") : d.left.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", d.right.empty() ? tr("(nothing)") : d.right.c_str());
  }
  ImGui::EndTable();
}

}  // namespace tcplab::gui
