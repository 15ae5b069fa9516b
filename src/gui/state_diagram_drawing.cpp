#include "gui/state_diagram_drawing.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "gui/slide.h"
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
constexpr float kMinNodeHeightLines = 1.05f;  // a small panel's boxes still hold their name
constexpr float kRowGapKept = 0.9f;           // of the rows' distance, a box's height at most
constexpr float kEdgeThicknessPx = 1.2f;
constexpr float kLitThicknessPx = 4;
constexpr float kHighlightThicknessPx = 3.5f;
constexpr float kArrowHeadPx = 8;
constexpr float kNodeRounding = 6;
constexpr std::uint8_t kIdleNodeAlpha = 60;
// Room at the bottom for the last transition: its sentence, then the RFC figure's words. A
// sentence wider than the drawing (a kernel state learnt from segments says how, and that is
// long) takes a second line where the diagram's rows stay apart; else it is cut, whole in a tip.
constexpr float kCauseLines = 3.2f;
constexpr float kTwoLineCauseLines = 4.0f;
constexpr float kCauseLineStep = 1.1f;  // between the lines under the diagram, in line heights
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
// `text` wrapped to `width` in at most `max_lines` lines, drawn from (x, y) down a line `step`
// apart; if it needs more, the last is cut short with "…" and the whole text is its tooltip.
float draw_fitted(const std::string& text, Vec2 at, float width, float step, std::size_t max_lines,
                  Rgba color, const TextMeasure& measure, FrameGeometry& out) {
  std::vector<std::string> lines = wrap_text(text, width, measure);
  const bool cut = lines.size() > max_lines;
  if (cut) {
    lines.resize(max_lines);
    lines.back() = cut_to_width(lines.back() + " " + std::string(kEllipsis), width, measure);
  }
  for (const std::string& l : lines) {
    out.texts.push_back({at, l, color});
    at.y += step;
  }
  if (cut) {
    const float y0 = at.y - step;
    out.tips.push_back({{at.x, y0, at.x + width, y0 + step}, text});
  }
  return at.y;
}

// The nearest two rows of the figure's boxes, as a share of the drawing's height.
float nearest_row_share() {
  float nearest = 1;
  const auto nodes = diagram_nodes();
  for (const DiagramNode& a : nodes) {
    for (const DiagramNode& b : nodes) {
      const float dy = std::abs(a.center.y - b.center.y);
      if (dy > 0) nearest = std::min(nearest, dy);
    }
  }
  return nearest;
}

// Whether, drawn `diagram_height` tall, the nearest two rows of full-height boxes stay apart.
bool rows_apart(float diagram_height, float line) {
  const float box = line * kNodeHeightLines;
  return nearest_row_share() * (diagram_height - box) >= box;
}

// A box's height: a line and a half where the rows have room, else as much as leaves a gap
// between rows (centres `share * (height - box)` apart), never less than its line of text.
float box_height(float diagram_height, float line) {
  const float share = nearest_row_share() * kRowGapKept;
  const float fitting = share * diagram_height / (1 + share);
  return std::clamp(fitting, line * kMinNodeHeightLines, line * kNodeHeightLines);
}
}  // namespace

void build_state_diagram(const DiagramStatus& status, const DiagramFrame& f, FrameGeometry& out) {
  if (f.width < kMinSidePx || f.height < kMinSidePx) return;
  const Theme& theme = *f.theme;
  const float line = f.line_height;
  const std::string sentence =
      status.last_change ? present::state_change_sentence(*status.last_change) : std::string{};
  const bool wraps = f.measure(sentence) > f.width - line;
  const bool room_for_two = rows_apart(f.height - line * kTwoLineCauseLines, line);
  const float diagram_height = f.height - line * (wraps && room_for_two ? kTwoLineCauseLines
                                                                         : kCauseLines);
  const Vec2 o = f.origin;
  out.rects.push_back({o, {o.x + f.width, o.y + f.height}, theme.background});
  const Vec2 half{f.width * kNodeWidthShare / 2, box_height(diagram_height, line) / 2};
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
    // The RFC figure's own words for the transition, or a note that the figure does not draw it.
    const std::string figure =
        lit ? std::string(tr(edges[*lit].label)) : std::string(tr("not in the RFC's figure"));
    const float width = f.width - line;
    const float step = line * kCauseLineStep;
    const float y = draw_fitted(sentence, {o.x + line / 2, o.y + diagram_height + line * 0.4f},
                                width, step, room_for_two ? 2 : 1, theme.selection, f.measure,
                                out);
    // TRANSLATORS: {0} the transition's words in RFC 9293's state diagram.
    draw_fitted(fill(tr("RFC 9293 figure: {0}"), {figure}), {o.x + line / 2, y}, width, step, 1,
                theme.soft_text, f.measure, out);
  }
}

}  // namespace tcplab::gui
