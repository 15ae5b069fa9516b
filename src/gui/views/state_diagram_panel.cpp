#include "gui/views/state_diagram_panel.h"

#include <cmath>
#include <map>

#include <imgui.h>

#include "gui/label_placer.h"
#include "gui/state_diagram.h"
#include "gui/views/imgui_geometry.h"
#include "present/event_sentence.h"
#include "present/state_name.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

namespace {
constexpr float kNodeWidthShare = 0.24f;  // of the panel's width
constexpr float kNodeHeightLines = 1.5f;
constexpr float kEdgeThicknessPx = 1.2f;
constexpr float kLitThicknessPx = 4;
constexpr float kHighlightThicknessPx = 3.5f;
constexpr float kArrowHeadPx = 8;
constexpr float kNodeRounding = 6;
constexpr std::uint8_t kIdleNodeAlpha = 60;
constexpr float kCauseLines = 3.2f;
constexpr std::size_t kNamesPerNode = 2;  // endpoints named under a state; the rest counted  //
                                          // room at the bottom for the last transition's cause

ImVec2 edge_point(ImVec2 center, ImVec2 toward, ImVec2 half) {
  // Where the line from center to `toward` leaves the node's rectangle.
  const float dx = toward.x - center.x, dy = toward.y - center.y;
  const float sx = std::abs(dx) > 1e-3f ? half.x / std::abs(dx) : 1e9f;
  const float sy = std::abs(dy) > 1e-3f ? half.y / std::abs(dy) : 1e9f;
  const float s = std::min(sx, sy);
  return {center.x + dx * s, center.y + dy * s};
}

void arrow(ImDrawList& list, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float head) {
  list.AddLine(a, b, color, thickness);
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::max(1e-3f, std::sqrt(dx * dx + dy * dy));
  const float ux = dx / len, uy = dy / len;
  const ImVec2 base{b.x - ux * head, b.y - uy * head};
  list.AddTriangleFilled(b, {base.x - uy * head / 2, base.y + ux * head / 2},
                         {base.x + uy * head / 2, base.y - ux * head / 2}, color);
}
}  // namespace

void state_diagram_panel(const Session& session, const UiLook& look) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 50 || avail.y < 50 || !session.has_trace()) return;
  const Theme& theme = *look.theme;
  const float line = ImGui::GetTextLineHeight();
  const float diagram_height = avail.y - line * kCauseLines;
  ImDrawList& list = *ImGui::GetWindowDrawList();
  list.AddRectFilled(origin, {origin.x + avail.x, origin.y + avail.y}, to_imgui(theme.background));
  const ImVec2 half{avail.x * kNodeWidthShare / 2, line * kNodeHeightLines / 2};
  auto at = [&](const DiagramNode& n) {
    return ImVec2{origin.x + half.x + n.center.x * (avail.x - 2 * half.x),
                  origin.y + half.y + n.center.y * (diagram_height - 2 * half.y)};
  };

  const DiagramStatus status = diagram_status(session.states());
  std::optional<std::size_t> lit;
  if (status.last_change) lit = find_edge(status.last_change->from, status.last_change->to);

  const auto nodes = diagram_nodes();
  const auto edges = diagram_edges();
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const DiagramEdge& e = edges[i];
    const ImVec2 a = at(nodes[e.from_node]), b = at(nodes[e.to_node]);
    const bool is_lit = lit && *lit == i;
    const ImU32 color = to_imgui(is_lit ? theme.selection : theme.soft_text);
    arrow(list, edge_point(a, b, half), edge_point(b, a, half), color,
          (is_lit ? kLitThicknessPx : kEdgeThicknessPx) * look.scale, kArrowHeadPx * look.scale);
  }
  // A transition the figure does not draw (a RST, an abort): a dashed arrow, still lit.
  if (status.last_change && !lit) {
    const ImVec2 a = at(nodes[node_for(status.last_change->from)]);
    const ImVec2 b = at(nodes[node_for(status.last_change->to, status.last_change->from)]);
    arrow(list, edge_point(a, b, half), edge_point(b, a, half), to_imgui(theme.selection),
          kLitThicknessPx * look.scale, kArrowHeadPx * look.scale);
  }

  // Which endpoints are in each state.
  std::map<TcpState, std::string> who;
  std::map<TcpState, std::size_t> how_many;
  for (const EndpointMark& m : status.endpoints) {
    auto& names = who[m.state];
    if (++how_many[m.state] > kNamesPerNode) continue;
    if (!names.empty()) names += ", ";
    names += m.endpoint;
  }
  for (auto& [state, names] : who) {
    if (how_many[state] > kNamesPerNode)
      names += " +" + std::to_string(how_many[state] - kNamesPerNode);
  }
  // The endpoints' tags ("client#1") are placed by the timeline's label placer: beside their
  // state's box where there is room, never over another box or tag; else cut short or counted.
  LabelPlacer tags({origin.x, origin.y, origin.x + avail.x, origin.y + diagram_height}, line,
                   [](std::string_view text) {
                     return ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
                   });
  for (const DiagramNode& n : nodes) {
    const ImVec2 c = at(n);
    tags.reserve({c.x - half.x, c.y - half.y, c.x + half.x, c.y + half.y});
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const DiagramNode& n = nodes[i];
    const ImVec2 c = at(n);
    const bool current = who.contains(n.state) && n.state != TcpState::Closed;
    const Rgba fill =
        current ? look.theme->state(n.state) : look.theme->state(n.state).with_alpha(kIdleNodeAlpha);
    list.AddRectFilled({c.x - half.x, c.y - half.y}, {c.x + half.x, c.y + half.y}, to_imgui(fill),
                       kNodeRounding);
    if (current) {
      list.AddRect({c.x - half.x, c.y - half.y}, {c.x + half.x, c.y + half.y}, to_imgui(theme.text),
                   kNodeRounding, 0, kHighlightThicknessPx * look.scale);
    }
    const std::string name(present::state_name(n.state));
    const ImVec2 size = ImGui::CalcTextSize(name.c_str());
    list.AddText({c.x - size.x / 2, c.y - size.y / 2},
                 to_imgui(current ? text_on(fill) : theme.soft_text), name.c_str());
    if (current) {
      const Rgba ink = theme.text;
      const float pad = line / 4;
      LabelWish w;
      w.text = who[n.state];
      w.may_cut = true;
      w.spots = {{{c.x, c.y + half.y}, TextAlign::Center, ink, theme.label_plate},
                 {{c.x + half.x + pad, c.y - line / 2}, TextAlign::Left, ink, theme.label_plate},
                 {{c.x - half.x - pad, c.y - line / 2}, TextAlign::Right, ink, theme.label_plate},
                 {{c.x, c.y - half.y - line}, TextAlign::Center, ink, theme.label_plate}};
      tags.place(w);
    }
  }
  FrameGeometry placed;
  tags.finish(placed);
  for (const TextPrim& t : placed.texts) {
    const ImVec2 ts = ImGui::CalcTextSize(t.text.c_str());
    list.AddRectFilled({t.pos.x, t.pos.y}, {t.pos.x + ts.x, t.pos.y + ts.y},
                       to_imgui(t.background));
    list.AddText({t.pos.x, t.pos.y}, to_imgui(t.color), t.text.c_str());
  }
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (const TextTip& tip : placed.tips) {
    if (ImGui::IsWindowHovered() && mouse.x >= tip.rect.x0 && mouse.x < tip.rect.x1 &&
        mouse.y >= tip.rect.y0 && mouse.y < tip.rect.y1) {
      ImGui::SetTooltip("%s", tip.text.c_str());
    }
  }
  if (status.last_change) {
    const StateEvent& ch = *status.last_change;
    const std::string cause = present::state_change_sentence(ch);
    // The RFC figure's own words for the transition, or a note that the figure does not draw it.
    const std::string figure =
        lit ? std::string(tr(edges[*lit].label)) : std::string(tr("not in the RFC's figure"));
    // TRANSLATORS: {0} the transition's words in RFC 9293's state diagram.
    list.AddText({origin.x + line / 2, origin.y + diagram_height + line * 1.5f},
                 to_imgui(theme.soft_text), fill(tr("RFC 9293 figure: {0}"), {figure}).c_str());
    list.AddText({origin.x + line / 2, origin.y + diagram_height + line * 0.4f},
                 to_imgui(theme.selection), cause.c_str());
  }
  ImGui::Dummy(avail);
}

}  // namespace tcplab::gui
