#include "gui/state_diagram_drawing.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "present/event_sentence.h"
#include "present/state_name.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

namespace {
constexpr float kMinSidePx = 50;          // smaller than this, nothing is drawn
constexpr float kNodeWidthShare = 0.24f;  // of the drawing's width
constexpr float kNodeHeightLines = 1.5f;
constexpr float kEdgeThicknessPx = 1.2f;
constexpr float kLitThicknessPx = 4;
constexpr float kHighlightThicknessPx = 3.5f;
constexpr float kArrowHeadPx = 8;
constexpr float kNodeRounding = 6;
constexpr std::uint8_t kIdleNodeAlpha = 60;
constexpr float kCauseLines = 3.2f;  // room at the bottom for the last transition's cause
constexpr std::size_t kNamesPerNode = 2;  // endpoints named under a state; the rest counted

Vec2 edge_point(Vec2 center, Vec2 toward, Vec2 half) {
  // Where the line from center to `toward` leaves the node's rectangle.
  const float dx = toward.x - center.x, dy = toward.y - center.y;
  const float sx = std::abs(dx) > 1e-3f ? half.x / std::abs(dx) : 1e9f;
  const float sy = std::abs(dy) > 1e-3f ? half.y / std::abs(dy) : 1e9f;
  const float s = std::min(sx, sy);
  return {center.x + dx * s, center.y + dy * s};
}

void arrow(FrameGeometry& out, Vec2 a, Vec2 b, Rgba color, float thickness, float head) {
  out.lines.push_back({a, b, color, thickness});
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::max(1e-3f, std::sqrt(dx * dx + dy * dy));
  const float ux = dx / len, uy = dy / len;
  const Vec2 base{b.x - ux * head, b.y - uy * head};
  out.triangles.push_back({b,
                           {base.x - uy * head / 2, base.y + ux * head / 2},
                           {base.x + uy * head / 2, base.y - ux * head / 2},
                           color});
}
}  // namespace

void build_state_diagram(const DiagramStatus& status, const DiagramFrame& f, FrameGeometry& out) {
  if (f.width < kMinSidePx || f.height < kMinSidePx) return;
  const Theme& theme = *f.theme;
  const float line = f.line_height;
  const float diagram_height = f.height - line * kCauseLines;
  const Vec2 o = f.origin;
  out.rects.push_back({o, {o.x + f.width, o.y + f.height}, theme.background});
  const Vec2 half{f.width * kNodeWidthShare / 2, line * kNodeHeightLines / 2};
  auto at = [&](const DiagramNode& n) {
    return Vec2{o.x + half.x + n.center.x * (f.width - 2 * half.x),
                o.y + half.y + n.center.y * (diagram_height - 2 * half.y)};
  };

  std::optional<std::size_t> lit;
  if (status.last_change) lit = find_edge(status.last_change->from, status.last_change->to);

  const auto nodes = diagram_nodes();
  const auto edges = diagram_edges();
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const DiagramEdge& e = edges[i];
    const Vec2 a = at(nodes[e.from_node]), b = at(nodes[e.to_node]);
    const bool is_lit = lit && *lit == i;
    arrow(out, edge_point(a, b, half), edge_point(b, a, half),
          is_lit ? theme.selection : theme.soft_text,
          (is_lit ? kLitThicknessPx : kEdgeThicknessPx) * f.scale, kArrowHeadPx * f.scale);
  }
  // A transition the figure does not draw (a RST, an abort): still an arrow, lit.
  if (status.last_change && !lit) {
    const Vec2 a = at(nodes[node_for(status.last_change->from)]);
    const Vec2 b = at(nodes[node_for(status.last_change->to, status.last_change->from)]);
    arrow(out, edge_point(a, b, half), edge_point(b, a, half), theme.selection,
          kLitThicknessPx * f.scale, kArrowHeadPx * f.scale);
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
  LabelPlacer tags({o.x, o.y, o.x + f.width, o.y + diagram_height}, line, f.measure);
  for (const DiagramNode& n : nodes) {
    const Vec2 c = at(n);
    tags.reserve({c.x - half.x, c.y - half.y, c.x + half.x, c.y + half.y});
  }
  for (const DiagramNode& n : nodes) {
    const Vec2 c = at(n);
    const bool current = who.contains(n.state) && n.state != TcpState::Closed;
    const Rgba fill =
        current ? theme.state(n.state) : theme.state(n.state).with_alpha(kIdleNodeAlpha);
    RectPrim box{{c.x - half.x, c.y - half.y}, {c.x + half.x, c.y + half.y}, fill};
    box.rounding = kNodeRounding;
    out.rects.push_back(box);
    if (current) {
      box.color = theme.text;
      box.filled = false;
      box.thickness = kHighlightThicknessPx * f.scale;
      out.rects.push_back(box);
    }
    out.texts.push_back({{c.x, c.y - line / 2},
                         std::string(present::state_name(n.state)),
                         current ? text_on(fill) : theme.soft_text,
                         TextAlign::Center});
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
  tags.finish(out);
  if (status.last_change) {
    const StateEvent& ch = *status.last_change;
    // The RFC figure's own words for the transition, or a note that the figure does not draw it.
    const std::string figure =
        lit ? std::string(tr(edges[*lit].label)) : std::string(tr("not in the RFC's figure"));
    out.texts.push_back({{o.x + line / 2, o.y + diagram_height + line * 0.4f},
                         present::state_change_sentence(ch),
                         theme.selection});
    // TRANSLATORS: {0} the transition's words in RFC 9293's state diagram.
    out.texts.push_back({{o.x + line / 2, o.y + diagram_height + line * 1.5f},
                         fill(tr("RFC 9293 figure: {0}"), {figure}),
                         theme.soft_text});
  }
}

}  // namespace tcplab::gui
