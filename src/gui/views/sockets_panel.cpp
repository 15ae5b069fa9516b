#include "gui/views/sockets_panel.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <imgui.h>

#include "gui/socket_table.h"
#include "gui/views/imgui_geometry.h"
#include "present/state_name.h"
#include "present/time_text.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

namespace {
constexpr float kChartHeightLines = 7;     // when there is room
constexpr float kChartMinHeightLines = 3;  // in a short panel
constexpr float kLegendLines = 3;          // room kept for the legend under the table
constexpr float kChartLineThicknessPx = 2;
constexpr std::size_t kMaxTableRows = 200;  // the chart tells the rest

void state_chart(const Session& session, const UiLook& look) {
  const StateCensus& census = session.census();
  if (census.empty()) return;
  const float line = ImGui::GetTextLineHeight();
  const float width = ImGui::GetContentRegionAvail().x;
  if (width < 20) return;
  // The x axis is folded time, like the timeline: idle stretches take little room.
  const TimeFold& fold = session.index().fold();
  const std::int64_t begin = fold.fold(session.index().begin_ns());
  const std::int64_t end = std::max(fold.fold(session.index().end_ns()), begin + 1);
  const auto columns = static_cast<std::size_t>(width);
  std::vector<std::int64_t> instants(columns);
  for (std::size_t i = 0; i < columns; ++i) {
    const double f =
        static_cast<double>(i) / static_cast<double>(std::max<std::size_t>(1, columns - 1));
    instants[i] =
        fold.unfold(begin + static_cast<std::int64_t>(f * static_cast<double>(end - begin)));
  }
  const auto samples = census.sample_at(instants);
  // The legend: the states that appear, with their counts at the cursor ("TIME-WAIT 120").
  const StateCounts now = census.at(session.cursor.time_ns());
  const ImGuiStyle& style = ImGui::GetStyle();
  const float swatch = line;
  struct Entry {
    TcpState state;
    std::string text;
    float width;
  };
  std::vector<Entry> entries;
  float legend_width = 0;
  for (TcpState state : kAllTcpStates) {
    const auto k = static_cast<std::size_t>(state);
    bool any = false;
    for (const auto& s : samples) any |= s[k] > 0;
    if (!any) continue;
    std::string text = std::string(present::short_state_name(state)) + " " + std::to_string(now[k]);
    const float w = swatch + style.ItemSpacing.x + ImGui::CalcTextSize(text.c_str()).x;
    legend_width += w + style.ItemSpacing.x;
    entries.push_back({state, std::move(text), w});
  }
  // The chart takes what the legend leaves, and is left out of a panel too short for it: the
  // legend's counts are never pushed out of sight.
  const float legend_lines = std::ceil(legend_width / width) + 1;  // +1: wrapping is not exact
  const float height =
      std::min(ImGui::GetContentRegionAvail().y - legend_lines * ImGui::GetTextLineHeightWithSpacing(),
               line * kChartHeightLines);
  if (height >= line * kChartMinHeightLines) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList& list = *ImGui::GetWindowDrawList();
    const Theme& theme = *look.theme;
    list.AddRectFilled(origin, {origin.x + width, origin.y + height}, to_imgui(theme.background));
    list.AddRect(origin, {origin.x + width, origin.y + height}, to_imgui(theme.grid));
    const float peak = static_cast<float>(std::max(1, census.peak()));
    for (const Entry& e : entries) {
      const auto k = static_cast<std::size_t>(e.state);
      const ImU32 color = to_imgui(look.theme->state(e.state));
      for (std::size_t i = 1; i < samples.size(); ++i) {
        const float x0 = origin.x + static_cast<float>(i - 1), x1 = origin.x + static_cast<float>(i);
        const float y0 = origin.y + height - height * static_cast<float>(samples[i - 1][k]) / peak;
        const float y1 = origin.y + height - height * static_cast<float>(samples[i][k]) / peak;
        list.AddLine({x0, y0}, {x1, y1}, color, kChartLineThicknessPx * look.scale);
      }
    }
    // The cursor.
    const float f = static_cast<float>(fold.fold(session.cursor.time_ns()) - begin) /
                    static_cast<float>(end - begin);
    const float cx = origin.x + std::clamp(f, 0.0f, 1.0f) * width;
    list.AddLine({cx, origin.y}, {cx, origin.y + height}, to_imgui(theme.cursor),
                 kChartLineThicknessPx);
    // TRANSLATORS: {0} the most sockets in one state at any time of the run.
    const std::string top = fill(tr("peak {0}"), {std::to_string(census.peak())});
    list.AddText({origin.x + 4, origin.y + 2}, to_imgui(theme.soft_text), top.c_str());
    ImGui::Dummy({width, height});
  }
  // A colour swatch, then the name in the text colour (light colours are unreadable as text); an
  // entry that would run past the panel's edge starts the next line.
  const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  bool first = true;
  for (const Entry& e : entries) {
    if (!first && ImGui::GetItemRectMax().x + style.ItemSpacing.x + e.width <= right_edge) {
      ImGui::SameLine();
    }
    first = false;
    ImGui::ColorButton(std::string(present::short_state_name(e.state)).c_str(),
                       to_imvec4(look.theme->state(e.state)), ImGuiColorEditFlags_NoTooltip,
                       {swatch, swatch});
    ImGui::SameLine();
    ImGui::TextUnformatted(e.text.c_str());
  }
}
// A cell's text wraps at its column ("timewait, 59.9 s left" in a narrow panel), never cut.
void wrapped_cell(const std::string& text) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
}
}  // namespace

void sockets_panel(const Session& session, const UiLook& look) {
  if (!session.has_trace()) return;
  const auto rows = sockets_at(session.states());
  // TRANSLATORS: {0} the cursor's time, {1} how many sockets exist then.
  ImGui::TextUnformatted(
      fill(tr("ss -tan -o   at t = {0}   ({1} sockets)"),
           {present::instant_text(instant_from_ns(session.cursor.time_ns())),
            std::to_string(rows.size())})
          .c_str());
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingStretchProp;
  // As many rows as fit whole above the chart (a row with a timer may wrap to two lines); the
  // line under the table counts the rest. No scrolling region: a row half shown is unreadable.
  const float line = ImGui::GetTextLineHeightWithSpacing();
  float room = ImGui::GetContentRegionAvail().y - line * (kLegendLines + 4);
  std::size_t fitting = 0;
  for (const SocketRow& r : rows) {
    room -= r.timer.empty() ? line : 2 * line;
    if (room < 0 || fitting == kMaxTableRows) break;
    ++fitting;
  }
  if (ImGui::BeginTable("ss", 5, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("host"));
    ImGui::TableSetupColumn(tr("State"));
    ImGui::TableSetupColumn(tr("Local Address:Port"));
    ImGui::TableSetupColumn(tr("Peer Address:Port"));
    ImGui::TableSetupColumn(tr("Timer"));
    ImGui::TableHeadersRow();
    std::size_t shown = 0;
    for (const SocketRow& r : rows) {
      if (++shown > fitting) break;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.host.c_str());
      ImGui::TableNextColumn();
      const Rgba c = look.theme->state(r.state);
      ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, to_imgui(c));
      ImGui::PushStyleColor(ImGuiCol_Text, to_imgui(text_on(c)));
      ImGui::TextUnformatted(std::string(present::short_state_name(r.state)).c_str());
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      wrapped_cell(r.local);
      ImGui::TableNextColumn();
      wrapped_cell(r.peer);
      ImGui::TableNextColumn();
      wrapped_cell(r.timer);
    }
    ImGui::EndTable();
  }
  if (rows.size() > fitting) {
    // TRANSLATORS: {0} how many sockets the table leaves out.
    ImGui::TextDisabled("%s", fill(tr("... and {0} more"), {std::to_string(rows.size() - fitting)}).c_str());
  }
  ImGui::TextUnformatted(tr("Sockets per state over the whole run"));
  state_chart(session, look);
}

}  // namespace tcplab::gui
