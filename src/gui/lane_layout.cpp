#include "gui/lane_layout.h"

#include <algorithm>

namespace tcplab::gui {

LaneLayout layout_lanes(const TimelineIndex& index, const TimelineFrame& frame) {
  LaneLayout layout;
  const float s = frame.scale;
  layout.content_top = frame.origin.y + frame.line_height * kHeaderLines;
  layout.ruler_right = frame.origin.x + kRulerWidthPx * s;
  const std::size_t n = index.hosts().size();
  if (n == 0) return layout;
  const float call_width =
      std::clamp(frame.width * kCallColumnShare, kCallColumnMinPx * s, kCallColumnMaxPx * s);
  // Bands share what the ruler, the calls and the arrows leave.
  std::size_t total_slots = 0;
  for (const HostLane& h : index.hosts()) total_slots += std::max<std::size_t>(1, h.slots.size());
  const float for_slots = frame.width - kRulerWidthPx * s - static_cast<float>(n) * call_width -
                          frame.width * kArrowSpanShare;
  const float per_slot =
      for_slots / static_cast<float>(total_slots) - (kTimerColumnPx + kSlotGapPx) * s;
  // Names fit from kBandMinWidthPx up; with many sub-lanes in a narrow window bands get narrower
  // still (colour only) rather than pushing the lifelines together.
  const float floor = per_slot >= kBandMinWidthPx * s ? kBandMinWidthPx * s : kBandNarrowPx * s;
  layout.band_width = std::clamp(per_slot, floor, kBandMaxWidthPx * s);
  const float slot_width = layout.band_width + kTimerColumnPx * s + kSlotGapPx * s;

  const std::size_t left_count = (n + 1) / 2;
  std::vector<float> side_width(n);
  float fixed = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto slots = std::max<std::size_t>(1, index.hosts()[i].slots.size());
    side_width[i] = call_width + static_cast<float>(slots) * slot_width;
    fixed += side_width[i];
  }
  const float right_edge = frame.origin.x + frame.width;
  const float free = std::max(0.0f, right_edge - layout.ruler_right - fixed);
  const float gap = n > 1 ? free / static_cast<float>(n - 1) : free;

  float x = layout.ruler_right;
  if (n == 1) x += gap / 2;
  for (std::size_t i = 0; i < n; ++i) {
    HostColumn col;
    const bool left = i < left_count && n > 1;
    col.outward = left ? -1.0f : 1.0f;
    const std::size_t slots = index.hosts()[i].slots.size();
    if (left) {
      col.lifeline_x = x + side_width[i];
      col.call_x = x + call_width - kSlotGapPx * s;
      col.call_align = TextAlign::Right;
    } else {
      col.lifeline_x = x;
      col.call_x = x + side_width[i] - call_width + kSlotGapPx * s;
      col.call_align = TextAlign::Left;
    }
    for (std::size_t k = 0; k < slots; ++k) {
      const float near = static_cast<float>(k) * slot_width + kSlotGapPx * s / 2;
      SlotColumn sc;
      if (left) {
        sc.band_x1 = col.lifeline_x - near;
        sc.band_x0 = sc.band_x1 - layout.band_width;
        sc.timer_x = sc.band_x0 - kTimerColumnPx * s / 2;
      } else {
        sc.band_x0 = col.lifeline_x + near;
        sc.band_x1 = sc.band_x0 + layout.band_width;
        sc.timer_x = sc.band_x1 + kTimerColumnPx * s / 2;
      }
      col.slots.push_back(sc);
    }
    col.tick_x = col.lifeline_x + col.outward * static_cast<float>(slots) * slot_width;
    layout.hosts.push_back(std::move(col));
    x += side_width[i] + gap;
  }
  return layout;
}

}  // namespace tcplab::gui
