#include <gtest/gtest.h>

#include "four_way_close_lesson.h"
#include "gui/scenario_edits.h"
#include "gui/step_cursor.h"
#include "model_runs.h"

namespace tcplab::gui {
namespace {

// The four-way close with SO_LINGER {1, 0} on the client: a short run, ended by a RST.
Trace linger_zero_close() {
  Scenario s = four_way_close();
  set_linger_zero(s, "client", true);
  return model_trace(s);
}

TEST(StepCursor, StepsEventByEventAndStopsAtTheEnds) {
  const Trace trace = model_trace(four_way_close());
  StepCursor c;
  c.attach(&trace);
  EXPECT_EQ(c.step(), 0u);
  c.previous();
  EXPECT_EQ(c.step(), 0u);
  c.next();
  EXPECT_EQ(c.event(), &trace.events()[0]);
  c.end();
  EXPECT_EQ(c.step(), trace.size());
  c.next();
  EXPECT_EQ(c.step(), trace.size());
  EXPECT_EQ(c.time_ns(), to_ns(trace.end_time()));
}

TEST(StepCursor, PlayingAdvancesAtItsSpeedAndPausesAtTheEnd) {
  const Trace trace = linger_zero_close();
  StepCursor c;
  c.attach(&trace);
  c.speed = 4;
  c.playing = true;
  EXPECT_FALSE(c.tick(0.1));
  EXPECT_TRUE(c.tick(0.2));
  EXPECT_EQ(c.step(), 1u);
  c.tick(1000);
  EXPECT_EQ(c.step(), trace.size());
  EXPECT_FALSE(c.playing);
}

TEST(StepCursor, AReRunKeepsTheStep) {
  const Trace a = model_trace(four_way_close());
  const Trace b = lesson_trace("lost-last-ack");
  StepCursor c;
  c.attach(&a);
  c.go_to(20);
  c.attach(&b);
  EXPECT_EQ(c.step(), 20u);
  const Trace small = linger_zero_close();
  ASSERT_LT(small.size(), b.size());
  c.go_to(b.size());
  c.attach(&small);
  EXPECT_EQ(c.step(), small.size()) << "clamped to the new trace";
}

TEST(ParseStep, TakesANumberATimeOrEnd) {
  const Trace trace = model_trace(four_way_close());
  EXPECT_EQ(parse_step(trace, "end"), trace.size());
  EXPECT_EQ(parse_step(trace, "12"), 12u);
  EXPECT_EQ(parse_step(trace, "0"), 0u);
  EXPECT_EQ(parse_step(trace, "100000"), std::nullopt);
  EXPECT_EQ(parse_step(trace, "soon"), std::nullopt);
  const auto at = parse_step(trace, "210ms");
  ASSERT_TRUE(at);
  EXPECT_EQ(to_ns(trace.events()[*at - 1].at), 210'000'000);
  EXPECT_EQ(parse_step(trace, "1.2s"), parse_step(trace, "210ms").value() + 2)
      << "after 210 ms only the server's LAST-ACK ending at 220 ms (and its timer cancelled) "
         "happens before 1.2 s";
}

}  // namespace
}  // namespace tcplab::gui
