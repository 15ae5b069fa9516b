// The logic behind the side panels: sockets table, sockets-per-state chart, state diagram,
// segment inspector.
#include <gtest/gtest.h>

#include "four_way_close_lesson.h"
#include "gui/narration.h"
#include "gui/segment_details.h"
#include "gui/session.h"
#include "gui/socket_table.h"
#include "gui/state_census.h"
#include "gui/state_chips.h"
#include "gui/state_diagram.h"
#include "gui/step_cursor.h"
#include "model_runs.h"
#include "support/many_connections.h"

namespace tcplab::gui {
namespace {

std::size_t step_at(const Trace& t, const char* when) { return parse_step(t, when).value(); }

TEST(SocketTable, AfterTheLastAckTheClientIsInTimeWaitWithItsTimer) {
  const Trace trace = model_trace(four_way_close());
  const auto rows = sockets_at(trace, step_at(trace, "210ms"));
  const SocketRow* client = nullptr;
  for (const SocketRow& r : rows) {
    if (r.endpoint == "client#1") client = &r;
  }
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->state, TcpState::TimeWait);
  EXPECT_EQ(client->local, "127.0.0.1:32768");
  EXPECT_EQ(client->peer, "127.0.0.2:5555");
  EXPECT_EQ(client->timer, "timewait, 60 s left");
}

TEST(SocketTable, AListenerShowsAWildcardPeerAndClosedSocketsAreGone) {
  const Trace trace = model_trace(four_way_close());
  auto rows = sockets_at(trace, step_at(trace, "50ms"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].endpoint, "server#1");
  EXPECT_EQ(rows[1].peer, "0.0.0.0:*");
  rows = sockets_at(trace, trace.size());
  EXPECT_TRUE(rows.empty());
}

// The session's replay follows the cursor both ways and shows what a replay from the start does.
TEST(SocketTable, TheSessionsStatesFollowTheCursorForwardAndBack) {
  Session session;
  session.show(model_trace(four_way_close()), "four-way close");
  const Trace& trace = session.trace();
  auto same = [&](std::size_t step) {
    session.cursor.go_to(step);
    const auto got = sockets_at(session.states());
    const auto want = sockets_at(trace, step);
    ASSERT_EQ(got.size(), want.size()) << "step " << step;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].endpoint, want[i].endpoint) << "step " << step;
      EXPECT_EQ(got[i].state, want[i].state) << "step " << step;
      EXPECT_EQ(got[i].timer, want[i].timer) << "step " << step;
    }
  };
  for (std::size_t step = 0; step <= trace.size(); ++step) same(step);
  same(trace.size() / 2);
  same(1);
  same(0);
}

TEST(StateChips, AtTimeWaitTheClientsChipSaysItsStateAndTheTimeLeft) {
  const Trace trace = model_trace(four_way_close());
  present::StateReplay states(trace);
  states.seek(step_at(trace, "210ms"));
  const StateChips chips = state_chips(states);
  ASSERT_FALSE(chips.chips.empty());
  EXPECT_EQ(chips.chips.front().socket, "client#1");
  EXPECT_EQ(chips.chips.front().state, TcpState::TimeWait);
  EXPECT_EQ(chips.chips.front().state_text, "TIME-WAIT");
  EXPECT_EQ(chips.chips.front().timer_text, "60 s left");  // the chip already says TIME-WAIT
  EXPECT_EQ(chips.more, 0u);
}

TEST(StateChips, ASocketWaitingForAnAckNamesItsLossProbeTimer) {
  // The moment the lesson's server in LAST-ACK arms the timer for its FIN: the tail loss probe's
  // (tcp_schedule_loss_probe), which Linux arms in place of the retransmission timer: 2 x SRTT
  // (SRTT 10 ms on the lesson's link) + TCP_RTO_MIN, with one segment out.
  const Trace trace = lesson_trace("four-way-close");
  present::StateReplay states(trace);
  auto waiting_in_last_ack = [&] {
    for (const present::SocketState* s : states.sockets()) {
      if (s->state == TcpState::LastAck &&
          s->timers[static_cast<std::size_t>(TimerKind::LossProbe)])
        return true;
    }
    return false;
  };
  while (states.step() < states.last_step() && !waiting_in_last_ack()) states.advance();
  const StateChips chips = state_chips(states);
  const StateChip* server = nullptr;
  for (const StateChip& c : chips.chips) {
    if (c.state == TcpState::LastAck) server = &c;
  }
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->socket, "server#2");
  EXPECT_EQ(server->timer_text, "loss probe, 220 ms left");
}

TEST(StateChips, ThousandsOfSocketsShowTheFirstFewAndACount) {
  const Trace trace = lesson_trace("port-exhaustion");
  present::StateReplay states(trace);
  // On until the TIME-WAITs pile up.
  while (states.step() < states.last_step() && states.socket_count() <= kMaxStateChips + 2) {
    states.advance();
  }
  ASSERT_GT(states.socket_count(), kMaxStateChips + 2);
  const StateChips chips = state_chips(states);
  EXPECT_EQ(chips.chips.size(), kMaxStateChips);
  EXPECT_EQ(chips.chips.size() + chips.more, states.socket_count());
  EXPECT_GT(chips.more, 0u);
}

TEST(StateCensus, CountsSocketsPerStateOverTime) {
  const Trace trace = model_trace(testing::many_connections(100));
  const StateCensus census(trace);
  // The hundred connections take about 2 s; the first TIME-WAIT ends at 60 s.
  const auto at_end_of_run = census.at(to_ns(std::chrono::seconds(10)));
  EXPECT_EQ(at_end_of_run[static_cast<std::size_t>(TcpState::TimeWait)], 100);
  EXPECT_EQ(at_end_of_run[static_cast<std::size_t>(TcpState::Listen)], 1);
  const auto after = census.at(to_ns(std::chrono::seconds(100)));
  EXPECT_EQ(after[static_cast<std::size_t>(TcpState::TimeWait)], 0);
  EXPECT_EQ(census.peak(), 100);
  EXPECT_EQ(census.sample(0, to_ns(std::chrono::seconds(100)), 50).size(), 50u);
}

TEST(StateCensus, AConnectionBornInListenIsNotSubtractedFromTheListener) {
  Trace trace;
  const FourTuple any{*parse_socket_address("127.0.0.2:5555"), {}};
  trace.add(instant_from_ns(0), StateEvent{"server", "server#1", any, TcpState::Closed,
                                           TcpState::Listen, StateCause::ListenCalled, 0});
  trace.add(instant_from_ns(1), StateEvent{"server", "server#2", any, TcpState::Listen,
                                           TcpState::SynReceived, StateCause::RcvSynSendsSynAck, 0});
  const StateCensus census(trace);
  const auto counts = census.at(1);
  EXPECT_EQ(counts[static_cast<std::size_t>(TcpState::Listen)], 1);
  EXPECT_EQ(counts[static_cast<std::size_t>(TcpState::SynReceived)], 1);
}

TEST(Narration, ReflowJoinsWrappedLinesAndKeepsParagraphs) {
  EXPECT_EQ(reflow("\nThe client closes\nfirst.\n\nThen the server.\n"),
            "The client closes first.\n\nThen the server.");
  EXPECT_EQ(reflow("客户端先关闭\n（主动关闭）"), "客户端先关闭（主动关闭）")
      << "no space between CJK lines";
}

TEST(StateDiagram, TheFourWayCloseTakesEdgesOfTheRfcFigure) {
  EXPECT_TRUE(find_edge(TcpState::Established, TcpState::FinWait1));
  EXPECT_TRUE(find_edge(TcpState::FinWait2, TcpState::TimeWait));
  EXPECT_TRUE(find_edge(TcpState::TimeWait, TcpState::Closed));
  EXPECT_TRUE(find_edge(TcpState::Closed, TcpState::Listen));
  EXPECT_FALSE(find_edge(TcpState::Established, TcpState::Closed)) << "a RST is not in the figure";
  const auto edge = find_edge(TcpState::LastAck, TcpState::Closed);
  ASSERT_TRUE(edge);
  EXPECT_EQ(diagram_nodes()[diagram_edges()[*edge].to_node].state, TcpState::Closed);
}

TEST(StateDiagram, StatusAtTheCursorHasEveryLiveEndpointAndTheLastChange) {
  const Trace trace = model_trace(four_way_close());
  const DiagramStatus s = diagram_status(trace, step_at(trace, "150ms"));
  ASSERT_TRUE(s.last_change);
  EXPECT_EQ(s.last_change->endpoint, "server#2");
  EXPECT_EQ(s.last_change->to, TcpState::CloseWait);
  EXPECT_EQ(s.last_change->cause, StateCause::RcvFin);
  ASSERT_EQ(s.endpoints.size(), 3u);
}

TEST(SegmentDetails, ShowTheHeaderAndWhatTheSegmentDid) {
  const Trace trace = model_trace(four_way_close());
  const SegmentEvent& fin = *trace.segment_by_id(6);  // the client's FIN, after "hello"
  const auto rows = segment_details(trace, fin);
  auto value = [&](const std::string& label) {
    for (const DetailRow& r : rows) {
      if (r.label == label) return r.value;
    }
    return std::string("<missing>");
  };
  EXPECT_EQ(value("four-tuple"), "127.0.0.1:32768 > 127.0.0.2:5555");
  EXPECT_EQ(value("seq"), std::to_string(fin.segment.seq.raw()) + "  (relative 6)");
  EXPECT_EQ(value("ack"), std::to_string(fin.segment.ack.raw()) + "  (relative 1)");
  EXPECT_EQ(value("flags"), "F.");
  EXPECT_EQ(value("on arrival"), "FIN: peer closed its side");
  EXPECT_EQ(value("caused"), "server#2: ESTABLISHED → CLOSE-WAIT (rcv FIN)");
  EXPECT_EQ(value("sent at"), "140 ms");
}

TEST(SegmentDetails, ALostSegmentSaysWhy) {
  const Trace trace = lesson_trace("lost-last-ack");
  const SegmentEvent* lost = nullptr;
  for (std::uint64_t id = 1; id <= trace.segment_count(); ++id) {
    if (trace.segment_by_id(id)->fate == SegmentFate::Dropped) lost = trace.segment_by_id(id);
  }
  ASSERT_NE(lost, nullptr);
  const auto rows = segment_details(trace, *lost);
  bool said = false;
  for (const DetailRow& r : rows)
    said |= r.label == "why lost" && r.value.find("drop") != std::string::npos;
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace tcplab::gui

#include "gui/scenario_edits.h"

namespace tcplab::gui {
namespace {

Scenario two_socket_server() {
  Scenario s;
  s.hosts = {{"server", {}}, {"client", {}}};
  Program p{"server", {}};
  Phase phase;
  Step sock{"server.socket", {}, {}, {}};
  sock.call.kind = CallKind::Socket;
  sock.call.result_var = "listener";
  Step accept{"server.accept", {}, {}, {}};
  accept.call.kind = CallKind::Accept;
  accept.call.socket = "listener";
  accept.call.result_var = "conn";
  phase.steps = {sock, accept};
  p.phases.push_back(phase);
  s.programs.push_back(p);
  return s;
}

TEST(ScenarioEdits, ReuseAddrFollowsEverySocketTheHostCreatesAndCanBeUndone) {
  Scenario s = two_socket_server();
  EXPECT_FALSE(has_reuse_addr(s, "server"));
  set_reuse_addr(s, "server", true);
  EXPECT_TRUE(has_reuse_addr(s, "server"));
  EXPECT_FALSE(has_reuse_addr(s, "client"));
  const auto& steps = s.programs[0].phases[0].steps;
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[1].call.kind, CallKind::SetReuseAddr);
  EXPECT_EQ(steps[1].call.socket, "listener");
  EXPECT_EQ(steps[3].call.socket, "conn");
  set_reuse_addr(s, "server", true);
  EXPECT_EQ(s.programs[0].phases[0].steps.size(), 4u) << "applying twice adds nothing";
  set_reuse_addr(s, "server", false);
  EXPECT_EQ(s.programs[0].phases[0].steps.size(), 2u);
}

Scenario lesson(const char* id) {
  const std::filesystem::path dir = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  return load_lesson_file(resolve_lesson(id, dir));
}

TEST(ScenarioEdits, KnobFieldsShowTheLessonsValueThenTheProfilesThenTheEdit) {
  const Scenario reuse = lesson("port-exhaustion-tw-reuse");
  RunOptions options;
  EXPECT_EQ(knob_value(reuse, options, "tcp_tw_reuse"), "1");  // the lesson sets it
  const Scenario close = lesson("four-way-close");
  EXPECT_EQ(knob_value(close, options, "tcp_tw_reuse"), "2");  // Linux's default since 5.7
  options.knobs.emplace_back("tcp_tw_reuse", "2");
  EXPECT_EQ(knob_value(reuse, options, "tcp_tw_reuse"), "2");  // the panel's edit
  EXPECT_EQ(knob_value(reuse, options, "no_such_knob"), "");
}

TEST(ScenarioEdits, LingerZeroIsSoLingerOneZero) {
  Scenario s = two_socket_server();
  set_linger_zero(s, "server", true);
  EXPECT_TRUE(has_linger_zero(s, "server"));
  const Step& opt = s.programs[0].phases[0].steps[1];
  EXPECT_EQ(opt.call.kind, CallKind::SetLinger);
  EXPECT_TRUE(opt.call.flag);
  EXPECT_EQ(opt.call.linger_seconds, 0);
  set_latency(s, std::chrono::milliseconds(50));
  EXPECT_EQ(s.link.latency, std::chrono::milliseconds(50));
}

}  // namespace
}  // namespace tcplab::gui
