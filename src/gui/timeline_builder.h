#pragma once
// Builds one frame of the ladder diagram as geometry: only what is visible (found with
// lower_bound on sorted times), items closer than kMergePx merged, every text placed by one
// LabelPlacer (moved, shortened or counted in a "+N", never over another or out of the panel).
// Pure: no ImGui, so it is unit-tested and benchmarked, and the SVG export reuses it.
#include <cstdint>
#include <optional>
#include <string>

#include "gui/connection_columns.h"
#include "gui/geometry.h"
#include "gui/lane_layout.h"
#include "gui/timeline_frame.h"
#include "gui/timeline_index.h"
#include "gui/timeline_view.h"

namespace tcplab::gui {

inline constexpr float kMergePx = 3;                   // items closer than this are drawn as one
inline constexpr std::size_t kSpreadSegmentsMax = 6;   // up to this many sent together: each drawn
inline constexpr std::size_t kBundleTipLines = 12;     // a stub's tooltip lists this many
inline constexpr std::ptrdiff_t kMergeLookahead = 64;  // bands inspected to colour a merged group
inline constexpr float kArrowHeadPx = 9;
inline constexpr float kArrowThicknessPx = 1.6f;
inline constexpr float kSelectedThicknessPx = 3.5f;
inline constexpr float kDifferenceHaloPx = 11;  // the highlighter stroke under a flagged arrow
inline constexpr float kBundleThicknessPx = 4;
inline constexpr float kDropMarkPx = 7;
inline constexpr float kInFlightDotPx = 5;
inline constexpr float kLifelineThicknessPx = 2;
inline constexpr float kTimerTickPx = 5;
inline constexpr float kTimerThicknessPx = 2.5f;
inline constexpr float kCursorThicknessPx = 2;
inline constexpr float kTickSpacingPx = 90;  // between time labels on the ruler
inline constexpr float kTextPadPx = 3;
inline constexpr int kCallLabelShifts = 2;  // a call's label may move this many lines down to fit
inline constexpr float kShortBandLabelShare =
    0.8f;  // a band this many lines high still gets its name

// The folded instant at y, and the other way round, for a view drawn with `frame`.
double y_of_real(const TimelineIndex& index, const TimelineView& view, const LaneLayout& layout,
                 std::int64_t real_ns);

void build_timeline(const TimelineIndex& index, const TimelineView& view,
                    const TimelineFrame& frame, FrameGeometry& out);

inline constexpr float kFitMarginLines = 1.5f;  // empty space above and below a fitted lesson
// Predict mode fits what has happened, plus this share of it (at least 1 ms) still empty.
inline constexpr double kPredictRoomShare = 0.25;
inline constexpr double kPredictRoomMinNs = 1e6;

// Zooms and scrolls `view` so the whole lesson fills the ladder's height below its lane headers;
// with `seen_until` (predict mode), what happened until that instant, with room below for what
// comes; with `columns`, the span of the connection columns drawn instead of the whole trace.
// Presentation mode: fitted, a lesson whose segments would be drawn closer than `min_row_px`
// apart is shown zoomed in to that spacing around the cursor, which the view then follows; the
// class reads every label where the teacher is rather than "+3" stubs over the whole lesson.
struct ReadableFit {
  std::size_t rows = 0;        // segment rows of one ladder (TimelineIndex::segment_rows)
  std::int64_t cursor_ns = 0;  // real time at the cursor
  float min_row_px = 0;
};
void fit_lesson(TimelineView& view, const TimelineIndex& index, const TimelineFrame& ladder,
                std::optional<std::int64_t> seen_until,
                const ConnectionColumns* columns = nullptr,
                std::optional<ReadableFit> readable = std::nullopt);
// TimelineFrame::char_width from the font: the average advance in a band label's characters.
float average_char_width(const TextMeasure& measure);

}  // namespace tcplab::gui
