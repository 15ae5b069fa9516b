#include "gui/hit_test.h"

#include <algorithm>
#include <cmath>

namespace tcplab::gui {

float distance_to_segment(Vec2 p, Vec2 a, Vec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  const float cx = a.x + t * dx - p.x, cy = a.y + t * dy - p.y;
  return std::sqrt(cx * cx + cy * cy);
}

std::optional<std::uint64_t> hit_segment(const FrameGeometry& frame, Vec2 point,
                                         float tolerance_px) {
  std::optional<std::uint64_t> best;
  float best_distance = tolerance_px;
  for (const ArrowHit& arrow : frame.arrows) {
    const float d = distance_to_segment(point, arrow.from, arrow.to);
    if (d <= best_distance) {
      best_distance = d;
      best = arrow.segment_id;
    }
  }
  return best;
}

}  // namespace tcplab::gui
