#include "gui/future_veil.h"

#include <algorithm>

namespace tcplab::gui {

namespace {

// A line from a to b, kept down to y (false: nothing of it is above).
bool clip_line(Vec2& a, Vec2& b, float y) {
  if (a.y > y && b.y > y) return false;
  auto cut = [y](Vec2& below, const Vec2& above) {
    const float t = (y - above.y) / (below.y - above.y);
    below = {above.x + (below.x - above.x) * t, y};
  };
  if (a.y > y) cut(a, b);
  if (b.y > y) cut(b, a);
  return true;
}

}  // namespace

void cut_below(FrameGeometry& g, float cut_y) {
  std::erase_if(g.rects, [cut_y](RectPrim& r) {
    if (r.min.y >= cut_y || r.color.a == 0) return true;
    r.max.y = std::min(r.max.y, cut_y);
    return false;
  });
  std::erase_if(g.lines,
                [cut_y](LinePrim& l) { return l.color.a == 0 || !clip_line(l.a, l.b, cut_y); });
  std::erase_if(g.arrows, [cut_y](ArrowHit& a) { return !clip_line(a.from, a.to, cut_y); });
  std::erase_if(g.triangles, [cut_y](const TrianglePrim& t) {
    return t.color.a == 0 || std::max({t.a.y, t.b.y, t.c.y}) > cut_y;
  });
  std::erase_if(g.circles,
                [cut_y](const CirclePrim& c) { return c.color.a == 0 || c.center.y > cut_y; });
  std::erase_if(g.texts,
                [cut_y](const TextPrim& t) { return t.color.a == 0 || t.pos.y >= cut_y; });
  std::erase_if(g.tips, [cut_y](const TextTip& t) { return t.rect.y0 >= cut_y; });
}

}  // namespace tcplab::gui
