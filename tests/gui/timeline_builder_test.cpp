#include "gui/timeline_builder.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "four_way_close_lesson.h"
#include "gui/hit_test.h"
#include "model_runs.h"
#include "present/segment_label.h"
#include "support/many_connections.h"

namespace tcplab::gui {
namespace {

constexpr float kWidth = 1200;
constexpr float kHeight = 800;

struct Drawn {
  Trace trace;
  TimelineIndex index;
  TimelineView view;
  TimelineFrame frame;
  FrameGeometry geometry;

  explicit Drawn(Trace t) : trace(std::move(t)), index(trace, FoldPolicy{}) {
    frame.width = kWidth;
    frame.height = kHeight;
    fit();
  }
  void fit() {
    const LaneLayout layout = layout_lanes(index, frame);
    const float content = frame.height - (layout.content_top - frame.origin.y);
    fit_range(view, static_cast<double>(index.fold().fold(index.begin_ns())),
              static_cast<double>(index.fold().fold(index.end_ns())), content, frame.line_height);
    build();
  }
  void build() { build_timeline(index, view, frame, geometry); }
  bool has_text(const std::string& s) const {
    return std::any_of(geometry.texts.begin(), geometry.texts.end(),
                       [&](const TextPrim& t) { return t.text == s; });
  }
  bool has_rect_of(Rgba color) const {
    return std::any_of(geometry.rects.begin(), geometry.rects.end(), [&](const RectPrim& r) {
      return r.color == color && r.max.y - r.min.y > 10;
    });
  }
};

TEST(TimelineBuilder, SegmentLabelsUseTcpdumpNotationWithRelativeNumbers) {
  const Trace trace = model_trace(four_way_close());
  EXPECT_EQ(present::segment_label(*trace.segment_by_id(1)), "S seq 0");
  EXPECT_EQ(present::segment_label(*trace.segment_by_id(2)), "S. seq 0 ack 1");
  EXPECT_EQ(present::segment_label(*trace.segment_by_id(4)), "P. seq 1:6 ack 1 len 5");
  EXPECT_EQ(present::segment_label(*trace.segment_by_id(6)), "F. seq 6 ack 1");
}

TEST(TimelineBuilder, AFittedFourWayCloseShowsEveryArrowStateAndTimer) {
  Drawn d(model_trace(four_way_close()));
  EXPECT_EQ(d.geometry.arrows.size(), d.trace.segment_count());
  EXPECT_TRUE(d.has_text("TIME-WAIT"));
  EXPECT_TRUE(d.has_text("LAST-ACK"));
  EXPECT_TRUE(d.has_text("F. seq 6 ack 1"));
  EXPECT_TRUE(d.has_text("client"));
  EXPECT_TRUE(d.has_rect_of(state_color(TcpState::TimeWait)));
  EXPECT_TRUE(d.has_rect_of(state_color(TcpState::Established)));
  EXPECT_TRUE(std::any_of(d.geometry.texts.begin(), d.geometry.texts.end(), [](const TextPrim& t) {
    return t.text.find("later") != std::string::npos;
  })) << "the 60 s of TIME-WAIT are drawn as a break";
  EXPECT_TRUE(std::any_of(d.geometry.texts.begin(), d.geometry.texts.end(), [](const TextPrim& t) {
    return t.text.rfind("TIME-WAIT 60 s", 0) == 0;
  })) << "the TIME-WAIT timer's bracket is labelled with its length";
}

TEST(TimelineBuilder, APresentationFitTooDenseToReadZoomsToReadableRowsAroundTheCursor) {
  Drawn d(lesson_trace("four-way-close"));
  d.frame.height = 300;  // a 720p projector's ladder
  const std::size_t rows = d.index.segment_rows();
  std::vector<std::int64_t> sent = d.index.segments().sent_ns;
  std::sort(sent.begin(), sent.end());
  EXPECT_EQ(rows, static_cast<std::size_t>(std::unique(sent.begin(), sent.end()) - sent.begin()))
      << "a row per distinct send instant";
  ASSERT_GT(rows, 10u);
  const LaneLayout layout = layout_lanes(d.index, d.frame);
  const float content = d.frame.height - (layout.content_top - d.frame.origin.y);
  const auto folded = [&](std::int64_t ns) { return static_cast<double>(d.index.fold().fold(ns)); };
  const double span = folded(d.index.end_ns()) - folded(d.index.begin_ns());

  TimelineView whole;
  fit_lesson(whole, d.index, d.frame, std::nullopt);
  EXPECT_NEAR(whole.ns_per_px * (content - 2 * d.frame.line_height * kFitMarginLines), span,
              span * 1e-6);

  const std::int64_t cursor = d.index.segments().sent_ns[rows / 2];
  const ReadableFit readable{rows, cursor, 40};
  TimelineView view;
  fit_lesson(view, d.index, d.frame, std::nullopt, nullptr, readable);
  EXPECT_NEAR(view.ns_per_px * static_cast<double>(rows) * 40, span, span * 1e-6)
      << "every row 40 px apart";
  const double y = view.y_of(folded(cursor), layout.content_top);
  EXPECT_GT(y, layout.content_top);
  EXPECT_LT(y, d.frame.height) << "the cursor is in view";

  // The next step, a little further: the view scrolls only if the cursor would leave it.
  const TimelineView before = view;
  fit_lesson(view, d.index, d.frame, std::nullopt, nullptr,
             ReadableFit{rows, d.index.segments().sent_ns[rows / 2 + 1], 40});
  EXPECT_EQ(view.ns_per_px, before.ns_per_px);
  EXPECT_EQ(view.top_ns, before.top_ns);

  // Rows that already read well: the whole lesson, as without.
  TimelineView roomy;
  fit_lesson(roomy, d.index, d.frame, std::nullopt, nullptr, ReadableFit{rows, cursor, 2});
  EXPECT_EQ(roomy.ns_per_px, whole.ns_per_px);
  EXPECT_EQ(roomy.top_ns, whole.top_ns);
}

TEST(TimelineBuilder, NoShapeOfAScrolledViewPaintsOverTheLaneHeaders) {
  Drawn d(lesson_trace("four-way-close"));
  const LaneLayout layout = layout_lanes(d.index, d.frame);
  // Scrolled so the lesson's first bands began above the top of the view.
  d.view.top_ns += 40 * d.view.ns_per_px;
  d.build();
  for (const RectPrim& r : d.geometry.rects) {
    EXPECT_GE(r.min.y, layout.content_top);
  }
}

TEST(TimelineBuilder, ArrowsSlopeDownByTheirLatencyFromSenderToReceiver) {
  Drawn d(model_trace(four_way_close()));
  const ArrowHit& syn = d.geometry.arrows.front();
  EXPECT_LT(syn.from.x, syn.to.x) << "client (left) to server (right)";
  EXPECT_GT(syn.to.y, syn.from.y) << "time flows down";
}

TEST(TimelineBuilder, ALostSegmentEndsInADropMarkHalfWay) {
  Drawn d(lesson_trace("lost-last-ack"));
  const ArrowHit* lost = nullptr;
  for (const ArrowHit& a : d.geometry.arrows) {
    if (d.trace.segment_by_id(a.segment_id)->fate == SegmentFate::Dropped) lost = &a;
  }
  ASSERT_NE(lost, nullptr);
  const LaneLayout layout = layout_lanes(d.index, d.frame);
  const float middle = (layout.hosts[0].lifeline_x + layout.hosts[1].lifeline_x) / 2;
  EXPECT_FLOAT_EQ(lost->to.x, middle);
  EXPECT_TRUE(std::any_of(d.geometry.texts.begin(), d.geometry.texts.end(), [](const TextPrim& t) {
    return t.text.find("LOST") != std::string::npos;
  }));
  EXPECT_TRUE(std::any_of(d.geometry.texts.begin(), d.geometry.texts.end(), [](const TextPrim& t) {
    return t.text.rfind("F. ", 0) == 0 && t.text.find("(retransmit)") != std::string::npos;
  }));
}

TEST(TimelineBuilder, OnlyWhatIsVisibleIsBuilt) {
  Drawn d(model_trace(four_way_close()));
  // Zoom in on the handshake: the close's arrows are off screen.
  zoom_around(d.view, 0, layout_lanes(d.index, d.frame).content_top, 12);
  d.build();
  EXPECT_LT(d.geometry.arrows.size(), d.trace.segment_count());
  EXPECT_GE(d.geometry.arrows.size(), 1u);
}

TEST(TimelineBuilder, AHundredThousandSegmentsFittedMergeIntoAFewHundredItems) {
  Drawn d(model_trace(testing::many_connections(16'700)));
  ASSERT_GE(d.trace.segment_count(), 100'000u);
  EXPECT_LT(d.geometry.arrows.size(), static_cast<std::size_t>(kHeight));
  EXPECT_LT(d.geometry.primitive_count(), 20'000u);
}

TEST(TimelineBuilder, EventsAfterTheCursorAreFaded) {
  Drawn d(model_trace(four_way_close()));
  d.frame.has_cursor = true;
  d.frame.cursor_ns = 0;
  d.build();
  EXPECT_FALSE(d.has_rect_of(state_color(TcpState::TimeWait)));
  EXPECT_TRUE(d.has_rect_of(state_color(TcpState::TimeWait).with_alpha(kLightTheme.future_alpha)));
}

TEST(TimelineBuilder, AClickOnAnArrowFindsItsSegment) {
  Drawn d(model_trace(four_way_close()));
  const ArrowHit& fin = d.geometry.arrows[5];
  const Vec2 middle{(fin.from.x + fin.to.x) / 2 + 2, (fin.from.y + fin.to.y) / 2};
  EXPECT_EQ(hit_segment(d.geometry, middle), fin.segment_id);
  EXPECT_EQ(hit_segment(d.geometry, {1, 1}), std::nullopt);
}

TEST(TimelineBuilder, PresentationScaleKeepsBandsWideEnoughForTheLargerFont) {
  Drawn d(model_trace(four_way_close()));
  d.frame.width = 1600;
  d.frame.scale = 2;
  EXPECT_GE(layout_lanes(d.index, d.frame).band_width, kBandMinWidthPx * 2);
}

TEST(TimelineBuilder, ManySubLanesNarrowTheBandsNotTheArrowSpan) {
  Drawn d(model_trace(testing::many_connections(50)));
  d.frame.width = 740;
  const LaneLayout layout = layout_lanes(d.index, d.frame);
  EXPECT_LT(layout.band_width, kBandMinWidthPx);
  EXPECT_GE(layout.hosts[1].lifeline_x - layout.hosts[0].lifeline_x, d.frame.width * 0.2f)
      << "the lifelines stay apart: arrows keep room in a narrow window";
}

}  // namespace
}  // namespace tcplab::gui
