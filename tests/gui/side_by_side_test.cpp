// The side-by-side view's logic on two real model runs of one lesson, one of them losing the
// client's last ACK: the merged trace the cursor walks, segment numbers both ways, the matched
// partner of a selection, the differences flagged and placed, and one time axis for both ladders.
#include "gui/side_by_side.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "four_way_close_lesson.h"
#include "gui/session.h"
#include "gui/state_chips.h"
#include "gui/timeline_builder.h"
#include "scenario/compare.h"
#include "scenario/model_backend.h"

namespace tcplab::gui {
namespace {

using namespace tcplab::testing;
using std::chrono::milliseconds;

std::uint64_t last_from(const Trace& trace, const std::string& host) {
  std::uint64_t last = 0;
  for (std::uint64_t id = 1; id <= trace.segment_count(); ++id) {
    if (trace.segment_by_id(id)->from == host) last = id;
  }
  return last;
}

// Left: the close as it goes; right: the same lesson with the client's last ACK lost.
std::unique_ptr<SideBySide> close_and_lost_ack() {
  BackendComparison r;
  r.model = ModelBackend().run(four_way_close(), {});
  RunOptions lossy;
  FaultSpec drop;
  drop.match.segment_id = last_from(r.model.trace, "client");
  lossy.extra_faults.push_back(drop);
  r.kernel = ModelBackend().run(four_way_close(), lossy);
  r.kernel_ran = true;
  r.comparison = compare_traces(r.model.trace, r.kernel.trace);
  return std::make_unique<SideBySide>(std::move(r), "as it goes", "last ACK lost");
}

TEST(SideBySide, TheMergedTraceHoldsEveryEventOfBothInTimeOrderNamedBySide) {
  const auto pair = close_and_lost_ack();
  const Trace& left = pair->side(Side::Left).trace;
  const Trace& right = pair->side(Side::Right).trace;
  const Trace& merged = pair->merged();
  EXPECT_EQ(merged.size(), left.size() + right.size());
  EXPECT_EQ(merged.segment_count(), left.segment_count() + right.segment_count());
  EXPECT_EQ(merged.hosts, (std::vector<std::string>{"client (model)", "server (model)",
                                                    "client (kernel)", "server (kernel)"}));
  EXPECT_TRUE(std::is_sorted(merged.events().begin(), merged.events().end(),
                             [](const TraceEvent& a, const TraceEvent& b) { return a.at < b.at; }));
  for (std::uint64_t m = 1; m <= merged.segment_count(); ++m) {
    const auto where = pair->side_of(m);
    ASSERT_TRUE(where) << m;
    EXPECT_EQ(pair->merged_id(where->first, where->second), m);
    const SegmentEvent& own = *pair->side(where->first).trace.segment_by_id(where->second);
    const SegmentEvent& copy = *merged.segment_by_id(m);
    // Relative numbers are each side's own, not recomputed across the two connections.
    EXPECT_EQ(copy.rel_seq, own.rel_seq) << m;
    EXPECT_EQ(copy.rel_ack, own.rel_ack) << m;
    EXPECT_EQ(copy.from, tagged(own.from, pair->side(where->first).tag));
    EXPECT_EQ(copy.arrives_at, own.arrives_at);
  }
  // A state change names the segment that caused it on its own side.
  for (const TraceEvent& e : merged.events()) {
    const auto* st = get_if<StateEvent>(&e.body);
    if (!st || st->segment_id == 0) continue;
    const auto where = pair->side_of(st->segment_id);
    ASSERT_TRUE(where);
    const std::string side_tag = where->first == Side::Left ? "(model)" : "(kernel)";
    EXPECT_TRUE(st->host.ends_with(side_tag)) << st->host << " caused by " << st->segment_id;
  }
}

TEST(SideBySide, TheLostAckIsADifferenceFlaggedAndPlacedOnTheTimeline) {
  const auto pair = close_and_lost_ack();
  ASSERT_FALSE(pair->comparison().agree());
  const auto& flagged = pair->side(Side::Right).flagged_segments;
  const std::uint64_t lost = last_from(pair->side(Side::Left).trace, "client");
  EXPECT_TRUE(std::binary_search(flagged.begin(), flagged.end(), lost))
      << "the dropped ACK is highlighted on the right";
  ASSERT_EQ(pair->rows().size(), pair->comparison().differences.size());
  bool a_segment_row = false;
  for (const DifferenceRow& row : pair->rows()) {
    if (row.difference->kind != DifferenceKind::Segment) continue;
    a_segment_row = true;
    EXPECT_TRUE(row.at_ns) << row.difference->subject;
    EXPECT_NE(row.merged_segment, 0u) << row.difference->subject;
  }
  EXPECT_TRUE(a_segment_row);
}

TEST(SideBySide, ASelectedSegmentIsShownWithItsMatchOnTheOtherSide) {
  const auto pair = close_and_lost_ack();
  ASSERT_FALSE(pair->comparison().matched_segments.empty());
  const auto [l, r] = pair->comparison().matched_segments.front();
  const std::uint64_t m = pair->merged_id(Side::Left, l);
  EXPECT_EQ(pair->selected_on(Side::Left, m), l);
  EXPECT_EQ(pair->selected_on(Side::Right, m), r);
  EXPECT_EQ(pair->selected_on(Side::Right, pair->merged_id(Side::Right, r)), r);
  EXPECT_EQ(pair->selected_on(Side::Left, 0), 0u);
}

TEST(SideBySide, BothLaddersFoldIdleTimeTheSameWay) {
  const auto pair = close_and_lost_ack();
  const auto& a = pair->side(Side::Left).index.fold();
  const auto& b = pair->side(Side::Right).index.fold();
  ASSERT_FALSE(a.breaks().empty()) << "TIME-WAIT's 60 s are folded";
  for (std::int64_t t : {std::int64_t{0}, std::int64_t{150'000'000}, std::int64_t{30'000'000'000},
                         std::int64_t{60'400'000'000}}) {
    EXPECT_EQ(a.fold(t), b.fold(t)) << t;
  }
}

TEST(SideBySide, AFlaggedSegmentIsDrawnWithAHighlighterAndSaysItDiffers) {
  const auto pair = close_and_lost_ack();
  const SideView& right = pair->side(Side::Right);
  TimelineFrame frame;
  frame.width = 800;
  frame.height = 800;
  TimelineView view;
  fit_range(view, static_cast<double>(right.index.fold().fold(right.index.begin_ns())),
            static_cast<double>(right.index.fold().fold(right.index.end_ns())), 760, 16);
  auto halos = [&](const std::vector<std::uint64_t>* flagged) {
    frame.flagged_segments = flagged;
    FrameGeometry g;
    build_timeline(right.index, view, frame, g);
    std::size_t n = 0;
    for (const auto& line : g.lines) {
      n += line.color.r == kLightTheme.difference.r && line.color.g == kLightTheme.difference.g &&
           line.thickness == kDifferenceHaloPx;
    }
    const bool says = std::any_of(g.texts.begin(), g.texts.end(), [](const auto& t) {
      return t.text.find("(differs)") != std::string::npos;
    });
    return std::make_pair(n, says);
  };
  EXPECT_EQ(halos(nullptr), std::make_pair(std::size_t{0}, false));
  const auto [n, says] = halos(&right.flagged_segments);
  EXPECT_EQ(n, right.flagged_segments.size());
  EXPECT_TRUE(says);
}

TEST(SideBySide, TheSessionStepsThroughBothRunsAtOnce) {
  Session session;
  auto pair = close_and_lost_ack();
  const std::size_t both = pair->merged().size();
  session.show_side_by_side(std::move(pair), "four-way close, side by side");
  ASSERT_NE(session.side_by_side(), nullptr);
  EXPECT_EQ(session.cursor.last_step(), both);
  session.cursor.end();
  EXPECT_EQ(session.cursor.time_ns(), to_ns(session.trace().end_time()));
  // Showing a single trace leaves side by side.
  session.show(Trace{}, "empty");
  EXPECT_EQ(session.side_by_side(), nullptr);
}

TEST(SideBySide, ASocketBothRunsShowAlikeIsOneChipAndADifferenceKeepsOnePerSide) {
  const auto pair = close_and_lost_ack();
  present::StateReplay states(pair->merged());
  const auto named = [&](const std::string& name) -> const present::SocketState* {
    for (const present::SocketState* s : states.sockets()) {
      if (s->endpoint == name) return s;
    }
    return nullptr;
  };
  // On to where the lost ACK's server waits in LAST-ACK while both clients are in TIME-WAIT.
  const std::string kernel_server = tagged("server#2", pair->side(Side::Right).tag);
  const std::string model_client = tagged("client#1", pair->side(Side::Left).tag);
  while (states.step() < states.last_step()) {
    states.advance();
    const auto* server = named(kernel_server);
    const auto* client = named(model_client);
    if (server && server->state == TcpState::LastAck && client &&
        client->state == TcpState::TimeWait && named(tagged("server#2", pair->side(Side::Left).tag)) == nullptr)
      break;
  }
  ASSERT_LT(states.step(), states.last_step());
  const StateChips chips = paired_state_chips(states, *pair);
  const auto chip = [&](const std::string& name) -> const StateChip* {
    for (const StateChip& c : chips.chips) {
      if (c.socket == name) return &c;
    }
    return nullptr;
  };
  const StateChip* client = chip("client#1");
  ASSERT_NE(client, nullptr) << "one chip for the client both runs have in TIME-WAIT";
  EXPECT_TRUE(client->both_sides);
  EXPECT_EQ(client->state, TcpState::TimeWait);
  EXPECT_EQ(chip(model_client), nullptr);
  EXPECT_EQ(chip(tagged("client#1", pair->side(Side::Right).tag)), nullptr);
  const StateChip* server = chip(kernel_server);
  ASSERT_NE(server, nullptr) << "the server only the lossy run still has";
  EXPECT_FALSE(server->both_sides);
  EXPECT_EQ(server->state, TcpState::LastAck);
  // Without the pairing the same instant takes a chip per side.
  EXPECT_GT(state_chips(states).chips.size() + state_chips(states).more,
            chips.chips.size() + chips.more);
}

}  // namespace
}  // namespace tcplab::gui
