#include "gui/timeline_view.h"

#include <gtest/gtest.h>

namespace tcplab::gui {
namespace {

TEST(TimelineView, WheelZoomKeepsTheInstantUnderTheMouse) {
  TimelineView view;
  view.top_ns = 1e6;
  view.ns_per_px = 1e5;
  const float top = 40;
  const double mouse_y = 300;
  const double before = view.folded_at(mouse_y, top);
  zoom_around(view, mouse_y, top, 3);
  EXPECT_LT(view.ns_per_px, 1e5);
  EXPECT_NEAR(view.folded_at(mouse_y, top), before, 1e-3);
  zoom_around(view, mouse_y, top, -3);
  EXPECT_NEAR(view.ns_per_px, 1e5, 1e-6);
}

TEST(TimelineView, FitShowsTheWholeRangeWithMargins) {
  TimelineView view;
  fit_range(view, 0, 200e6, 600, 20);
  EXPECT_NEAR(view.y_of(0, 0), 20, 1e-6);
  EXPECT_NEAR(view.y_of(200e6, 0), 580, 1e-6);
}

TEST(TimelineView, DragMovesTheContentWithTheMouse) {
  TimelineView view;
  view.ns_per_px = 10;
  pan_by(view, 50);  // dragged down by 50 px: earlier times come into view
  EXPECT_DOUBLE_EQ(view.top_ns, -500);
}

TEST(TimelineView, KeepVisibleScrollsOnlyWhenNeeded) {
  TimelineView view;
  view.ns_per_px = 1;
  keep_visible(view, 50, 100, 10);
  EXPECT_DOUBLE_EQ(view.top_ns, 0);
  keep_visible(view, 500, 100, 10);
  EXPECT_DOUBLE_EQ(view.top_ns, 410);
}

}  // namespace
}  // namespace tcplab::gui
