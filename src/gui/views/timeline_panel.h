#pragma once
// The ladder diagram panel: draws the builder's geometry and turns the mouse into view changes
// (wheel: zoom around the mouse; drag: pan; click: select a segment; double-click: fit).
// Side by side, it draws two ladders (model, kernel) in two columns on one time axis, each under
// its title; geometry() then holds both, with segment ids of the merged trace.
#include <optional>

#include "gui/geometry.h"
#include "gui/session.h"
#include "gui/timeline_frame.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

class TimelinePanel {
 public:
  // Draws into the current ImGui window, filling its remaining content region.
  void draw(Session& session, const UiLook& look);
  const FrameGeometry& geometry() const { return geometry_; }
  const TimelineFrame& frame() const { return frame_; }
  // Keyboard zoom (+ / -): `steps` wheel notches around the cursor's instant when it is in view,
  // else around the middle of the ladder. Before the first frame it does nothing.
  void zoom_by(Session& session, double steps) const;
  // Scroll so the cursor's instant is in view when the cursor moved (stepping, playing).
  bool follow_cursor = true;
  // Predict mode, a question on screen: the ladder ends at the cursor's instant.
  bool hide_future = false;

 private:
  void fit(Session& session, const TimelineFrame& ladder, const UiLook& look) const;
  // Side by side: the two ladders into geometry_, frame_ being the left one's frame.
  void build_pair(const Session& session, const SideBySide& pair, const UiLook& look);
  FrameGeometry geometry_;
  FrameGeometry side_geometry_;  // scratch: one side's ladder before it joins geometry_
  TimelineFrame frame_;
  Theme veiled_theme_;  // predict mode: the look's theme, the future invisible
  float content_top_ = 0;     // of the last frame's ladder, in pixels
  float content_bottom_ = 0;  // 0 before the first frame
  std::size_t last_step_ = static_cast<std::size_t>(-1);
  // The view as last fitted. While nobody zooms or pans away from it, the view stays fitted:
  // refitted when the panel's size or the trace changes (F5, a re-run), not scrolled by playing.
  std::optional<TimelineView> fitted_;
};

}  // namespace tcplab::gui
