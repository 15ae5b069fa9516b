#include <gtest/gtest.h>

#include "gui/demo_traces.h"
#include "gui/step_cursor.h"

namespace tcplab::gui {
namespace {

TEST(StepCursor, StepsEventByEventAndStopsAtTheEnds) {
  const Trace trace = demo_four_way_close();
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
  const Trace trace = demo_linger_rst();
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
  const Trace a = demo_four_way_close();
  const Trace b = demo_lost_last_ack();
  StepCursor c;
  c.attach(&a);
  c.go_to(20);
  c.attach(&b);
  EXPECT_EQ(c.step(), 20u);
  const Trace small = demo_linger_rst();
  c.go_to(b.size());
  c.attach(&small);
  EXPECT_EQ(c.step(), small.size()) << "clamped to the new trace";
}

TEST(ParseStep, TakesANumberATimeOrEnd) {
  const Trace trace = demo_four_way_close();
  EXPECT_EQ(parse_step(trace, "end"), trace.size());
  EXPECT_EQ(parse_step(trace, "12"), 12u);
  EXPECT_EQ(parse_step(trace, "0"), 0u);
  EXPECT_EQ(parse_step(trace, "100000"), std::nullopt);
  EXPECT_EQ(parse_step(trace, "soon"), std::nullopt);
  const auto at = parse_step(trace, "170ms");
  ASSERT_TRUE(at);
  EXPECT_EQ(to_ns(trace.events()[*at - 1].at), 170'000'000);
  EXPECT_EQ(parse_step(trace, "1.2s"), parse_step(trace, "180ms").value() + 2)
      << "after 180 ms only the listener's close() at 200 ms happens before 1.2 s";
}

}  // namespace
}  // namespace tcplab::gui
