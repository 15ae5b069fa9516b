#include "gui/lane_layout.h"

#include <algorithm>

namespace tcplab::gui {

namespace {
// How much of a full band's width a sub-lane takes: a listener's lane (LISTEN only) is narrow.
float lane_share(const SlotLane& slot) { return slot.listen_only ? kListenSlotShare : 1.0f; }
}  // namespace

LaneLayout layout_lanes(const TimelineIndex& index, const TimelineFrame& frame) {
  LaneLayout layout;
  const float s = frame.scale;
  layout.content_top = frame.origin.y + frame.line_height * kHeaderLines;
  layout.ruler_right = frame.origin.x + kRulerWidthPx * s;
  const std::size_t n = index.hosts().size();
  if (n == 0) return layout;
  float call_width =
      std::clamp(frame.width * kCallColumnShare, kCallColumnMinPx * s, kCallColumnMaxPx * s);
  const float rim = (kTimerColumnPx + kSlotGapPx) * s;  // timer bracket and gap beside a band

  // Bands share what the ruler, the calls and the arrows leave.
  std::vector<float> lanes(n);  // per host, in full-band units (at least one)
  float total_lanes = 0;
  std::size_t total_slots = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (const SlotLane& slot : index.hosts()[i].slots) lanes[i] += lane_share(slot);
    lanes[i] = std::max(1.0f, lanes[i]);
    total_lanes += lanes[i];
    total_slots += std::max<std::size_t>(1, index.hosts()[i].slots.size());
  }
  const float for_bands = frame.width - kRulerWidthPx * s - static_cast<float>(n) * call_width -
                          frame.width * kArrowSpanShare - static_cast<float>(total_slots) * rim;
  const float per_band = for_bands / total_lanes;
  // Names fit from kBandMinWidthPx up; with many sub-lanes in a narrow window bands get narrower
  // still (colour only) rather than pushing the lifelines together.
  const float floor = per_band >= kBandMinWidthPx * s ? kBandMinWidthPx * s : kBandNarrowPx * s;
  layout.band_width = std::clamp(per_band, floor, kBandMaxWidthPx * s);

  auto lane_width = [&](const SlotLane& slot) { return layout.band_width * lane_share(slot); };
  std::vector<float> side_width(n);
  float fixed = 0;
  auto measure_sides = [&] {
    fixed = 0;
    for (std::size_t i = 0; i < n; ++i) {
      float w = call_width;
      for (const SlotLane& slot : index.hosts()[i].slots) w += lane_width(slot) + rim;
      if (index.hosts()[i].slots.empty()) w += layout.band_width + rim;
      side_width[i] = w;
      fixed += w;
    }
  };
  measure_sides();
  const float right_edge = frame.origin.x + frame.width;
  const std::size_t left_count = (n + 1) / 2;
  // What lies between lifelines i and i + 1 besides the gap: the sub-lanes and calls of the
  // host whose side faces the other (none between the last left host and the first right one:
  // the open middle).
  std::vector<float> between(n > 1 ? n - 1 : 0);
  const float min_gap = kArrowGapMinPx * s;
  // The free width the gaps need: every two neighbours' lifelines at least min_gap apart, and
  // the arrows' share of the width in all.
  auto needed_free = [&] {
    float needed = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      between[i] = i + 1 < left_count ? side_width[i + 1] : i >= left_count ? side_width[i] : 0;
      needed += std::max(0.0f, min_gap - between[i]);
    }
    return std::max(frame.width * kArrowSpanShare, needed);
  };
  auto short_of = [&] { return needed_free() - (right_edge - layout.ruler_right - fixed); };
  // A narrow frame (side by side, large type) keeps its room for the arrows: the calls' columns
  // give way first (their labels are shortened, whole in a tooltip), then the bands (colour only),
  // not the open middle nor the gap between two lifelines (where their headers go).
  if (n > 1 && short_of() > 0) {
    call_width =
        std::max(kCallColumnFloorPx * s, call_width - short_of() / static_cast<float>(n));
    measure_sides();
  }
  if (n > 1 && short_of() > 0) {
    layout.band_width =
        std::max(kBandSliverPx * s, layout.band_width - short_of() / total_lanes);
    measure_sides();
  }
  // The free width shared so that the lifelines are as evenly apart as they can be: each gap
  // tops its neighbours' distance up to one level (water-filling).
  const float free = std::max(0.0f, right_edge - layout.ruler_right - fixed);
  std::vector<float> gaps(between.size(), 0.0f);
  if (n > 1) {
    needed_free();  // between[] for the final widths
    std::vector<float> sorted = between;
    std::sort(sorted.begin(), sorted.end());
    float level = sorted.front() + free;
    float used = 0;  // sum of sorted[0..k)
    for (std::size_t k = 0; k < sorted.size(); ++k) {
      used += sorted[k];
      const float l = (free + used) / static_cast<float>(k + 1);
      if (k + 1 == sorted.size() || l <= sorted[k + 1]) {
        level = l;
        break;
      }
    }
    for (std::size_t i = 0; i < gaps.size(); ++i) gaps[i] = std::max(0.0f, level - between[i]);
  }
  const float gap = n > 1 ? 0 : free;

  float x = layout.ruler_right;
  if (n == 1) x += gap / 2;
  for (std::size_t i = 0; i < n; ++i) {
    HostColumn col;
    const bool left = i < left_count && n > 1;
    col.outward = left ? -1.0f : 1.0f;
    if (left) {
      col.lifeline_x = x + side_width[i];
      col.call_x = x + call_width - kSlotGapPx * s;
      col.call_align = TextAlign::Right;
    } else {
      col.lifeline_x = x;
      col.call_x = x + side_width[i] - call_width + kSlotGapPx * s;
      col.call_align = TextAlign::Left;
    }
    float near = kSlotGapPx * s / 2;  // distance from the lifeline to the next lane
    for (const SlotLane& slot : index.hosts()[i].slots) {
      const float w = lane_width(slot);
      SlotColumn sc;
      if (left) {
        sc.band_x1 = col.lifeline_x - near;
        sc.band_x0 = sc.band_x1 - w;
        sc.timer_x = sc.band_x0 - kTimerColumnPx * s / 2;
      } else {
        sc.band_x0 = col.lifeline_x + near;
        sc.band_x1 = sc.band_x0 + w;
        sc.timer_x = sc.band_x1 + kTimerColumnPx * s / 2;
      }
      col.slots.push_back(sc);
      near += w + rim;
    }
    col.tick_x = col.lifeline_x + col.outward * near;
    layout.hosts.push_back(std::move(col));
    x += side_width[i] + (i < gaps.size() ? gaps[i] : gap);
  }
  return layout;
}

}  // namespace tcplab::gui
