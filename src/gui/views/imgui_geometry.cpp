#include "gui/views/imgui_geometry.h"

#include <cmath>

namespace tcplab::gui {

namespace {
constexpr float kDashOnPx = 7;
constexpr float kDashOffPx = 5;

void dashed_line(ImDrawList& list, Vec2 a, Vec2 b, ImU32 color, float thickness) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1e-3f) return;
  const float ux = dx / len, uy = dy / len;
  for (float d = 0; d < len; d += kDashOnPx + kDashOffPx) {
    const float e = std::min(len, d + kDashOnPx);
    list.AddLine({a.x + ux * d, a.y + uy * d}, {a.x + ux * e, a.y + uy * e}, color, thickness);
  }
}
}  // namespace

ImU32 to_imgui(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

void draw_geometry(ImDrawList& list, const FrameGeometry& frame) {
  for (const RectPrim& r : frame.rects) {
    if (r.filled) {
      list.AddRectFilled(to_imgui(r.min), to_imgui(r.max), to_imgui(r.color), r.rounding);
    } else {
      list.AddRect(to_imgui(r.min), to_imgui(r.max), to_imgui(r.color), r.rounding, 0,
                   r.thickness);
    }
  }
  for (const LinePrim& l : frame.lines) {
    if (l.style == LineStyle::Dashed) {
      dashed_line(list, l.a, l.b, to_imgui(l.color), l.thickness);
    } else {
      list.AddLine(to_imgui(l.a), to_imgui(l.b), to_imgui(l.color), l.thickness);
    }
  }
  for (const TrianglePrim& t : frame.triangles) {
    list.AddTriangleFilled(to_imgui(t.a), to_imgui(t.b), to_imgui(t.c), to_imgui(t.color));
  }
  for (const CirclePrim& c : frame.circles) {
    list.AddCircleFilled(to_imgui(c.center), c.radius, to_imgui(c.color));
  }
  for (const TextPrim& t : frame.texts) {
    const float font_px = ImGui::GetFontSize() * t.size;
    const ImVec2 unscaled = ImGui::CalcTextSize(t.text.c_str());
    const ImVec2 size{unscaled.x * t.size, unscaled.y * t.size};
    float x = t.pos.x;
    if (t.align == TextAlign::Center) x -= size.x / 2;
    if (t.align == TextAlign::Right) x -= size.x;
    if (t.background.a > 0) {
      list.AddRectFilled({x - kPlatePadPx, t.pos.y}, {x + size.x + kPlatePadPx, t.pos.y + size.y},
                         to_imgui(t.background));
    }
    list.AddText(ImGui::GetFont(), font_px, {x, t.pos.y}, to_imgui(t.color), t.text.c_str());
  }
}

}  // namespace tcplab::gui
