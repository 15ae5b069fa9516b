// The teardown rows of LINUX-FACTS.md, run on the real kernel in a private namespace: the exact
// segments (direction, flags, relative seq/ack), the states each socket went through, and errno.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "lesson_builder.h"
#include "real/kernel_backend.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

TEST(KernelTeardown, ServerClosing50msLaterGivesFourSegmentsAndTimeWaitOnTheClient) {
  RUN_KERNEL(r, client_closes_first(50ms), 500ms);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(t);
  EXPECT_THAT(segments(t), ElementsAre("c>s S 0 0", "s>c S. 0 1", "c>s . 1 1", "c>s F. 1 1",
                                       "s>c . 1 2", "s>c F. 1 2", "c>s . 2 2"))
      << ladder(t);
  EXPECT_THAT(states(t, "client#1"),
              ElementsAre("SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT"))
      << ladder(t);
  EXPECT_THAT(states(t, "server#2"),
              ElementsAre("SYN-RECEIVED", "ESTABLISHED", "CLOSE-WAIT", "LAST-ACK", "CLOSED"))
      << ladder(t);
  EXPECT_THAT(states(t, "server#1"), ElementsAre("LISTEN", "CLOSED")) << ladder(t);
  ASSERT_TRUE(call(t, "server.recv"));
  EXPECT_EQ(call(t, "server.recv")->result, 0);
  EXPECT_EQ(call(t, "server.accept")->endpoint, "server#2");
  EXPECT_EQ(call(t, "client.connect")->result, 0);
  // The server closed 50 ms after the client.
  const auto close_gap = to_ns(call(t, "server.close")->issued_at) - to_ns(t.events().front().at) -
                         (to_ns(call(t, "client.close")->issued_at) - to_ns(t.events().front().at));
  EXPECT_GE(close_gap, 50'000'000);
  EXPECT_LT(close_gap, 80'000'000);
  // TIME-WAIT armed for Linux's 60 s.
  bool armed = false;
  for (const auto& e : t.events()) {
    const auto* tm = get_if<TimerEvent>(&e.body);
    if (!tm || tm->endpoint != "client#1" || tm->timer != TimerKind::TimeWait) continue;
    ASSERT_EQ(tm->action, TimerAction::Armed);
    const auto length = to_ns(tm->deadline) - to_ns(e.at);
    EXPECT_GT(length, 59'000'000'000) << ladder(t);
    EXPECT_LE(length, 60'100'000'000) << ladder(t);
    armed = true;
  }
  EXPECT_TRUE(armed) << ladder(t);
  EXPECT_FALSE(r.completed) << "TIME-WAIT outlives a 500 ms limit";
}

// When the server's close() was issued, and when its bare ACK of the client's FIN left (if it did).
struct CloseRace {
  std::optional<Instant> close_issued;
  std::optional<Instant> bare_ack;
};

CloseRace close_race(const Trace& t) {
  CloseRace race;
  for (const auto& e : t.events()) {
    if (const auto* c = get_if<CallEvent>(&e.body); c && c->step == "server.close")
      race.close_issued = c->issued_at;
    if (const auto* s = get_if<SegmentEvent>(&e.body);
        s && s->from == "server" && tcpdump_flags(s->segment.flags) == "." && s->rel_ack == 2 &&
        !race.bare_ack)
      race.bare_ack = e.at;
  }
  return race;
}

TEST(KernelTeardown, ServerClosingAtOnceGivesThreeSegments) {
  // The server's FIN carries the ACK of the client's FIN when close() comes within the kernel's
  // delayed-ACK time (one timer tick, 1 to 7 ms here). One run, judged by its own causes: four
  // segments are right only when the bare ACK left before the server's close() was issued (a
  // late program on a busy machine), and then this run cannot show the three-segment close.
  const std::vector<std::string> three{"c>s S 0 0",  "s>c S. 0 1", "c>s . 1 1",
                                       "c>s F. 1 1", "s>c F. 1 2", "c>s . 2 2"};
  const std::vector<std::string> four{"c>s S 0 0", "s>c S. 0 1", "c>s . 1 1", "c>s F. 1 1",
                                      "s>c . 1 2", "s>c F. 1 2", "c>s . 2 2"};
  RUN_KERNEL(r, client_closes_first(Duration{0}), 300ms);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(t);
  const auto segs = segments(t);
  EXPECT_EQ(states(t, "client#1").back(), "TIME-WAIT") << ladder(t);
  EXPECT_EQ(states(t, "server#2").back(), "CLOSED") << ladder(t);
  if (segs == four) {
    const CloseRace race = close_race(t);
    ASSERT_TRUE(race.close_issued && race.bare_ack) << ladder(t);
    ASSERT_LT(*race.bare_ack, *race.close_issued)
        << "four segments although the server's close() came before its delayed ACK\n"
        << ladder(t);
    GTEST_SKIP() << "the server's close() was issued "
                 << format_duration(*race.close_issued - *race.bare_ack)
                 << " after its delayed ACK of the client's FIN had left (a busy machine): this "
                    "run shows the four-segment close, not the three-segment one";
  }
  ASSERT_EQ(segs, three) << ladder(t);
  EXPECT_THAT(states(t, "client#1"),
              ElementsAre("SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT"))
      << ladder(t);
}

TEST(KernelTeardown, LingerZeroSendsRstAndLeavesNoTimeWait) {
  RUN_KERNEL(r, linger_reset(), 2s);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  EXPECT_THAT(segments(t), ElementsAre("c>s S 0 0", "s>c S. 0 1", "c>s . 1 1", "c>s R. 1 1"))
      << ladder(t);
  EXPECT_EQ(call(t, "client.linger")->args, "SO_LINGER, {1, 0}");
  EXPECT_EQ(call(t, "server.recv")->result, -1);
  EXPECT_EQ(call(t, "server.recv")->error, Errno::ConnectionReset) << ladder(t);
  EXPECT_THAT(states(t, "client#1"), ElementsAre("SYN-SENT", "ESTABLISHED", "CLOSED")) << ladder(t);
  for (const auto& s : states(t, "client#1")) EXPECT_NE(s, "TIME-WAIT");
  EXPECT_TRUE(r.completed) << "nothing is left once both sides closed: " << ladder(t);
}

TEST(KernelTeardown, CloseWithUnreadDataSendsRst) {
  RUN_KERNEL(r, close_with_unread_data(), 2s);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  EXPECT_THAT(segments(t), ElementsAre("c>s S 0 0", "s>c S. 0 1", "c>s . 1 1", "c>s P. 1 1 len 5",
                                       "s>c . 1 6", "s>c R. 1 6"))
      << ladder(t);
  EXPECT_EQ(call(t, "client.recv")->error, Errno::ConnectionReset) << ladder(t);
  EXPECT_EQ(states(t, "server#2").back(), "CLOSED");
  for (const auto& s : states(t, "server#2")) EXPECT_NE(s, "FIN-WAIT-1");
}

TEST(KernelTeardown, DroppedLastAckMakesTheServerRetransmitItsFin) {
  RUN_KERNEL(r, dropped_last_ack(), 1s);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(t);
  EXPECT_THAT(segments(t),
              ElementsAre("c>s S 0 0", "s>c S. 0 1", "c>s . 1 1", "c>s F. 1 1", "s>c . 1 2",
                          "s>c F. 1 2", "c>s . 2 2 dropped", "s>c F. 1 2", "c>s . 2 2"))
      << ladder(t);
  const SegmentEvent* lost = t.segment_by_id(7);
  const SegmentEvent* again = t.segment_by_id(8);
  ASSERT_TRUE(lost && again);
  EXPECT_EQ(lost->reason, "drop the client's last ACK");
  EXPECT_TRUE(again->retransmission);
  const auto rto = to_ns(t.segment_by_id(8)->arrives_at) - to_ns(t.segment_by_id(6)->arrives_at);
  EXPECT_GT(rto, 195'000'000) << "RTO min is 200 ms";
  EXPECT_LT(rto, 260'000'000);
  EXPECT_THAT(states(t, "server#2"),
              ElementsAre("SYN-RECEIVED", "ESTABLISHED", "CLOSE-WAIT", "LAST-ACK", "CLOSED"))
      << ladder(t);
  // The retransmit timer was seen armed in LAST-ACK and fired once.
  int fired = 0;
  for (const auto& e : t.events()) {
    if (const auto* tm = get_if<TimerEvent>(&e.body); tm && tm->endpoint == "server#2" &&
                                                           tm->timer == TimerKind::Retransmit &&
                                                           tm->action == TimerAction::Fired) {
      ++fired;
    }
  }
  EXPECT_EQ(fired, 1) << ladder(t);
  for (const auto& w : t.warnings) EXPECT_EQ(w.pattern.find("nftables dropped"), std::string::npos)
        << ::testing::PrintToString(w);
  // The client, in TIME-WAIT, restarted its 60 s timer when the retransmitted FIN came.
  std::vector<std::int64_t> restarts;
  for (const auto& e : t.events()) {
    const auto* tm = get_if<TimerEvent>(&e.body);
    if (tm && tm->endpoint == "client#1" && tm->timer == TimerKind::TimeWait &&
        tm->action == TimerAction::Armed) {
      restarts.push_back(to_ns(tm->deadline) - to_ns(e.at));
      if (restarts.size() == 2) {
        EXPECT_EQ(to_ns(e.at), to_ns(again->arrives_at)) << ladder(t);
      }
    }
  }
  ASSERT_EQ(restarts.size(), 2u) << ladder(t);
  for (auto length : restarts) EXPECT_NEAR(static_cast<double>(length), 60e9, 0.1e9) << ladder(t);
}

TEST(KernelTeardown, ALastAckNamedByItsRelativeSequenceNumberIsDropped) {
  // As lesson 02 names it: the client's bare ACK with relative seq 2 (the handshake's ACK has 1).
  Scenario s = client_closes_first(50ms);
  FaultSpec drop = drop_last_ack();
  drop.match.nth = 1;
  drop.match.rel_seq = 2;
  s.faults.push_back(drop);
  RUN_KERNEL(r, s, 1s);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(t);
  EXPECT_THAT(segments(t),
              ElementsAre("c>s S 0 0", "s>c S. 0 1", "c>s . 1 1", "c>s F. 1 1", "s>c . 1 2",
                          "s>c F. 1 2", "c>s . 2 2 dropped", "s>c F. 1 2", "c>s . 2 2"))
      << ladder(t);
  for (const auto& w : t.warnings) EXPECT_EQ(w.pattern.find("nftables dropped"), std::string::npos)
        << ::testing::PrintToString(w);
}

}  // namespace
}  // namespace tcplab::testing
