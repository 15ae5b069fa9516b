#include "gui/views/timeline_panel.h"

#include <algorithm>
#include <string_view>

#include <imgui.h>

#include "gui/connection_columns.h"
#include "gui/hit_test.h"
#include "gui/lane_layout.h"
#include "gui/timeline_builder.h"
#include "gui/views/imgui_geometry.h"
#include "present/segment_label.h"
#include "present/translate.h"

namespace tcplab::gui {

namespace {
constexpr float kFollowMarginShare = 0.15f;  // keep the cursor this far from the edges
constexpr float kPairGapPx = 14;  // between the two ladders of side by side
constexpr float kPairTitleLines = 1.4f;
// Presentation: segment rows closer than this many text lines are zoomed in to it (ReadableFit).
constexpr float kReadableRowLines = 1.6f;

}  // namespace

void TimelinePanel::build_pair(const Session& session, const SideBySide& pair, const UiLook& look) {
  geometry_.clear();
  const TimelineFrame& whole = frame_;
  const float title_h = whole.line_height * kPairTitleLines;
  const float half_w = (whole.width - kPairGapPx * look.scale) / 2;
  for (Side s : {Side::Left, Side::Right}) {
    const SideView& view = pair.side(s);
    TimelineFrame f = whole;
    f.origin.x = whole.origin.x + (s == Side::Left ? 0 : half_w + kPairGapPx * look.scale);
    f.origin.y = whole.origin.y + title_h;
    f.width = half_w;
    f.height = whole.height - title_h;
    f.selected_segment = pair.selected_on(s, session.selected_segment);
    f.flagged_segments = &view.flagged_segments;
    build_timeline(view.index, session.view, f, side_geometry_);
    // Clicks name segments of the merged trace, which the inspector and the cursor use.
    for (ArrowHit& a : side_geometry_.arrows) a.segment_id = pair.merged_id(s, a.segment_id);
    std::string title = view.title;
    if (!view.completed) title += present::tr("  (stopped early)");
    side_geometry_.texts.push_back({{f.origin.x + f.width / 2, whole.origin.y},
                                    std::move(title),
                                    look.theme->text,
                                    TextAlign::Center,
                                    look.theme->label_plate});
    append(geometry_, side_geometry_);
  }
  // Between the two: a rule, so the ladders read as two pictures.
  const float x = whole.origin.x + half_w + kPairGapPx * look.scale / 2;
  geometry_.lines.push_back(
      {{x, whole.origin.y}, {x, whole.origin.y + whole.height}, look.theme->grid, 2 * look.scale});
}

void TimelinePanel::fit(Session& session, const TimelineFrame& ladder, const UiLook& look) const {
  std::optional<ReadableFit> readable;
  if (look.presentation && !session.fit_whole_lesson) {
    // Side by side, one ladder's rows: the left run's.
    const SideBySide* pair = session.side_by_side();
    readable = ReadableFit{(pair ? pair->side(Side::Left).index : session.index()).segment_rows(),
                           session.cursor.time_ns(), ladder.line_height * kReadableRowLines};
  }
  fit_lesson(session.view, session.index(), ladder,
             hide_future ? std::optional<std::int64_t>(session.cursor.time_ns()) : std::nullopt,
             session.columns(), readable);
}

void TimelinePanel::zoom_by(Session& session, double steps) const {
  if (content_bottom_ <= content_top_ || !session.has_trace()) return;
  const TimeFold& fold = session.index().fold();
  const auto t = static_cast<double>(session.view.compress_idle
                                         ? fold.fold(session.cursor.time_ns())
                                         : session.cursor.time_ns());
  const double cursor_y = session.view.y_of(t, content_top_);
  const bool in_view = cursor_y >= content_top_ && cursor_y <= content_bottom_;
  const double anchor = in_view ? cursor_y : (content_top_ + content_bottom_) / 2;
  zoom_around(session.view, anchor, content_top_, steps);
}

void TimelinePanel::draw(Session& session, const UiLook& look) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 2 || avail.y < 2 || !session.has_trace()) return;
  frame_.origin = {origin.x, origin.y};
  frame_.width = avail.x;
  frame_.height = avail.y;
  frame_.line_height = ImGui::GetTextLineHeight();
  frame_.measure = [](std::string_view text) {
    return ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
  };
  frame_.char_width = average_char_width(frame_.measure);
  frame_.scale = look.scale;
  frame_.theme = look.theme;
  if (hide_future) {
    // What is still to come is not drawn faded but not at all (future_veil.h drops it).
    veiled_theme_ = *look.theme;
    veiled_theme_.future_alpha = 0;
    frame_.theme = &veiled_theme_;
  }
  frame_.has_cursor = true;
  frame_.cursor_ns = session.cursor.time_ns();
  frame_.cursor_step = session.cursor.step();
  frame_.selected_segment = session.selected_segment;
  frame_.hide_future = hide_future;
  frame_.flagged_segments = nullptr;
  const SideBySide* pair = session.side_by_side();
  const ConnectionColumns* columns = session.columns();
  // Fitting and following work on one ladder's frame: side by side, both have its height and axis.
  TimelineFrame ladder = frame_;
  if (pair) {
    const float title_h = frame_.line_height * kPairTitleLines;
    ladder.origin.y += title_h;
    ladder.height -= title_h;
    ladder.width = (frame_.width - kPairGapPx * look.scale) / 2;
  } else if (columns) {
    ladder = column_frame(frame_, *columns->columns().front(), 0, columns->columns().size());
  }

  const auto same_view = [](const TimelineView& a, const TimelineView& b) {
    return a.top_ns == b.top_ns && a.ns_per_px == b.ns_per_px &&
           a.compress_idle == b.compress_idle;
  };
  const bool still_fitted = fitted_ && same_view(*fitted_, session.view);
  if (session.want_fit || still_fitted) {
    fit(session, ladder, look);
    session.want_fit = false;
    fitted_ = session.view;
    last_step_ = session.cursor.step();  // a fitted view shows the cursor already
  } else {
    fitted_.reset();
  }
  const LaneLayout layout = layout_lanes(session.index(), ladder);
  const float content_top = layout.content_top;
  const float content_height = ladder.height - (content_top - ladder.origin.y);
  content_top_ = content_top;
  content_bottom_ = ladder.origin.y + ladder.height;

  // Keep the cursor in view when it moves.
  if (follow_cursor && session.cursor.step() != last_step_) {
    const TimeFold* fold = &session.index().fold();
    std::int64_t cursor_ns = frame_.cursor_ns;
    if (columns) {
      // The cursor's row is in the column of the latest connection started by then.
      const ConnectionColumn* in = columns->columns().front().get();
      for (const auto& column : columns->columns()) {
        if (column->offset_ns <= cursor_ns && column->offset_ns >= in->offset_ns) in = column.get();
      }
      cursor_ns -= in->offset_ns;
      fold = &in->index.fold();
    }
    const auto t = static_cast<double>(session.view.compress_idle ? fold->fold(cursor_ns)
                                                                  : cursor_ns);
    keep_visible(session.view, t, content_height, content_height * kFollowMarginShare);
    last_step_ = session.cursor.step();
  }

  ImGui::InvisibleButton("timeline", avail, ImGuiButtonFlags_MouseButtonLeft);
  const bool hovered = ImGui::IsItemHovered();
  const ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) {
    zoom_around(session.view, io.MousePos.y, content_top, io.MouseWheel);
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    pan_by(session.view, io.MouseDelta.y);
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    session.want_fit = true;
    session.fit_whole_lesson = true;
  }

  if (pair) {
    build_pair(session, *pair, look);
  } else if (columns) {
    build_columns(*columns, session.view, frame_, geometry_);
  } else {
    build_timeline(session.index(), session.view, frame_, geometry_);
  }

  const float drag_threshold_sq = io.MouseDragThreshold * io.MouseDragThreshold;
  if (ImGui::IsItemDeactivated() &&
      io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < drag_threshold_sq) {
    const auto hit =
        hit_segment(geometry_, {io.MousePos.x, io.MousePos.y}, kHitTolerancePx * look.scale);
    session.selected_segment = hit.value_or(0);
  }

  ImDrawList& list = *ImGui::GetWindowDrawList();
  list.PushClipRect(origin, {origin.x + avail.x, origin.y + avail.y}, true);
  list.AddRectFilled(origin, {origin.x + avail.x, origin.y + avail.y},
                     to_imgui(look.theme->background));
  draw_geometry(list, geometry_);
  list.PopClipRect();

  if (hovered) {
    // A label cut short or a "+N": the whole text.
    for (const TextTip& tip : geometry_.tips) {
      if (io.MousePos.x >= tip.rect.x0 && io.MousePos.x < tip.rect.x1 &&
          io.MousePos.y >= tip.rect.y0 && io.MousePos.y < tip.rect.y1) {
        ImGui::SetTooltip("%s", tip.text.c_str());
        return;
      }
    }
    const auto hit =
        hit_segment(geometry_, {io.MousePos.x, io.MousePos.y}, kHitTolerancePx * look.scale);
    if (hit) {
      const SegmentEvent* seg = session.trace().segment_by_id(*hit);
      if (seg)
        ImGui::SetTooltip("#%llu  %s\n%s", static_cast<unsigned long long>(*hit),
                          present::segment_label(*seg).c_str(),
                          present::segment_fate_text(*seg).c_str());
    }
  }
}

}  // namespace tcplab::gui
