#pragma once
// Where each host's lifeline, socket sub-lanes, timer brackets and call labels go, left to right.
// The first half of the hosts keep their sub-lanes to the left of the lifeline, the rest to the
// right, so segment arrows run in the open middle and application calls sit on the outside.
#include <vector>

#include "gui/timeline_frame.h"
#include "gui/timeline_index.h"

namespace tcplab::gui {

inline constexpr float kRulerWidthPx = 62;    // time labels on the left edge
inline constexpr float kBandMinWidthPx = 56;  // a state band with room for its name inside
inline constexpr float kBandNarrowPx = 22;    // when space is short: colour only, no name
inline constexpr float kBandSliverPx = 8;     // shortest of all: lifelines closer would hide arrows
inline constexpr float kBandMaxWidthPx = 140;
inline constexpr float kTimerColumnPx = 12;  // the timer bracket beside each band
inline constexpr float kSlotGapPx = 4;
inline constexpr float kListenSlotShare = 0.5f;   // a listener's lane, of a band's width
inline constexpr float kCallColumnShare = 0.14f;  // of the width, for "bind() = -1 EADDRINUSE"
inline constexpr float kCallColumnMinPx = 100;
inline constexpr float kCallColumnMaxPx = 260;
inline constexpr float kCallColumnFloorPx = 20;  // when the arrows need the room: "+N" and a tick

inline constexpr float kArrowSpanShare = 0.24f;  // at least this much of the width for arrows
inline constexpr float kArrowGapMinPx = 100;  // and this between two lifelines (side by side)
inline constexpr float kHeaderLines = 1.6f;      // host names above the content

struct SlotColumn {
  float band_x0 = 0, band_x1 = 0;  // band rectangle, left < right (narrower for a listener)
  float timer_x = 0;               // the bracket's vertical line
};

struct HostColumn {
  float lifeline_x = 0;
  float outward = -1;  // -1: sub-lanes and calls to the left; +1: to the right
  std::vector<SlotColumn> slots;
  float call_x = 0;  // where call labels are anchored
  TextAlign call_align = TextAlign::Right;
  float tick_x = 0;  // calls' tick marks run from here to the sub-lanes
};

struct LaneLayout {
  std::vector<HostColumn> hosts;
  float content_top = 0;  // below the host names
  float ruler_right = 0;
  float band_width = 0;
};

LaneLayout layout_lanes(const TimelineIndex& index, const TimelineFrame& frame);

}  // namespace tcplab::gui
