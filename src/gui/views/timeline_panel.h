#pragma once
// The ladder diagram panel: draws the builder's geometry and turns the mouse into view changes
// (wheel: zoom around the mouse; drag: pan; click: select a segment; double-click: fit).
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
  // Scroll so the cursor's instant is in view when the cursor moved (stepping, playing).
  bool follow_cursor = true;

 private:
  void fit(Session& session) const;
  FrameGeometry geometry_;
  TimelineFrame frame_;
  std::size_t last_step_ = static_cast<std::size_t>(-1);
};

}  // namespace tcplab::gui
