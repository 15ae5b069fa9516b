// The GUI's logic on a four-way close run by ModelBackend: drawn, tabled, and re-run with "drop
// this segment".
#include <algorithm>

#include <gtest/gtest.h>

#include "four_way_close_lesson.h"
#include "gui/scenario_edits.h"
#include "gui/session.h"
#include "gui/socket_table.h"
#include "gui/timeline_builder.h"
#include "scenario/model_backend.h"

namespace tcplab::gui {
namespace {

using namespace tcplab::testing;
using std::chrono::milliseconds;

bool passes_through(const Trace& trace, const std::string& host, TcpState state) {
  return std::any_of(trace.events().begin(), trace.events().end(), [&](const TraceEvent& e) {
    const auto* st = get_if<StateEvent>(&e.body);
    return st && st->host == host && st->to == state;
  });
}

TEST(ModelTrace, TheClientsTimeWaitIsDrawnAsABand) {
  const RunResult run = ModelBackend().run(four_way_close(), {});
  ASSERT_TRUE(passes_through(run.trace, "client", TcpState::TimeWait));
  const TimelineIndex index(run.trace, FoldPolicy{});
  const int client = index.host_index("client");
  ASSERT_GE(client, 0);
  bool band = false;
  for (const SlotLane& slot : index.hosts()[static_cast<std::size_t>(client)].slots) {
    for (const StateBand& b : slot.bands) band |= b.state == TcpState::TimeWait;
  }
  EXPECT_TRUE(band);

  TimelineFrame frame;
  frame.width = 1200;
  frame.height = 800;
  TimelineView view;
  fit_range(view, static_cast<double>(index.fold().fold(index.begin_ns())),
            static_cast<double>(index.fold().fold(index.end_ns())), 760, 16);
  FrameGeometry g;
  build_timeline(index, view, frame, g);
  EXPECT_EQ(g.arrows.size(), run.trace.segment_count());
  EXPECT_FALSE(index.fold().breaks().empty()) << "the 60 s of TIME-WAIT are compressed";
}

TEST(ModelTrace, DroppingTheLastAckAndReRunningKeepsTheStepAndShowsTheLoss) {
  Session session;
  session.set_scenario(four_way_close());
  session.show(ModelBackend().run(*session.scenario, session.options).trace, "four-way close");
  // The client's last ACK: the last segment the client sends.
  std::uint64_t last_ack = 0;
  for (std::uint64_t id = 1; id <= session.trace().segment_count(); ++id) {
    if (session.trace().segment_by_id(id)->from == "client") last_ack = id;
  }
  ASSERT_NE(last_ack, 0u);
  session.cursor.go_to(10);
  FaultSpec drop;
  drop.match.segment_id = last_ack;
  session.options.extra_faults.push_back(drop);
  session.show(ModelBackend().run(*session.scenario, session.options).trace, "four-way close");
  EXPECT_EQ(session.cursor.step(), 10u);
  const SegmentEvent* lost = session.trace().segment_by_id(last_ack);
  ASSERT_NE(lost, nullptr);
  EXPECT_EQ(lost->fate, SegmentFate::Dropped);
  bool retransmitted = false;
  for (std::uint64_t id = last_ack + 1; id <= session.trace().segment_count(); ++id) {
    retransmitted |= session.trace().segment_by_id(id)->retransmission;
  }
  EXPECT_TRUE(retransmitted) << "the server's FIN is sent again";
}

TEST(ModelTrace, SoLingerZeroFromThePanelTurnsTheCloseIntoAReset) {
  Scenario s = four_way_close();
  set_linger_zero(s, "client", true);
  const RunResult run = ModelBackend().run(s, {});
  EXPECT_FALSE(passes_through(run.trace, "client", TcpState::TimeWait));
  bool rst = false;
  for (std::uint64_t id = 1; id <= run.trace.segment_count(); ++id) {
    rst |= run.trace.segment_by_id(id)->segment.flags.rst();
  }
  EXPECT_TRUE(rst);
  const auto rows = sockets_at(run.trace, run.trace.size());
  EXPECT_TRUE(std::none_of(rows.begin(), rows.end(),
                           [](const SocketRow& r) { return r.state == TcpState::TimeWait; }));
}

}  // namespace
}  // namespace tcplab::gui
