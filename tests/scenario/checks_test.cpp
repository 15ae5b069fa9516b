// Check evaluation on hand-built traces: a four-way close in which the client closes first.
#include "scenario/checks.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "present/translate.h"
#include "scenario/check_report_text.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"

namespace tcplab {
namespace {

using namespace std::chrono_literals;

const std::string kLesson = R"(id = "close"
title = { en = "Close", zh = "关闭" }
summary = { en = "s", zh = "s" }
[[programs]]
host = "server"
steps = [
  { call = "socket", as = "l" },
  { call = "accept", socket = "l", as = "conn" },
  { call = "close", socket = "conn", label = "server.close" },
]
[[programs]]
host = "client"
phases = [ { repeat = 2, steps = [
  { call = "socket", as = "s" },
  { call = "connect", socket = "s", to = "server:5555", label = "client.connect" },
  { call = "close", socket = "s", label = "client.close" },
] } ]
)";

// Appends checks (TOML) to the lesson and parses it.
Scenario with_checks(const std::string& checks) { return parse_lesson(kLesson + checks, "c.toml"); }

Instant ms(std::int64_t n) { return kTimeZero + std::chrono::milliseconds(n); }

SocketAddress client_addr() { return *parse_socket_address("127.0.0.1:40000"); }
SocketAddress server_addr() { return *parse_socket_address("127.0.0.2:5555"); }

void segment(Trace& t, std::int64_t at_ms, bool from_client, const char* flags, std::uint32_t seq,
             std::uint32_t ack, bool dropped = false) {
  SegmentEvent e;
  e.segment.src = from_client ? client_addr() : server_addr();
  e.segment.dst = from_client ? server_addr() : client_addr();
  e.segment.seq = SeqNum(seq);
  e.segment.ack = SeqNum(ack);
  e.segment.flags = *parse_tcpdump_flags(flags);
  e.from = from_client ? "client" : "server";
  e.to = from_client ? "server" : "client";
  e.fate = dropped ? SegmentFate::Dropped : SegmentFate::Delivered;
  t.add_segment(ms(at_ms), e);
}

void state(Trace& t, std::int64_t at_ms, const char* host, const char* endpoint, TcpState from,
           TcpState to) {
  StateEvent e;
  e.host = host;
  e.endpoint = endpoint;
  e.from = from;
  e.to = to;
  t.add(ms(at_ms), e);
}

void call(Trace& t, std::int64_t at_ms, const char* host, const char* step, const char* name,
          std::int64_t result, Errno error = Errno::None, const char* endpoint = "",
          std::int64_t issued_ms = -1) {
  CallEvent e;
  e.issued_at = ms(issued_ms < 0 ? at_ms : issued_ms);  // returned at once unless told
  e.host = host;
  e.step = step;
  e.call = name;
  e.result = result;
  e.error = error;
  e.endpoint = endpoint;
  t.add(ms(at_ms), e);
}

// Client ISN 1000, server ISN 5000; the client closes at 100 ms, the server at 150 ms; a second
// round's connect fails with EADDRNOTAVAIL.
Trace four_way_close() {
  Trace t;
  using S = TcpState;
  call(t, 0, "server", "server.socket", "socket", 3, Errno::None, "server#1");
  call(t, 0, "client", "client.socket", "socket", 3, Errno::None, "client#1");
  state(t, 0, "client", "client#1", S::Closed, S::SynSent);
  segment(t, 0, true, "S", 1000, 0);
  segment(t, 10, false, "S.", 5000, 1001);
  state(t, 10, "server", "server#2", S::Listen, S::SynReceived);
  state(t, 20, "client", "client#1", S::SynSent, S::Established);
  call(t, 20, "client", "client.connect", "connect", 0, Errno::None, "client#1");
  segment(t, 20, true, ".", 1001, 5001);
  state(t, 30, "server", "server#2", S::SynReceived, S::Established);
  call(t, 30, "server", "server.accept", "accept", 4, Errno::None, "server#2");
  state(t, 100, "client", "client#1", S::Established, S::FinWait1);
  call(t, 100, "client", "client.close", "close", 0, Errno::None, "client#1");
  segment(t, 100, true, "F.", 1001, 5001);
  state(t, 110, "server", "server#2", S::Established, S::CloseWait);
  segment(t, 110, false, ".", 5001, 1002);
  state(t, 120, "client", "client#1", S::FinWait1, S::FinWait2);
  state(t, 150, "server", "server#2", S::CloseWait, S::LastAck);
  // A lingering close(): made at 120 ms, it returned at 150 ms.
  call(t, 150, "server", "server.close", "close", 0, Errno::None, "server#2", 120);
  segment(t, 150, false, "F.", 5001, 1002);
  state(t, 160, "client", "client#1", S::FinWait2, S::TimeWait);
  segment(t, 160, true, ".", 1002, 5002, /*dropped=*/true);
  call(t, 200, "client", "client.socket", "socket", 5, Errno::None, "client#2");
  call(t, 200, "client", "client.connect", "connect", -1, Errno::AddressNotAvailable, "client#2");
  call(t, 200, "client", "client.close", "close", 0, Errno::None, "client#2");
  state(t, 60160, "client", "client#1", S::TimeWait, S::Closed);
  return t;
}

CheckOutcome only_outcome(const std::string& checks) {
  const CheckReport report = evaluate_checks(with_checks(checks), four_way_close());
  EXPECT_EQ(report.outcomes.size(), 1u);
  return report.outcomes.at(0);
}

TEST(CheckState, TheActiveCloserIsInTimeWaitAfterTheServersFin) {
  const auto o = only_outcome(R"([[checks]]
kind = "state"
host = "client"
socket = "s"
state = "TIME-WAIT"
at = "1s"
en = "e"
zh = "z"
)");
  // The variable s was re-assigned by the second round's socket(), whose socket never connected.
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.expected, "client's socket 's' in TIME-WAIT at 1 s");
  EXPECT_EQ(o.actual, "client#2 in CLOSED");
}

TEST(CheckState, FollowsTheVariableToTheSocketItHeldAtThatPoint) {
  const auto o = only_outcome(R"([[checks]]
kind = "state"
host = "client"
socket = "s"
state = "TIME-WAIT"
at = "180ms"
en = "e"
zh = "z"
)");
  EXPECT_TRUE(o.passed) << o.actual;
  EXPECT_EQ(o.actual, "client#1 in TIME-WAIT");
}

TEST(CheckState, IsEvaluatedAtAnInstant) {
  const auto o = only_outcome(R"([[checks]]
kind = "state"
host = "client"
socket = "s"
state = "FIN-WAIT-2"
at = "150ms"
en = "e"
zh = "z"
)");
  EXPECT_TRUE(o.passed) << o.actual;
  EXPECT_EQ(o.actual, "client#1 in FIN-WAIT-2");
}

TEST(CheckState, GoneMeansClosed) {
  const auto o = only_outcome(R"([[checks]]
kind = "state"
host = "server"
socket = "conn"
state = "gone"
after = "server.close"
delay = "1ms"
en = "e"
zh = "z"
)");
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.expected, "server's socket 'conn' gone 1 ms after server.close returned");
  EXPECT_EQ(o.actual, "server#2 in LAST-ACK");
}

TEST(CheckState, ASocketNotYetCreatedIsReported) {
  const auto o = only_outcome(R"([[checks]]
kind = "state"
host = "server"
socket = "conn"
state = "ESTABLISHED"
at = "5ms"
en = "e"
zh = "z"
)");
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.actual, "socket 'conn' had not been created successfully by then");
}

TEST(CheckCall, JudgesTheLastReturnOfAStep) {
  const auto o = only_outcome(R"([[checks]]
kind = "call"
step = "client.connect"
result = -1
errno = "EADDRNOTAVAIL"
en = "e"
zh = "z"
)");
  EXPECT_TRUE(o.passed) << o.actual;
  EXPECT_EQ(o.expected, "client.connect returned -1 EADDRNOTAVAIL at the end");
  EXPECT_EQ(o.actual, "connect() = -1 EADDRNOTAVAIL");
}

TEST(CheckCall, JudgesEveryRoundOfARepeatedStep) {
  const auto o = only_outcome(R"([[checks]]
kind = "call"
step = "client.connect"
outcomes = ["ok", "ok"]
en = "e"
zh = "z"
)");
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.expected, "client.connect returned, round by round, [ok, ok] at the end");
  EXPECT_EQ(o.actual, "[ok, EADDRNOTAVAIL]");
}

TEST(CheckCall, AStepThatNeverReturnedFails) {
  const auto o = only_outcome(R"([[checks]]
kind = "call"
step = "server.close"
result = 0
at = "100ms"
en = "e"
zh = "z"
)");
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.actual, "the step never returned");
}

TEST(CheckSegments, CountsMatchingSegmentsUpToThePoint) {
  const auto o = only_outcome(R"([[checks]]
kind = "segment_count"
from = "client"
flags = "."
rel_seq = 2
dropped = true
count = 1
en = "e"
zh = "z"
)");
  EXPECT_TRUE(o.passed) << o.actual;
  EXPECT_EQ(o.expected,
            "1 \".\" segments from client with relative seq 2 that were dropped at the end");
  EXPECT_EQ(o.actual, "1 [.]");
}

TEST(CheckSegments, ComparesTheFlagSequence) {
  const auto pass = only_outcome(R"([[checks]]
kind = "flag_sequence"
sequence = ["S", "S.", ".", "F.", ".", "F.", "."]
en = "e"
zh = "z"
)");
  EXPECT_TRUE(pass.passed) << pass.actual;
  const auto fail = only_outcome(R"([[checks]]
kind = "flag_sequence"
from = "server"
dropped = false
sequence = ["S.", "F."]
en = "e"
zh = "z"
)");
  EXPECT_FALSE(fail.passed);
  EXPECT_EQ(fail.actual, "[S., ., F.]");
}

TEST(CheckSegments, AtLeastCountsAreAFloor) {
  const auto pass = only_outcome(R"([[checks]]
kind = "segment_count"
flags = "F."
at_least = 2
en = "e"
zh = "z"
)");
  EXPECT_TRUE(pass.passed) << pass.actual;
  EXPECT_EQ(pass.expected, "at least 2 \"F.\" segments at the end");
  const auto fail = only_outcome(R"([[checks]]
kind = "segment_count"
flags = "F."
at_least = 3
en = "e"
zh = "z"
)");
  EXPECT_FALSE(fail.passed);
  EXPECT_EQ(fail.actual, "2 [F., F.]");
}

TEST(CheckSegments, OneOfAcceptsAnyOfTheSequencesARaceMayProduce) {
  const auto pass = only_outcome(R"([[checks]]
kind = "flag_sequence"
from = "server"
one_of = [["S.", "F."], ["S.", ".", "F."]]
en = "e"
zh = "z"
)");
  EXPECT_TRUE(pass.passed) << pass.actual;
  EXPECT_EQ(pass.expected,
            "segments from server in this order: [S., F.] or [S., ., F.] at the end");
  const auto fail = only_outcome(R"([[checks]]
kind = "flag_sequence"
from = "server"
one_of = [["S.", "F."], ["S.", "F.", "."]]
en = "e"
zh = "z"
)");
  EXPECT_FALSE(fail.passed);
}

TEST(CheckCall, HowLongACallBlockedIsJudgedFromWhenItWasMade) {
  const auto pass = only_outcome(R"([[checks]]
kind = "call"
step = "server.close"
result = 0
blocked_at_least = "30ms"
blocked_at_most = "1s"
en = "e"
zh = "z"
)");
  EXPECT_TRUE(pass.passed) << pass.actual;
  EXPECT_EQ(pass.actual, "close() = 0, after blocking 30 ms");
  const auto fail = only_outcome(R"([[checks]]
kind = "call"
step = "server.close"
blocked_at_most = "10ms"
en = "e"
zh = "z"
)");
  EXPECT_FALSE(fail.passed);
  EXPECT_EQ(fail.expected, "server.close returned, blocking at most 10 ms at the end");
}

TEST(CheckStates, NeverInStateNamesTheSocketThatEnteredIt) {
  const auto o = only_outcome(R"([[checks]]
kind = "never_in_state"
host = "client"
state = "TIME-WAIT"
en = "e"
zh = "z"
)");
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.actual, "client#1 entered TIME-WAIT at 160 ms");
}

TEST(CheckStates, WasInStateSeesStatesPassedThrough) {
  const auto o = only_outcome(R"([[checks]]
kind = "was_in_state"
host = "server"
socket = "conn"
state = "CLOSE-WAIT"
en = "e"
zh = "z"
)");
  EXPECT_TRUE(o.passed) << o.actual;
  EXPECT_EQ(o.actual, "server#2 entered CLOSE-WAIT at 110 ms");
}

TEST(CheckStates, CountsSocketsPerStateAtAPoint) {
  const auto at_1s = only_outcome(R"([[checks]]
kind = "state_count"
host = "client"
state = "TIME-WAIT"
count = 1
at = "1s"
en = "e"
zh = "z"
)");
  EXPECT_TRUE(at_1s.passed) << at_1s.actual;
  const auto at_end = only_outcome(R"([[checks]]
kind = "state_count"
host = "client"
state = "TIME-WAIT"
count = 1
en = "e"
zh = "z"
)");
  EXPECT_FALSE(at_end.passed);
  EXPECT_EQ(at_end.actual, "0");
}

TEST(CheckReportText, NamesLessonCheckExpectedAndActual) {
  const Scenario s = with_checks(R"([[checks]]
kind = "state_count"
host = "client"
state = "TIME-WAIT"
count = 1
en = "One TIME-WAIT"
zh = "一个 TIME_WAIT"
)");
  const CheckReport report = evaluate_checks(s, four_way_close());
  EXPECT_EQ(format_check_report(report),
            "FAIL  close: check 1 (state_count, c.toml:18:1): One TIME-WAIT\n"
            "      expected: 1 socket(s) of client in TIME-WAIT at the end\n"
            "      actual:   0\n"
            "close: 0 of 1 checks passed\n");
  ASSERT_EQ(present::load_catalogs(TCPLAB_TEST_LOCALE_DIR), std::vector<std::string>{});
  present::set_language(present::kChinese);
  const std::string zh = format_check_report(report);
  present::set_language(present::kEnglish);
  EXPECT_EQ(zh,
            "失败  close: 检查 1（state_count, c.toml:18:1）: 一个 TIME_WAIT\n"
            "      期望: 1 socket(s) of client in TIME-WAIT at the end\n"
            "      实际: 0\n"
            "close: 0/1 项检查通过\n");
}

}  // namespace
}  // namespace tcplab

namespace tcplab {
namespace {

// The ISN check on the model's own run of the shipped tcp_tw_reuse lesson: the two connections
// after the pause reopen TIME-WAIT four-tuples 65537 above the old SND.NXT, as Linux's
// tcp_twsk_unique chooses (the kernel backend shows the same: docs/linux-facts.md).
TEST(CheckIsn, ReusedFourTuplesStart65537AboveTheOldSndNxt) {
  Scenario s = load_lesson_file(resolve_lesson("port-exhaustion-tw-reuse", find_lessons_dir()));
  auto isn = std::find_if(s.checks.begin(), s.checks.end(),
                          [](const CheckSpec& c) { return c.kind == CheckKind::Isn; });
  ASSERT_NE(isn, s.checks.end());
  const RunResult r = ModelBackend().run(s, {});
  CheckReport report = evaluate_checks(s, r.trace);
  const auto& outcome = report.outcomes.at(static_cast<std::size_t>(isn - s.checks.begin()));
  EXPECT_TRUE(outcome.passed) << outcome.actual;
  // The 13th and 14th connections take the ports the 1st and 2nd left in TIME-WAIT.
  EXPECT_EQ(outcome.actual,
            "[client#13 = client#1's SND.NXT + 65537, client#14 = client#2's SND.NXT + 65537]");
  isn->isn_plus = 65536;
  report = evaluate_checks(s, r.trace);
  EXPECT_FALSE(report.outcomes.at(static_cast<std::size_t>(isn - s.checks.begin())).passed);
  // Without reuse (a fresh port each time), nothing reopened a four-tuple: said, and failed.
  s.knobs["ip_local_port_range"] = "32768 60999";
  isn->isn_plus.reset();
  const RunResult fresh = ModelBackend().run(s, {});
  const auto o = evaluate_checks(s, fresh.trace).outcomes.at(
      static_cast<std::size_t>(isn - s.checks.begin()));
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.actual, "no connection in 's' reopened a four-tuple");
}

}  // namespace
}  // namespace tcplab
