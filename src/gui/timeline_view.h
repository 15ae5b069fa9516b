#pragma once
// What the timeline shows, kept between frames (Tracy's ViewData): the visible range in folded
// time and the zoom. Per-frame values (pixel rectangle, font size) live in TimelineFrame.
#include <cstdint>

namespace tcplab::gui {

struct TimelineView {
  double top_ns = 0;          // folded time at the top edge
  double ns_per_px = 1.0e5;   // zoom: folded nanoseconds per pixel
  bool compress_idle = true;  // fold long idle stretches (see TimeFold)

  double y_of(double folded_ns, float top_px) const {
    return top_px + (folded_ns - top_ns) / ns_per_px;
  }
  double folded_at(double y_px, float top_px) const { return top_ns + (y_px - top_px) * ns_per_px; }
};

inline constexpr double kMinNsPerPx = 1.0;        // 1 ns per pixel: nothing in a lesson is finer
inline constexpr double kMaxNsPerPx = 1.0e10;     // 10 s per pixel: a day fits in a window
inline constexpr double kWheelZoomFactor = 1.25;  // one wheel notch

// Zoom by `wheel_steps` notches (positive: in) keeping the instant under `anchor_y` in place.
void zoom_around(TimelineView& view, double anchor_y, float top_px, double wheel_steps);
// Scroll by a drag of `dy_px` (content follows the mouse).
void pan_by(TimelineView& view, double dy_px);
// Show folded [begin, end] in `height_px`, with `margin_px` above and below.
void fit_range(TimelineView& view, double begin_ns, double end_ns, float height_px,
               float margin_px);
// Scroll just enough to bring folded instant `t` into view with `margin_px` to spare.
void keep_visible(TimelineView& view, double folded_ns, float height_px, float margin_px);

}  // namespace tcplab::gui
