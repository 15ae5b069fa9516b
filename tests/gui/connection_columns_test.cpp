// The connection columns on the model's run of 03-linger-zero: the polite client and the
// aborting one connect one after the other, and the columns put each connection from its own
// start side by side, so the abort's RST and the polite close's FIN are drawn on the same rows.
#include "gui/connection_columns.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "gui/session.h"
#include "gui/timeline_builder.h"
#include "model_runs.h"

namespace tcplab::gui {
namespace {

// The drawn arrow of the first segment from `host` with a flag `is`; nullopt if none is drawn.
template <typename Flag>
std::optional<ArrowHit> first_arrow(const Trace& trace, const FrameGeometry& g,
                                    const std::string& host, Flag is) {
  for (const ArrowHit& a : g.arrows) {
    const SegmentEvent* s = trace.segment_by_id(a.segment_id);
    if (s && s->from == host && is(s->segment.flags)) return a;
  }
  return std::nullopt;
}

TEST(ConnectionColumns, LingerZeroSplitsIntoTheAbortAndThePoliteConnection) {
  const Trace trace = lesson_trace("linger-zero");
  const ConnectionColumns columns(trace);
  ASSERT_FALSE(columns.empty());
  ASSERT_EQ(columns.columns().size(), 2u);
  const ConnectionColumn& abort = *columns.columns()[0];
  const ConnectionColumn& polite = *columns.columns()[1];
  EXPECT_EQ(ConnectionColumns::title(abort), "abort → server");
  EXPECT_EQ(ConnectionColumns::title(polite), "polite → server");
  // The polite client starts at 1 s (its socket() step), the abort one right after listen().
  EXPECT_EQ(polite.offset_ns, 1'000'000'000);
  EXPECT_LT(abort.offset_ns, 1'000'000);
  // Every segment is in exactly one column, and each column's segments are its own pair's.
  EXPECT_EQ(abort.trace.segment_count() + polite.trace.segment_count(), trace.segment_count());
  for (const ConnectionColumn* c : {&abort, &polite}) {
    for (std::uint64_t id = 1; id <= c->trace.segment_count(); ++id) {
      const SegmentEvent* s = c->trace.segment_by_id(id);
      EXPECT_TRUE((s->from == c->client && s->to == c->server) ||
                  (s->from == c->server && s->to == c->client))
          << s->from << " -> " << s->to;
      // Numbered as the whole trace numbers them.
      EXPECT_EQ(trace.segment_by_id(c->source_segment[id - 1])->segment.seq, s->segment.seq);
    }
  }
  // The abort's column holds its RST and no FIN from the client; the polite one a FIN, no RST.
  auto count = [](const ConnectionColumn& c, bool rst) {
    std::size_t n = 0;
    for (std::uint64_t id = 1; id <= c.trace.segment_count(); ++id) {
      const SegmentEvent* s = c.trace.segment_by_id(id);
      n += s->from == c.client && (rst ? s->segment.flags.rst() : s->segment.flags.fin());
    }
    return n;
  };
  EXPECT_EQ(count(abort, true), 1u);
  EXPECT_EQ(count(abort, false), 0u);
  EXPECT_EQ(count(polite, true), 0u);
  EXPECT_EQ(count(polite, false), 1u);
}

TEST(ConnectionColumns, TheAbortsRstAndThePoliteFinAreDrawnOnTheSameRows) {
  const Trace trace = lesson_trace("linger-zero");
  const ConnectionColumns columns(trace);
  ASSERT_FALSE(columns.empty());
  TimelineFrame frame;
  frame.width = 1280;
  frame.height = 700;
  frame.has_cursor = true;
  frame.cursor_ns = to_ns(trace.end_time());
  frame.cursor_step = trace.size();
  TimelineView view;
  fit_range(view, static_cast<double>(columns.folded_begin_ns()),
            static_cast<double>(columns.folded_end_ns()), 640, 16);
  FrameGeometry g;
  build_columns(columns, view, frame, g);
  const auto rst = first_arrow(trace, g, "abort", [](TcpFlags f) { return f.rst(); });
  const auto fin = first_arrow(trace, g, "polite", [](TcpFlags f) { return f.fin(); });
  ASSERT_TRUE(rst.has_value());
  ASSERT_TRUE(fin.has_value());
  // Side by side: the RST in the left column, the FIN in the right one ...
  EXPECT_LT(std::max(rst->from.x, rst->to.x), std::min(fin->from.x, fin->to.x));
  // ... and on the same rows: each leaves within a line of the other.
  EXPECT_NEAR(rst->from.y, fin->from.y, frame.line_height);
  // By host (one lifeline each, one after the other) the FIN is a second later, far below.
  FrameGeometry by_host;
  const TimelineIndex index(trace, fold_policy_for(trace));
  TimelineView host_view;
  fit_range(host_view, static_cast<double>(index.fold().fold(index.begin_ns())),
            static_cast<double>(index.fold().fold(index.end_ns())), 640, 16);
  build_timeline(index, host_view, frame, by_host);
  const auto rst1 = first_arrow(trace, by_host, "abort", [](TcpFlags f) { return f.rst(); });
  const auto fin1 = first_arrow(trace, by_host, "polite", [](TcpFlags f) { return f.fin(); });
  ASSERT_TRUE(rst1.has_value() && fin1.has_value());
  EXPECT_GT(fin1->from.y - rst1->from.y, 4 * frame.line_height);
}

TEST(ConnectionColumns, TheLessonTurnsThemOnAndTheSessionDrawsByHostOtherwise) {
  const std::filesystem::path dir = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  Session session;
  session.set_scenario(load_lesson_file(resolve_lesson("linger-zero", dir)));
  EXPECT_TRUE(session.connection_columns);
  session.show(lesson_trace("linger-zero"), "linger-zero");
  ASSERT_NE(session.columns(), nullptr);
  EXPECT_EQ(session.columns()->columns().size(), 2u);
  session.connection_columns = false;  // View > Connections in columns, off
  EXPECT_EQ(session.columns(), nullptr);

  // One connection: nothing to put beside it; thousands (port exhaustion): drawn by host.
  for (const char* id : {"lost-last-ack", "port-exhaustion"}) {
    Session other;
    other.set_scenario(load_lesson_file(resolve_lesson(id, dir)));
    EXPECT_FALSE(other.connection_columns) << id;
    other.connection_columns = true;
    other.show(lesson_trace(id), id);
    EXPECT_EQ(other.columns(), nullptr) << id;
  }
}

}  // namespace
}  // namespace tcplab::gui
