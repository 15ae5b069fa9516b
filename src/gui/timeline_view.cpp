#include "gui/timeline_view.h"

#include <algorithm>
#include <cmath>

namespace tcplab::gui {

void zoom_around(TimelineView& view, double anchor_y, float top_px, double wheel_steps) {
  const double anchor_ns = view.folded_at(anchor_y, top_px);
  const double scaled = view.ns_per_px / std::pow(kWheelZoomFactor, wheel_steps);
  view.ns_per_px = std::clamp(scaled, kMinNsPerPx, kMaxNsPerPx);
  view.top_ns = anchor_ns - (anchor_y - top_px) * view.ns_per_px;
}

void pan_by(TimelineView& view, double dy_px) { view.top_ns -= dy_px * view.ns_per_px; }

void fit_range(TimelineView& view, double begin_ns, double end_ns, float height_px,
               float margin_px) {
  const double usable = std::max(1.0, static_cast<double>(height_px) - 2.0 * margin_px);
  const double span = std::max(end_ns - begin_ns, kMinNsPerPx);
  view.ns_per_px = std::clamp(span / usable, kMinNsPerPx, kMaxNsPerPx);
  view.top_ns = begin_ns - margin_px * view.ns_per_px;
}

void keep_visible(TimelineView& view, double folded_ns, float height_px, float margin_px) {
  const double top_limit = view.top_ns + margin_px * view.ns_per_px;
  const double bottom_limit = view.top_ns + (height_px - margin_px) * view.ns_per_px;
  if (folded_ns < top_limit) view.top_ns = folded_ns - margin_px * view.ns_per_px;
  if (folded_ns > bottom_limit) view.top_ns = folded_ns - (height_px - margin_px) * view.ns_per_px;
}

}  // namespace tcplab::gui
