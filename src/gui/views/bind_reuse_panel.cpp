#include "gui/views/bind_reuse_panel.h"

#include <string>

#include <imgui.h>

#include "gui/views/imgui_geometry.h"
#include "present/state_name.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::tr;

namespace {

std::string option_text(std::optional<bool> on) {
  if (!on) return "?";  // the trace does not say (a socket the run did not create)
  // TRANSLATORS: SO_REUSEADDR set on a socket, in the restart table.
  return *on ? tr("on") : tr("off");
}

std::string holder_text(BindConflict::Holder holder) {
  switch (holder) {
    case BindConflict::Holder::Listener:
      // TRANSLATORS: what held the port a restarted server binds.
      return tr("a listener");
    case BindConflict::Holder::Connection:
      // TRANSLATORS: what held the port a restarted server binds.
      return tr("a connection");
    case BindConflict::Holder::TimeWait:
      return std::string(present::short_state_name(TcpState::TimeWait));
  }
  return "";
}

std::string result_text(const BindReuseRow& row) {
  if (row.result == 0) return "0";
  return std::to_string(row.result) + " " + std::string(errno_name(row.error));
}

}  // namespace

bool bind_reuse_table(const Session& session, const UiLook& look) {
  if (!session.has_trace() || session.bind_reuse.empty()) return false;
  const auto rows = rows_reached(session.bind_reuse, session.cursor.step());
  ImGui::PushTextWrapPos(0);  // a narrow panel wraps the title rather than cutting it
  ImGui::TextUnformatted(tr("Restart: SO_REUSEADDR of the old listener × the new socket → bind()"));
  ImGui::PopTextWrapPos();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("reuse", 5, flags)) {
    ImGui::TableSetupColumn(tr("port"));
    // TRANSLATORS: column of the restart table: SO_REUSEADDR on the socket that bound the port before.
    ImGui::TableSetupColumn(tr("old listener"));
    // TRANSLATORS: column of the restart table: SO_REUSEADDR on the socket calling bind().
    ImGui::TableSetupColumn(tr("new socket"));
    ImGui::TableSetupColumn(tr("port held by"));
    ImGui::TableSetupColumn("bind()");
    ImGui::TableHeadersRow();
    for (const BindReuseRow& row : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(std::to_string(row.local.port).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(option_text(row.old_reuse).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(option_text(row.new_reuse).c_str());
      ImGui::TableNextColumn();
      const Rgba c = look.theme->state(TcpState::TimeWait);
      if (row.holder == BindConflict::Holder::TimeWait) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, to_imgui(c));
        ImGui::PushStyleColor(ImGuiCol_Text, to_imgui(text_on(c)));
      }
      ImGui::TextUnformatted(holder_text(row.holder).c_str());
      if (row.holder == BindConflict::Holder::TimeWait) ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(result_text(row).c_str());
    }
    ImGui::EndTable();
  }
  if (rows.empty()) {
    // TRANSLATORS: the restart table before the cursor reaches the first restart's bind().
    ImGui::TextDisabled("%s", tr("(no restart's bind() yet)"));
  }
  return true;
}

}  // namespace tcplab::gui
