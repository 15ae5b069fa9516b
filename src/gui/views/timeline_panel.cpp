#include "gui/views/timeline_panel.h"

#include <string_view>

#include <imgui.h>

#include "gui/hit_test.h"
#include "gui/lane_layout.h"
#include "gui/timeline_builder.h"
#include "gui/views/imgui_geometry.h"

namespace tcplab::gui {

namespace {
constexpr float kFitMarginLines = 1.5f;      // empty space above and below a fitted lesson
constexpr float kFollowMarginShare = 0.15f;  // keep the cursor this far from the edges
constexpr std::string_view kCharWidthSample = "ESTABLISHED-2";  // what band labels look like
}  // namespace

void TimelinePanel::fit(Session& session) const {
  const TimelineIndex& index = session.index();
  const LaneLayout layout = layout_lanes(index, frame_);
  const float content = frame_.height - (layout.content_top - frame_.origin.y);
  const TimeFold& fold = index.fold();
  const bool c = session.view.compress_idle;
  const auto begin = static_cast<double>(c ? fold.fold(index.begin_ns()) : index.begin_ns());
  const auto end = static_cast<double>(c ? fold.fold(index.end_ns()) : index.end_ns());
  fit_range(session.view, begin, end, content, frame_.line_height * kFitMarginLines);
}

void TimelinePanel::draw(Session& session, const UiLook& look) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 2 || avail.y < 2 || !session.has_trace()) return;
  frame_.origin = {origin.x, origin.y};
  frame_.width = avail.x;
  frame_.height = avail.y;
  frame_.line_height = ImGui::GetTextLineHeight();
  frame_.char_width = ImGui::CalcTextSize(kCharWidthSample.data(),
                                          kCharWidthSample.data() + kCharWidthSample.size())
                          .x /
                      static_cast<float>(kCharWidthSample.size());
  frame_.scale = look.scale;
  frame_.theme = look.theme;
  frame_.has_cursor = true;
  frame_.cursor_ns = session.cursor.time_ns();
  frame_.selected_segment = session.selected_segment;

  if (session.want_fit) {
    fit(session);
    session.want_fit = false;
    last_step_ = session.cursor.step();  // a fitted view shows the cursor already
  }
  const LaneLayout layout = layout_lanes(session.index(), frame_);
  const float content_top = layout.content_top;
  const float content_height = frame_.height - (content_top - frame_.origin.y);

  // Keep the cursor in view when it moves.
  if (follow_cursor && session.cursor.step() != last_step_) {
    const TimeFold& fold = session.index().fold();
    const auto t = static_cast<double>(session.view.compress_idle ? fold.fold(frame_.cursor_ns)
                                                                  : frame_.cursor_ns);
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
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) session.want_fit = true;

  build_timeline(session.index(), session.view, frame_, geometry_);

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
    const auto hit =
        hit_segment(geometry_, {io.MousePos.x, io.MousePos.y}, kHitTolerancePx * look.scale);
    if (hit) {
      const SegmentEvent* seg = session.trace().segment_by_id(*hit);
      if (seg)
        ImGui::SetTooltip("#%llu  %s\n%s", static_cast<unsigned long long>(*hit),
                          segment_label(*seg).c_str(), seg->reason.c_str());
    }
  }
}

}  // namespace tcplab::gui
