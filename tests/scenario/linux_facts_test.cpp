// Every row of LINUX-FACTS.md the model can reproduce, run through the model backend under the
// `linux` profile: the same segments (flags, relative seq/ack, direction), states and errno.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "present/segment_label.h"
#include "scenario/model_backend.h"
#include "support/scenario_builder.h"
#include "support/trace_query.h"
#include "support/trace_text.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

// A server that accepts one connection, reads until the client closes, then closes after `delay`;
// a client that connects and closes.
ScenarioBuilder client_closes_first(Duration server_close_delay) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"), {}, "server.socket")
      .step("server", bind_call("l", "127.0.0.2:5555"), {}, "server.bind")
      .step("server", listen_call("l"), {}, "server.listen")
      .step("server", accept_call("l", "c"), {}, "server.accept")
      .step("server", recv_call("c"), {}, "server.recv")
      .step("server", close_call("c"), wait(server_close_delay), "server.close");
  b.step("client", socket_call("s"), at(1ms), "client.socket")
      .step("client", connect_call("s", "127.0.0.2:5555"), {}, "client.connect")
      .step("client", close_call("s"), {}, "client.close");
  return b;
}

RunResult run(const Scenario& s, RunOptions o = {}) { return ModelBackend().run(s, o); }

const std::vector<std::string> kHandshake = {"client>server S 0:0", "server>client S. 0:1",
                                             "client>server . 1:1"};

TEST(LinuxFacts, HandshakeIsThreeSegments) {
  auto r = run(client_closes_first(50ms).build());
  auto lines = segment_lines(r.trace);
  ASSERT_GE(lines.size(), 3u) << describe(r.trace);
  EXPECT_EQ(std::vector<std::string>(lines.begin(), lines.begin() + 3), kHandshake);
}

TEST(LinuxFacts, ServerClosing50msLaterGivesFourSegments) {
  auto r = run(client_closes_first(50ms).build());
  EXPECT_THAT(segment_lines(r.trace, 3), ElementsAre("client>server F. 1:1", "server>client . 1:2",
                                                     "server>client F. 1:2", "client>server . 2:2"))
      << describe(r.trace);
  EXPECT_EQ(states_text(r.trace, "client#1"),
            "CLOSED SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED");
  EXPECT_EQ(states_text(r.trace, "server#2"),
            "LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
}

TEST(LinuxFacts, ServerClosingAtOnceGivesThreeSegments) {
  // The delayed ACK of the client's FIN rides on the server's FIN.
  auto r = run(client_closes_first(0ms).build());
  EXPECT_THAT(segment_lines(r.trace, 3),
              ElementsAre("client>server F. 1:1", "server>client F. 1:2", "client>server . 2:2"))
      << describe(r.trace);
}

TEST(LinuxFacts, TheActiveCloserHoldsTimeWaitForSixtySeconds) {
  auto r = run(client_closes_first(50ms).build());
  auto tw = timers_of(r.trace, "client#1", TimerKind::TimeWait);
  ASSERT_EQ(tw.size(), 2u) << describe(r.trace);
  EXPECT_EQ(tw[0]->action, TimerAction::Armed);
  EXPECT_EQ(tw[1]->action, TimerAction::Fired);
  const auto entered =
      std::find_if(r.trace.events().begin(), r.trace.events().end(), [](const TraceEvent& e) {
        const auto* s = get_if<StateEvent>(&e.body);
        return s && s->endpoint == "client#1" && s->to == TcpState::TimeWait;
      });
  ASSERT_NE(entered, r.trace.events().end());
  EXPECT_EQ(tw[0]->deadline - entered->at, 60s);  // TCP_TIMEWAIT_LEN, not 2*MSL
  EXPECT_EQ(state_at(r.trace, "client#1", entered->at + 59s), TcpState::TimeWait);
  EXPECT_EQ(state_at(r.trace, "client#1", entered->at + 60s), TcpState::Closed);
  EXPECT_TRUE(timers_of(r.trace, "server#2", TimerKind::TimeWait).empty());  // passive closer: none
}

TEST(LinuxFacts, LostLastAckMakesTheServerRetransmitItsFinAndTimeWaitReAcks) {
  auto b = client_closes_first(50ms).latency(1ms);
  FaultSpec drop;
  drop.action = FaultAction::Drop;
  drop.match.from = "client";
  drop.match.flags = parse_tcpdump_flags(".");
  drop.match.rel_seq = 2;
  drop.description = "drop the client's last ACK";
  b.fault(drop);
  auto r = run(b.build());
  EXPECT_THAT(
      segment_lines(r.trace, 3),
      ElementsAre("client>server F. 1:1", "server>client . 1:2", "server>client F. 1:2",
                  "client>server . 2:2 dropped", "server>client F. 1:2", "client>server . 2:2"))
      << describe(r.trace);
  auto segs = segments_of(r.trace);
  ASSERT_EQ(segs.size(), 9u);
  const SegmentEvent& fin = *segs[5];
  const SegmentEvent& again = *segs[7];
  EXPECT_TRUE(again.retransmission);
  EXPECT_EQ(
      present::segment_reason(again).find("retransmitted FIN in TIME-WAIT") != std::string::npos,
      true)
      << present::segment_reason(again);
  const SegmentEvent& lost = *segs[6];
  ASSERT_TRUE(lost.fault);
  EXPECT_EQ(lost.fault->action, WireAction::Dropped);
  EXPECT_EQ(lost.fault->fault, "drop the client's last ACK");
  EXPECT_EQ(lost.verdict.verdict, Verdict::None);  // it never arrived
  EXPECT_EQ(again.verdict.verdict, Verdict::Accepted);
  EXPECT_FALSE(again.fault);
  // Linux: RTO = SRTT + max(4*RTTVAR, 200 ms); SRTT is the 2 ms round trip of this link.
  const auto fin_sent =
      std::find_if(r.trace.events().begin(), r.trace.events().end(), [&](const TraceEvent& e) {
        return get_if<SegmentEvent>(&e.body) == &fin;
      })->at;
  const auto again_sent =
      std::find_if(r.trace.events().begin(), r.trace.events().end(), [&](const TraceEvent& e) {
        return get_if<SegmentEvent>(&e.body) == &again;
      })->at;
  EXPECT_EQ(again_sent - fin_sent, 202ms);
  EXPECT_EQ(states_text(r.trace, "server#2"),
            "LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
  // TIME-WAIT restarted when the retransmitted FIN arrived.
  auto tw = timers_of(r.trace, "client#1", TimerKind::TimeWait);
  ASSERT_GE(tw.size(), 3u) << describe(r.trace);
  EXPECT_EQ(tw[1]->action, TimerAction::Cancelled);
  EXPECT_EQ(tw[2]->action, TimerAction::Armed);
  EXPECT_EQ(tw[2]->deadline, again.arrives_at + 60s);
}

TEST(LinuxFacts, LingerZeroSendsRstNoFinNoTimeWaitAndThePeerSeesEconnreset) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"), {}, "server.recv");
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", linger_call("s", true, 0))
      .step("client", close_call("s"), wait(10ms), "client.close");
  auto r = run(b.build());
  EXPECT_THAT(segment_lines(r.trace, 3), ElementsAre("client>server R. 1:1")) << describe(r.trace);
  const CallEvent* recv = call_of(r.trace, "server.recv");
  ASSERT_TRUE(recv);
  EXPECT_EQ(recv->result, -1);
  EXPECT_EQ(recv->error, Errno::ConnectionReset);
  EXPECT_THAT(states_of(r.trace, "client#1"),
              ::testing::Not(::testing::Contains(TcpState::TimeWait)));
  EXPECT_EQ(states_text(r.trace, "client#1"), "CLOSED SYN-SENT ESTABLISHED CLOSED");
}

TEST(LinuxFacts, CloseWithUnreadDataSendsRstAndThePeersRecvFails) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", close_call("c"), wait(50ms), "server.close");
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", send_call("s", "hello"))
      .step("client", recv_call("s"), {}, "client.recv");
  auto r = run(b.build());
  EXPECT_THAT(segment_lines(r.trace, 3), ElementsAre("client>server P. 1:1 len 5",
                                                     "server>client . 1:6", "server>client R. 1:6"))
      << describe(r.trace);
  const CallEvent* recv = call_of(r.trace, "client.recv");
  ASSERT_TRUE(recv);
  EXPECT_EQ(recv->error, Errno::ConnectionReset);
}

TEST(LinuxFacts, ASocketBoundToAPortCanConnectToItself) {
  ScenarioBuilder b;
  b.step("client", socket_call("s"))
      .step("client", bind_call("s", "127.0.0.1:5555"))
      .step("client", connect_call("s", "127.0.0.1:5555"), {}, "client.connect")
      .step("client", close_call("s"), wait(10ms));
  auto r = run(b.build());
  EXPECT_THAT(segment_lines(r.trace),
              ElementsAre("client>client S 0:0", "client>client S. 0:1", "client>client . 1:1",
                          "client>client F. 1:1", "client>client . 2:2"))
      << describe(r.trace);
  EXPECT_EQ(call_of(r.trace, "client.connect")->result, 0);
  EXPECT_EQ(states_text(r.trace, "client#1"),
            "CLOSED SYN-SENT SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT CLOSED");
}

TEST(LinuxFacts, OrphanedFinWait2IsRemovedAfterTcpFinTimeout) {
  ScenarioBuilder b;
  b.knob("tcp_fin_timeout", "5s");
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"));  // reads the end of stream, never closes: CLOSE-WAIT
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", close_call("s"), {}, "client.close");
  auto r = run(b.build());
  EXPECT_EQ(states_text(r.trace, "client#1"),
            "CLOSED SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 CLOSED");
  EXPECT_EQ(states_text(r.trace, "server#2"), "LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT");
  auto fw2 = timers_of(r.trace, "client#1", TimerKind::FinWait2);
  ASSERT_EQ(fw2.size(), 2u);
  EXPECT_EQ(fw2[1]->action, TimerAction::Fired);
  const Instant closed_at = call_of(r.trace, "client.close")->issued_at;
  EXPECT_EQ(state_at(r.trace, "client#1", closed_at + 4s), TcpState::FinWait2);
}

// LINUX-FACTS.md: restarting a server while its old connection is in TIME-WAIT.
struct RestartServer : ::testing::TestWithParam<std::tuple<bool, bool, Errno>> {};

TEST_P(RestartServer, BindFollowsTheKernelsTable) {
  const auto [old_reuse, new_reuse, expected] = GetParam();
  ScenarioBuilder b;
  b.step("server", socket_call("l"));
  if (old_reuse) b.step("server", reuse_call("l"));
  b.step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", close_call("c"), wait(10ms))  // the server closes first: TIME-WAIT is its
      .step("server", close_call("l"))
      .step("server", socket_call("l2"), wait(100ms));
  if (new_reuse) b.step("server", reuse_call("l2"));
  b.step("server", bind_call("l2", "127.0.0.2:5555"), {}, "restart.bind");
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", recv_call("s"))
      .step("client", close_call("s"));
  auto r = run(b.build());
  const CallEvent* bind = call_of(r.trace, "restart.bind");
  ASSERT_TRUE(bind) << describe(r.trace);
  EXPECT_EQ(errno_name(bind->error), errno_name(expected)) << describe(r.trace);
  EXPECT_EQ(bind->result, expected == Errno::None ? 0 : -1);
}

INSTANTIATE_TEST_SUITE_P(FourCombinations, RestartServer,
                         ::testing::Values(std::make_tuple(false, false, Errno::AddressInUse),
                                           std::make_tuple(false, true, Errno::AddressInUse),
                                           std::make_tuple(true, false, Errno::AddressInUse),
                                           std::make_tuple(true, true, Errno::None)));

// LINUX-FACTS.md, scale: ip_local_port_range 40000 40009, the client closing first, 14
// connections in a row with a 1.2 s pause after the 12th.
std::vector<std::string> exhaust_ports(const std::string& tw_reuse) {
  ScenarioBuilder b;
  b.knob("ip_local_port_range", "40000-40009").knob("tcp_tw_reuse", tw_reuse).latency(1ms);
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"));
  b.phase("server", 14);
  b.step("server", accept_call("l", "c"), {}, "server.accept")
      .step("server", recv_call("c"))
      .step("server", close_call("c"));
  b.phase("client", 12);
  b.step("client", socket_call("s"), wait(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"), {}, "client.connect")
      .step("client", close_call("s"), wait(5ms));
  b.phase("client", 2);
  b.step("client", socket_call("s"), wait(1200ms))
      .step("client", connect_call("s", "127.0.0.2:5555"), {}, "client.connect2")
      .step("client", close_call("s"), wait(5ms));
  auto r = run(b.build());
  std::vector<std::string> out;
  for (const char* label : {"client.connect", "client.connect2"}) {
    for (const CallEvent* c : calls_of(r.trace, label)) {
      out.push_back(c->error == Errno::None ? "ok" : std::string(errno_name(c->error)));
    }
  }
  return out;
}

TEST(LinuxFacts, EphemeralPortsRunOutWhileTimeWaitHoldsThem) {
  auto results = exhaust_ports("0");
  std::vector<std::string> expected(10, "ok");
  expected.insert(expected.end(), 4, "EADDRNOTAVAIL");
  EXPECT_EQ(results, expected);
}

TEST(LinuxFacts, TcpTwReuseTakesTimeWaitPortsOnceTheyAreASecondOld) {
  std::vector<std::string> expected(10, "ok");
  expected.insert(expected.end(), 2, "EADDRNOTAVAIL");
  expected.insert(expected.end(), 2, "ok");
  EXPECT_EQ(exhaust_ports("1"), expected);
  EXPECT_EQ(exhaust_ports("2"), expected);  // the default: loopback only, and this is loopback
}

// ---- Beyond the table: what any TCP does ---------------------------------------------------

// An old copy of "hello" reaches TIME-WAIT: refused with an ACK (tcp_timewait_state_process).
// The held copy carries the TSval of its first sending, older than the FIN's that TIME-WAIT kept
// as TS.Recent: tcp_timewait_state_process's PAWS check catches it before the window does
// (LINUX_MIB_PAWS_TW_REJECTED), and answers it with the same ACK.
TEST(ModelBehaviour, AnOldDuplicateInTimeWaitIsCaughtByPawsAndAcked) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"), {}, "server.listen")
      .step("server", accept_call("l", "c"))
      .step("server", close_call("l"))
      .step("server", send_call("c", "hello"))
      .step("server", recv_call("c"))
      .step("server", close_call("c"));
  b.step("client", socket_call("s"), after("server.listen"))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", recv_call("s"))
      .step("client", close_call("s"), at(500ms));
  FaultSpec hold;
  hold.action = FaultAction::Delay;
  hold.match.from = "server";
  hold.match.flags = parse_tcpdump_flags("P.");
  hold.delay = 2s;
  hold.description = "hold the first copy of hello back for 2 s";
  b.fault(hold);
  auto r = run(b.build());
  const SegmentEvent* held = nullptr;
  const SegmentEvent* resent = nullptr;
  for (const SegmentEvent* s : segments_of(r.trace)) {
    if (s->segment.payload != "hello") continue;
    (s->retransmission ? resent : held) = s;
  }
  ASSERT_TRUE(held && resent) << describe(r.trace);
  ASSERT_TRUE(held->fault);
  EXPECT_EQ(held->fault->action, WireAction::Delayed);
  EXPECT_EQ(held->fault->fault, "hold the first copy of hello back for 2 s");
  EXPECT_EQ(held->verdict.verdict, Verdict::Rejected);
  EXPECT_EQ(held->verdict.code, RejectCode::TimeWaitPaws);
  EXPECT_EQ(reject_rule(held->verdict.code), "RFC 7323 §5");
  EXPECT_EQ(held->verdict.what, VerdictCode::TimeWaitPawsAcked);
  EXPECT_EQ(present::segment_reason(*held),
            "hold the first copy of hello back for 2 s; timestamp older than TS.Recent in "
            "TIME-WAIT (PAWS): answered with ACK, timer restarted");
  // Without timestamps the window alone catches it.
  Scenario without = b.build();
  without.knobs["tcp_timestamps"] = "false";
  const auto plain = run(without);
  const SegmentEvent* held_plain = nullptr;
  for (const SegmentEvent* s : segments_of(plain.trace)) {
    if (s->segment.payload == "hello" && !s->retransmission) held_plain = s;
  }
  ASSERT_TRUE(held_plain) << describe(plain.trace);
  EXPECT_EQ(held_plain->verdict.code, RejectCode::TimeWaitOutsideWindow);
  EXPECT_EQ(reject_rule(held_plain->verdict.code), "Linux tcp_timewait_state_process");
  EXPECT_EQ(held_plain->verdict.what, VerdictCode::TimeWaitOutsideWindow);
  EXPECT_FALSE(resent->fault);
  EXPECT_EQ(resent->verdict.verdict, Verdict::Accepted);
  EXPECT_EQ(resent->verdict.code, RejectCode::None);
  EXPECT_EQ(resent->verdict.what, VerdictCode::BytesReceived);
  EXPECT_EQ(resent->verdict.args.first, 5u);
  EXPECT_EQ(present::segment_reason(*resent), "5 bytes received");
}

TEST(ModelBehaviour, ConnectToAClosedPortIsRefusedWithRst) {
  ScenarioBuilder b;
  b.step("client", socket_call("s"))
      .step("client", connect_call("s", "127.0.0.2:9"), {}, "client.connect");
  auto r = run(b.build());
  EXPECT_THAT(segment_lines(r.trace), ElementsAre("client>server S 0:0", "server>client R. 0:1"));
  EXPECT_EQ(call_of(r.trace, "client.connect")->error, Errno::ConnectionRefused);
}

TEST(ModelBehaviour, SimultaneousCloseGoesThroughClosingOnBothSides) {
  ScenarioBuilder sim;
  sim.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", close_call("c"), at(100ms));
  sim.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", close_call("s"), at(100ms));
  auto r = run(sim.build());
  EXPECT_EQ(states_text(r.trace, "client#1"),
            "CLOSED SYN-SENT ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT CLOSED")
      << describe(r.trace);
  EXPECT_EQ(states_text(r.trace, "server#2"),
            "LISTEN SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT CLOSED");
}

TEST(ModelBehaviour, HalfCloseLetsThePeerKeepSending) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"), {}, "server.recv_eof")
      .step("server", send_call("c", "bye"), {}, "server.send")
      .step("server", close_call("c"));
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", shutdown_write("s"))
      .step("client", recv_call("s"), {}, "client.recv")
      .step("client", recv_call("s"), {}, "client.recv_eof")
      .step("client", close_call("s"));
  auto r = run(b.build());
  EXPECT_EQ(call_of(r.trace, "server.recv_eof")->result, 0);
  EXPECT_EQ(call_of(r.trace, "server.send")->result, 3);
  EXPECT_EQ(call_of(r.trace, "client.recv")->data, "bye") << describe(r.trace);
  EXPECT_EQ(call_of(r.trace, "client.recv_eof")->result, 0);
  EXPECT_EQ(states_text(r.trace, "client#1"),
            "CLOSED SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED");
}

// The server's FIN came first, so the client is in CLOSE-WAIT when the RST arrives: Linux's
// tcp_reset() sets EPIPE there, not ECONNRESET (tests/real/errno_matrix_test.cpp,
// ResetInCloseWait).
TEST(ModelBehaviour, SendAfterAResetInCloseWaitFailsWithEpipe) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", close_call("c"));  // orphan: the client's data will be answered with RST
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", send_call("s", "one"), wait(100ms), "client.send1")
      .step("client", send_call("s", "two"), wait(100ms), "client.send2")
      .step("client", send_call("s", "three"), wait(100ms), "client.send3");
  auto r = run(b.build());
  EXPECT_EQ(call_of(r.trace, "client.send1")->result, 3);  // the data leaves; the RST comes back
  EXPECT_EQ(call_of(r.trace, "client.send2")->error, Errno::BrokenPipe);  // sk_err = EPIPE
  EXPECT_EQ(call_of(r.trace, "client.send3")->error, Errno::BrokenPipe);
}

TEST(ModelBehaviour, Rfc9293ProfileHoldsTimeWaitForTwoMsl) {
  ScenarioBuilder b = client_closes_first(50ms);
  b.knob("msl", "30s");
  Scenario s = b.build();
  s.profile = "rfc9293";
  auto r = run(s);
  auto tw = timers_of(r.trace, "client#1", TimerKind::TimeWait);
  ASSERT_EQ(tw.size(), 2u);
  EXPECT_EQ(tw[1]->action, TimerAction::Fired);
  EXPECT_EQ(segment_lines(r.trace, 3).size(), 4u);          // no delayed ACK: all four segments
  const Instant time_wait_entered = tw[0]->deadline - 60s;  // 2 * MSL with MSL = 30 s
  EXPECT_EQ(state_at(r.trace, "client#1", time_wait_entered), TcpState::TimeWait);
  EXPECT_EQ(state_at(r.trace, "client#1", time_wait_entered - 1ns), TcpState::FinWait2);
}

}  // namespace
}  // namespace tcplab::testing
