#include "gui/timeline_index.h"

#include <gtest/gtest.h>

#include "four_way_close_lesson.h"
#include "model_runs.h"
#include "support/many_connections.h"

namespace tcplab::gui {
namespace {

constexpr std::int64_t kMs = 1'000'000;

TEST(TimelineIndex, FourWayCloseHasOneSubLanePerConcurrentSocket) {
  const Trace trace = model_trace(four_way_close());
  const TimelineIndex index(trace, FoldPolicy{});
  ASSERT_EQ(index.hosts().size(), 2u);
  EXPECT_EQ(index.hosts()[0].name, "client");
  EXPECT_EQ(index.hosts()[0].slots.size(), 1u);
  EXPECT_EQ(index.hosts()[1].slots.size(), 2u) << "the listener and the accepted socket";
  EXPECT_EQ(index.segments().size(), trace.segment_count());
}

TEST(TimelineIndex, TheClientsBandsFollowItsStatesIntoTimeWait) {
  const Trace trace = model_trace(four_way_close());
  const TimelineIndex index(trace, FoldPolicy{});
  const auto& bands = index.hosts()[0].slots[0].bands;
  std::vector<TcpState> states;
  for (const StateBand& b : bands) states.push_back(b.state);
  EXPECT_EQ(states,
            (std::vector<TcpState>{TcpState::SynSent, TcpState::Established, TcpState::FinWait1,
                                   TcpState::FinWait2, TcpState::TimeWait}));
  EXPECT_EQ(bands.back().start_ns, 210 * kMs);
  EXPECT_EQ(bands.back().end_ns, 60210 * kMs);
  EXPECT_TRUE(bands.front().first_of_socket);
  EXPECT_FALSE(bands.back().first_of_socket);
}

TEST(TimelineIndex, ATimeWaitRestartedByARetransmittedFinIsTwoSpans) {
  const Trace trace = lesson_trace("lost-last-ack");
  const TimelineIndex index(trace, FoldPolicy{});
  const auto& tw = index.hosts()[0].slots[0].timers[static_cast<std::size_t>(TimerKind::TimeWait)];
  ASSERT_EQ(tw.size(), 2u);
  // Cancelled and armed again at the same instant: one restart, not a cancel.
  EXPECT_EQ(tw[0].ending, present::TimerEnding::Restarted);
  EXPECT_EQ(tw[0].end_ns, 410 * kMs);
  EXPECT_EQ(tw[1].ending, present::TimerEnding::Fired);
  EXPECT_EQ(tw[1].deadline_ns - tw[1].start_ns, 60'000 * kMs);
}

TEST(TimelineIndex, FailedCallsAreLabelledWithTheirErrno) {
  const Trace trace = lesson_trace("server-restart");
  const TimelineIndex index(trace, FoldPolicy{});
  const int server = index.host_index("server");
  ASSERT_GE(server, 0);
  bool found = false;
  for (const CallMark& c : index.hosts()[static_cast<std::size_t>(server)].calls) {
    if (c.failed) {
      EXPECT_EQ(c.label, "bind() = -1 EADDRINUSE");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(TimelineIndex, ThousandsOfSocketsOverflowIntoTheChartNotTheLanes) {
  const Trace trace = model_trace(testing::many_connections(200));
  const TimelineIndex index(trace, FoldPolicy{});
  EXPECT_LE(index.hosts()[0].slots.size(), static_cast<std::size_t>(kMaxSlotsPerHost));
  EXPECT_GT(index.hosts()[0].overflow_sockets, 100u);
  // Bands in a slot never overlap, so frames can cull them with lower_bound.
  for (const HostLane& host : index.hosts()) {
    for (const SlotLane& slot : host.slots) {
      for (std::size_t i = 1; i < slot.bands.size(); ++i) {
        EXPECT_LE(slot.bands[i - 1].end_ns, slot.bands[i].start_ns);
      }
    }
  }
}

}  // namespace
}  // namespace tcplab::gui

namespace tcplab::gui {
namespace {

TEST(ProminentStates, AreTheBigBlocksOfColourInAFittedPicture) {
  const Trace trace = model_trace(four_way_close());
  const TimelineIndex index(trace, FoldPolicy{});
  const auto states = prominent_states(index, 0.1);
  auto has = [&](TcpState s) { return std::find(states.begin(), states.end(), s) != states.end(); };
  EXPECT_TRUE(has(TcpState::TimeWait));
  EXPECT_TRUE(has(TcpState::Established));
  EXPECT_TRUE(has(TcpState::Listen));
  EXPECT_FALSE(has(TcpState::SynSent)) << "20 ms of a lesson that is shown as 360 ms";
  EXPECT_FALSE(has(TcpState::Closing));
}

}  // namespace
}  // namespace tcplab::gui
