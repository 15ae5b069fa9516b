#include "gui/views/run_mode_bar.h"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "gui/views/imgui_geometry.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

namespace {
constexpr float kProgressWidthEm = 22;
}  // namespace

RunModeBarResult run_mode_bar(const RunModeBarState& state, const UiLook& look) {
  RunModeBarResult result;
  ImGui::TextUnformatted(tr("Run on:"));
  for (RunMode m : kRunModes) {
    ImGui::SameLine();
    const bool disabled = needs_kernel(m) && !state.kernel_possible;
    ImGui::BeginDisabled(disabled);
    if (ImGui::RadioButton(std::string(tr(label(m))).c_str(), state.mode == m) && state.mode != m)
      result.choose = m;
    ImGui::EndDisabled();
    if (disabled && !state.why_not.empty() &&
        ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
      ImGui::SetTooltip("%s", state.why_not.c_str());
    }
  }
  if (state.running) {
    ImGui::SameLine();
    const double limit = std::max(state.limit_seconds, 0.001);
    char elapsed[32];
    char most[32];
    std::snprintf(elapsed, sizeof elapsed, "%.1f", state.elapsed_seconds);
    std::snprintf(most, sizeof most, "%.0f", limit);
    // TRANSLATORS: {0} seconds the kernel's run has taken, {1} the most it may take.
    const std::string overlay = fill(tr("Linux kernel: {0} s of at most {1} s"), {elapsed, most});
    ImGui::ProgressBar(
        static_cast<float>(std::min(state.elapsed_seconds / limit, 1.0)),
        {ImGui::GetFontSize() * kProgressWidthEm * (look.presentation ? 0.7f : 1.0f), 0},
        overlay.c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(state.stop_requested);
    if (ImGui::Button(state.stop_requested ? tr("Stopping...") : tr("Stop: show it so far")))
      result.stop = true;
    ImGui::EndDisabled();
  }
  if (!state.recording.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(state.recording.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!state.notice.empty()) {
    const Rgba c = look.theme->error;
    ImGui::PushStyleColor(ImGuiCol_Text, to_imvec4(c));
    ImGui::PushTextWrapPos(0);
    for (const std::string& line : state.notice) ImGui::TextUnformatted(line.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  return result;
}

}  // namespace tcplab::gui
