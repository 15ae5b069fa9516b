// packetdrill scripts on the model: each of this project's scripts passes, and its trace shows the
// behaviour the script is about (states, calls, segments) — a wrong expectation fails at its line.
#include "packetdrill/script_runner.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "packetdrill/script_parser.h"
#include "support/trace_query.h"

namespace tcplab::packetdrill {
namespace {

const std::string kScripts = TCPLAB_SOURCE_DIR "/tests/packetdrill/scripts/";

ScriptRun run_file(const std::string& name) {
  return run_script_on_model(load_script_file(kScripts + name), ScriptRunOptions{});
}

ScriptRun run_text(std::string_view text) {
  return run_script_on_model(parse_script(text, "t.pkt"), ScriptRunOptions{});
}

std::string failure_of(const ScriptRun& run) {
  return run.failure ? run.failure->where.to_string() + ": " + run.failure->what : "";
}

bool has_state(const Trace& trace, TcpState state) {
  for (const auto& e : trace.events())
    if (const auto* s = get_if<StateEvent>(&e.body);
        s && s->host == kLocalHost && s->to == state)
      return true;
  return false;
}

// The flags of every segment in the trace, "local>remote S." ...
std::vector<std::string> flow(const Trace& trace) {
  std::vector<std::string> out;
  for (const SegmentEvent* s : testing::segments_of(trace))
    out.push_back(s->from + ">" + s->to + " " + tcpdump_flags(s->segment.flags));
  return out;
}

// Every script of this project that is meant to pass passes on the model, as on the kernel
// (packetdrill_kernel_test's EveryScript.PassesOnTheKernel).
std::vector<std::filesystem::path> passing_scripts() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(kScripts)) {
    const std::string name = entry.path().filename().string();
    const bool meant_to_fail = name == "wrong-expectation.pkt" || name == "malformed.pkt" ||
                               name == "options-wrong.pkt";
    if (entry.path().extension() == ".pkt" && !meant_to_fail) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class EveryScript : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(EveryScript, PassesOnTheModel) {
  const ScriptRun run =
      run_script_on_model(load_script_file(GetParam().string()), ScriptRunOptions{});
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_EQ(run.trace.backend, "model");
}

INSTANTIATE_TEST_SUITE_P(Scripts, EveryScript, ::testing::ValuesIn(passing_scripts()),
                         [](const auto& param) {
                           std::string name = param.param.stem().string();
                           for (char& c : name)
                             c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(ScriptRunner, PassiveOpenThenPeerClosesFirst) {
  const ScriptRun run = run_file("passive-open-close.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_EQ(flow(run.trace),
            (std::vector<std::string>{"remote>local S", "local>remote S.", "remote>local .",
                                      "remote>local F.", "local>remote .", "local>remote F.",
                                      "remote>local .", "remote>local .", "local>remote R"}));
  EXPECT_TRUE(has_state(run.trace, TcpState::CloseWait));
  EXPECT_TRUE(has_state(run.trace, TcpState::LastAck));
  EXPECT_FALSE(has_state(run.trace, TcpState::TimeWait));
  // defaults.sh is taken as the linux profile, and said so.
  ASSERT_FALSE(run.notes.empty());
  EXPECT_NE(run.notes[0].pattern.find("linux profile stands for packetdrill's defaults"),
            std::string::npos);
}

TEST(ScriptRunner, ActiveOpenNonBlocking) {
  const ScriptRun run = run_file("active-open.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  const CallEvent* connect = testing::call_of(run.trace, "line 7");
  ASSERT_NE(connect, nullptr);
  EXPECT_EQ(connect->error, Errno::InProgress);
  EXPECT_TRUE(has_state(run.trace, TcpState::Established));
  // The SYN's options were checked, so no note says they were not.
  for (const auto& n : run.notes)
    EXPECT_EQ(n.pattern.find("option"), std::string::npos) << ::testing::PrintToString(n);
}

TEST(ScriptRunner, CloseWithUnreadDataResets) {
  const ScriptRun run = run_file("close-with-unread-data.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_EQ(flow(run.trace).back(), "local>remote R.");
  EXPECT_FALSE(has_state(run.trace, TcpState::TimeWait));
}

TEST(ScriptRunner, ShutdownWriteHalfCloses) {
  const ScriptRun run = run_file("shutdown-write.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_TRUE(has_state(run.trace, TcpState::FinWait2));
  const CallEvent* write = testing::call_of(run.trace, "line 23");
  ASSERT_NE(write, nullptr);
  EXPECT_EQ(write->error, Errno::BrokenPipe);
}

TEST(ScriptRunner, BlockingReadReturnsZeroAtTheFin) {
  const ScriptRun run = run_file("blocking-read-eof.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  const CallEvent* read = testing::call_of(run.trace, "line 13");
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->result, 0);
  EXPECT_EQ(read->issued_at, kTimeZero + std::chrono::milliseconds(10));
  // It returned when the FIN arrived, 0.2 s later.
  std::optional<Instant> returned;
  for (const auto& e : run.trace.events())
    if (const auto* c = get_if<CallEvent>(&e.body); c && c->step == "line 13") returned = e.at;
  EXPECT_EQ(returned, kTimeZero + std::chrono::milliseconds(210));
}

TEST(ScriptRunner, RefusedConnect) {
  const ScriptRun run = run_file("connect-refused.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  const CallEvent* connect = testing::call_of(run.trace, "line 6");
  ASSERT_NE(connect, nullptr);
  EXPECT_EQ(connect->error, Errno::ConnectionRefused);
}

TEST(ScriptRunner, TimeWaitAfterActiveClose) {
  const ScriptRun run = run_file("time-wait.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_TRUE(has_state(run.trace, TcpState::FinWait2));
  EXPECT_TRUE(has_state(run.trace, TcpState::TimeWait));
  // The run ends at the script's last line, long before TIME-WAIT's 60 s are over.
  EXPECT_LT(run.trace.end_time(), kTimeZero + std::chrono::seconds(1));
}

// The receiver's decisions among `wanted`, in order (a SYN reopening TIME-WAIT: the record's).
std::vector<VerdictCode> decisions(const Trace& trace, const std::set<VerdictCode>& wanted) {
  std::vector<VerdictCode> out;
  for (const SegmentEvent* s : testing::segments_of(trace)) {
    const VerdictCode what = s->earlier_verdict ? s->earlier_verdict->what : s->verdict.what;
    if (wanted.contains(what)) out.push_back(what);
  }
  return out;
}

// What TIME-WAIT decided for the segments the script sent it.
std::vector<VerdictCode> time_wait_decisions(const Trace& trace) {
  return decisions(trace, {VerdictCode::TimeWaitAckRestartsTimer, VerdictCode::TimeWaitAssassinated,
                           VerdictCode::TimeWaitFinAcked, VerdictCode::TimeWaitOldSyn,
                           VerdictCode::TimeWaitNewSyn, VerdictCode::TimeWaitNewSynNewerTimestamp,
                           VerdictCode::TimeWaitPawsAcked, VerdictCode::TimeWaitPawsRstDropped,
                           VerdictCode::TimeWaitAckRateLimited});
}

// RFC 7323 §5 in TIME-WAIT, as tcp_timewait_state_process: an older TSval is ACKed and never
// taken; a newer one at RCV.NXT is, and the next answer echoes it.
TEST(ScriptRunner, TimeWaitAcksAnOlderTimestampAndTakesANewerOne) {
  const ScriptRun run = run_file("time-wait-paws.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_EQ(time_wait_decisions(run.trace),
            (std::vector<VerdictCode>{VerdictCode::TimeWaitPawsAcked,
                                      VerdictCode::TimeWaitAckRestartsTimer,
                                      VerdictCode::TimeWaitFinAcked}));
}

TEST(ScriptRunner, TimeWaitDropsAnRstWithAnOlderTimestampAndDiesOfANewerOne) {
  const ScriptRun run = run_file("time-wait-paws-rst.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_EQ(time_wait_decisions(run.trace),
            (std::vector<VerdictCode>{VerdictCode::TimeWaitPawsRstDropped,
                                      VerdictCode::TimeWaitFinAcked,
                                      VerdictCode::TimeWaitAssassinated}));
}

TEST(ScriptRunner, ASynWithANewerTimestampReopensTimeWaitBelowRcvNxt) {
  const ScriptRun run = run_file("time-wait-syn-newer-timestamp.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_EQ(time_wait_decisions(run.trace),
            std::vector<VerdictCode>{VerdictCode::TimeWaitNewSynNewerTimestamp});
}

TEST(ScriptRunner, TimeWaitAnswersOneOutOfWindowSynPerInvalidRatelimit) {
  const ScriptRun run = run_file("time-wait-rate-limit.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_EQ(time_wait_decisions(run.trace),
            (std::vector<VerdictCode>{VerdictCode::TimeWaitPawsAcked,
                                      VerdictCode::TimeWaitAckRateLimited,
                                      VerdictCode::TimeWaitPawsAcked,
                                      VerdictCode::TimeWaitFinAcked}));
  // With the limit off (RFC 9293 answers every one), the second SYN's ACK comes 100 ms early
  // and the script fails at the next line that expects one.
  const Script script = load_script_file(kScripts + "time-wait-rate-limit.pkt");
  ScriptRunOptions no_limit;
  no_limit.profile.invalid_ratelimit = Duration{0};
  const ScriptRun unlimited = run_script_on_model(script, no_limit);
  ASSERT_FALSE(unlimited.passed());
  EXPECT_EQ(unlimited.failure->where.line, 31) << failure_of(unlimited);
}

// RFC 7323 §5 in ESTABLISHED, as tcp_validate_incoming: old data is dropped and re-ACKed every
// time, an old pure ACK below RCV.NXT silently, a window-changing one at most once per 500 ms.
TEST(ScriptRunner, PawsDropsOldSegmentsInEstablished) {
  const ScriptRun run = run_file("paws-established.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_EQ(decisions(run.trace, {VerdictCode::PawsRejected, VerdictCode::PawsOldAckDropped,
                                  VerdictCode::OutOfWindowRateLimited}),
            (std::vector<VerdictCode>{VerdictCode::PawsRejected, VerdictCode::PawsRejected,
                                      VerdictCode::PawsOldAckDropped, VerdictCode::PawsRejected,
                                      VerdictCode::OutOfWindowRateLimited,
                                      VerdictCode::PawsRejected}));
  // Without timestamps the old bytes are new bytes: taken, and the script's ACK line fails.
  ScriptRunOptions no_timestamps;
  no_timestamps.profile.timestamps = false;
  EXPECT_FALSE(run_script_on_model(load_script_file(kScripts + "paws-established.pkt"),
                                   no_timestamps)
                   .passed());
}

TEST(ScriptRunner, NagleHoldsTheSecondSmallWriteUntilItsAckAndTcpNodelayDoesNot) {
  const ScriptRun run = run_file("nagle.pkt");
  ASSERT_TRUE(run.passed()) << failure_of(run);
  // The held byte left at the instant the ACK of the first arrived, not at its write().
  std::optional<Instant> held_sent;
  const SegmentEvent* ack = nullptr;
  for (const auto& e : run.trace.events()) {
    const auto* s = get_if<SegmentEvent>(&e.body);
    if (!s) continue;
    if (s->from == kLocalHost && s->rel_seq == 2 && s->segment.payload_len() == 1) held_sent = e.at;
    if (s->from != kLocalHost && s->rel_ack == 2 && !ack) ack = s;
  }
  ASSERT_TRUE(held_sent.has_value());
  ASSERT_NE(ack, nullptr);
  EXPECT_EQ(*held_sent, ack->arrives_at) << "the second byte must leave when the ACK arrives";
}

TEST(ScriptRunner, MinshallsNagleLetsASmallWriteFollowAFullSegment) {
  const ScriptRun run = run_file("nagle-minshall.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
}

TEST(ScriptRunner, DelayedAcksFollowQuickAckAndPingpongModes) {
  const ScriptRun run = run_file("delayed-ack.pkt");
  ASSERT_TRUE(run.passed()) << failure_of(run);
  // In pingpong mode the ACK of the request at 11:21 left exactly 40 ms after it arrived.
  std::optional<Instant> request_arrived;
  std::optional<Instant> acked;
  for (const auto& e : run.trace.events()) {
    const auto* s = get_if<SegmentEvent>(&e.body);
    if (!s) continue;
    if (s->from != kLocalHost && s->rel_seq == 11 && s->segment.payload_len() == 10)
      request_arrived = s->arrives_at;
    if (s->from == kLocalHost && s->rel_ack == 21 && s->segment.payload.empty() && !acked)
      acked = e.at;
  }
  ASSERT_TRUE(request_arrived && acked);
  EXPECT_EQ(*acked - *request_arrived, 40ms);
}

TEST(ScriptRunner, TcpQuickackSendsTheOwedAckAndZeroMakesTheNextOneWait) {
  const ScriptRun run = run_file("quickack.pkt");
  EXPECT_TRUE(run.passed()) << failure_of(run);
}

TEST(ScriptRunner, AnAckExpectedAtOnceInPingpongModeFailsAtItsLine) {
  const ScriptRun run = run_text(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
      "+0 listen(3, 1) = 0\n+0 < S 0:0(0) win 32792 <mss 1000>\n+0 > S. 0:0(0) ack 1 <...>\n"
      "+.01 < . 1:1(0) ack 1 win 257\n+0 accept(3, ..., ...) = 4\n"
      "+.01 < P. 1:11(10) ack 1 win 257\n+0 > . 1:1(0) ack 11\n+0 read(4, ..., 10) = 10\n"
      "+.01 write(4, ..., 10) = 10\n+0 > P. 1:11(10) ack 11\n"
      "+.1 < P. 11:21(10) ack 11 win 257\n+0 > . 11:11(0) ack 21\n");
  ASSERT_FALSE(run.passed());
  EXPECT_EQ(run.failure->where.line, 14) << failure_of(run);
}

TEST(ScriptRunner, ASecondSmallWriteExpectedAtOnceFailsWhereNagleHoldsIt) {
  const ScriptRun run = run_text(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
      "+0 listen(3, 1) = 0\n+0 < S 0:0(0) win 32792 <mss 1000>\n+0 > S. 0:0(0) ack 1 <...>\n"
      "+.01 < . 1:1(0) ack 1 win 257\n+0 accept(3, ..., ...) = 4\n"
      "+0 write(4, ..., 1) = 1\n+0 > P. 1:2(1) ack 1\n"
      "+0 write(4, ..., 1) = 1\n+0 > P. 2:3(1) ack 1\n");
  ASSERT_FALSE(run.passed());
  EXPECT_EQ(run.failure->where.line, 11) << failure_of(run);
}

TEST(ScriptRunner, WrongExpectationFailsAtItsLine) {
  const ScriptRun run = run_file("wrong-expectation.pkt");
  ASSERT_FALSE(run.passed());
  EXPECT_EQ(run.failure->where.line, 12);
  EXPECT_EQ(run.failure->what,
            "expected R. 1:1(0) ack 1 (flags R.); the host sent F. 1:1(0) ack 1 win 512 at "
            "0.020000 s");
}

TEST(ScriptRunner, WrongResultFailsWithWhatTheCallReturned) {
  const ScriptRun run = run_text(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 listen(3, 1) = 0\n"
      "+0 close(3) = -1 EBADF\n");
  ASSERT_FALSE(run.passed());
  EXPECT_EQ(failure_of(run), "t.pkt:3:1: close(3) returned 0; the script expects -1 EBADF");
}

TEST(ScriptRunner, MissingSegmentFailsAfterTheTolerance) {
  const ScriptRun run = run_text(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
      "+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n"
      "+.1 > S. 0:0(0) ack 1\n");
  ASSERT_FALSE(run.passed());
  EXPECT_EQ(failure_of(run),
            "t.pkt:4:1: expected S. 0:0(0) ack 1 at 0.100000 s, but the host sent nothing by "
            "0.112500 s");
}

TEST(ScriptRunner, LateSegmentFailsOnTiming) {
  // The FIN's ACK comes at once; the script wants it 0.5 s later (tolerance 62.5 ms).
  const ScriptRun run = run_text(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
      "+0 listen(3, 1) = 0\n+0 < S 0:0(0) win 1000\n+0 > S. 0:0(0) ack 1 <mss 1460>\n"
      "+0 < . 1:1(0) ack 1 win 1000\n+0 < F. 1:1(0) ack 1 win 1000\n+.5 > . 1:1(0) ack 2\n");
  ASSERT_FALSE(run.passed());
  EXPECT_EQ(run.failure->where.line, 8);
  EXPECT_NE(run.failure->what.find("expected . 1:1(0) ack 2 at 0.500000 s (within 62.5 ms)"),
            std::string::npos)
      << run.failure->what;
}

// The handshake of a listening host, as the first lines of a script.
constexpr char kAccepted[] =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
    "+0 listen(3, 1) = 0\n+0 < S 0:0(0) win 1000\n+0 > S. 0:0(0) ack 1 <mss 1460>\n"
    "+0 < . 1:1(0) ack 1 win 1000\n+0 accept(3, ..., ...) = 4\n";

TEST(ScriptRunner, ARangeAcceptsAnyInstantInside) {
  // The model ACKs a FIN before any data after one tick, 4 ms (delayed_ack_before_data).
  const std::string fin = std::string(kAccepted) + "+.1 < F. 1:1(0) ack 1 win 1000\n";
  EXPECT_TRUE(run_text(fin + "+0~+.01 > . 1:1(0) ack 2\n").passed());
  EXPECT_TRUE(run_text(fin + "0.1~0.2 > . 1:1(0) ack 2\n").passed());
  const ScriptRun late = run_text(fin + "+.1~+.2 > . 1:1(0) ack 2\n");
  ASSERT_FALSE(late.passed());
  EXPECT_EQ(failure_of(late),
            "t.pkt:9:1: expected . 1:1(0) ack 2 at 0.200000 s (within 12.5 ms); the host sent it "
            "at 0.104000 s");
}

TEST(ScriptRunner, TheWindowIsCheckedWhenWritten) {
  const std::string head =
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
      "+0 listen(3, 1) = 0\n+0 < S 0:0(0) win 1000\n";
  EXPECT_TRUE(run_text(head + "+0 > S. 0:0(0) ack 1 win 65535 <mss 1460>\n").passed());
  const ScriptRun wrong = run_text(head + "+0 > S. 0:0(0) ack 1 win 1000 <mss 1460>\n");
  ASSERT_FALSE(wrong.passed());
  EXPECT_EQ(failure_of(wrong),
            "t.pkt:5:1: expected S. 0:0(0) ack 1 win 1000 <mss 1460> (window); the host sent "
            "S. 0:0(0) ack 1 win 65535 <mss 1460> at 0.000000 s");
}

TEST(ScriptRunner, NonBlockingAcceptWouldBlock) {
  const ScriptRun run = run_text(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
      "+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n"
      "+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)\n");
  EXPECT_TRUE(run.passed()) << failure_of(run);
}

TEST(ScriptRunner, AnUnmarkedBlockingCallFails) {
  const ScriptRun run = run_text(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
      "+0 listen(3, 1) = 0\n+0 accept(3, ..., ...) = 4\n");
  ASSERT_FALSE(run.passed());
  EXPECT_EQ(failure_of(run),
            "t.pkt:4:1: accept(3, ..., ...) blocked; the script expects it to return at once (a "
            "blocking call is written start...end)");
}

TEST(ScriptRunner, SysctlsSetTheModelsKnobs) {
  const ScriptRun run = run_text("0 `sysctl -q net.ipv4.tcp_fin_timeout=7`\n");
  EXPECT_TRUE(run.passed()) << failure_of(run);
  EXPECT_EQ(run.profile.fin_wait2_timeout, std::chrono::seconds(7));
}

TEST(ScriptRunner, TheExampleLessonsPassInBothLanguages) {
  const std::filesystem::path dir = TCPLAB_SOURCE_DIR "/lessons/packetdrill";
  int scripts = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".pkt") continue;
    ++scripts;
    const ScriptRun run =
        run_script_on_model(load_script_file(entry.path().string()), ScriptRunOptions{});
    EXPECT_TRUE(run.passed()) << failure_of(run);
    // SO_LINGER {1, 0}: a reset, and no TIME-WAIT.
    EXPECT_EQ(flow(run.trace).at(3), "local>remote R.") << entry.path();
    EXPECT_FALSE(has_state(run.trace, TcpState::TimeWait)) << entry.path();
  }
  EXPECT_EQ(scripts, 2);
}

// The trace's segment that script line `line` injected or matched.
const SegmentEvent* segment_at(const ScriptRun& run, int line) {
  auto it = run.segment_at_line.find(line);
  if (it == run.segment_at_line.end()) return nullptr;
  for (const SegmentEvent* s : testing::segments_of(run.trace))
    if (s->id == it->second) return s;
  return nullptr;
}

TEST(ScriptRunner, OptionsActiveOpenNegotiatesFromTheScriptsSynAck) {
  const ScriptRun run = run_file("options-active-open.pkt");
  ASSERT_TRUE(run.passed()) << failure_of(run);
  const SegmentEvent* syn = segment_at(run, 8);
  const SegmentEvent* synack = segment_at(run, 11);
  ASSERT_NE(syn, nullptr);
  ASSERT_NE(synack, nullptr);
  ASSERT_TRUE(syn->segment.options.timestamps);
  // The SYN-ACK was injected with typed options, its ecr mapped to the host's real TS val.
  EXPECT_EQ(synack->segment.options.mss, std::optional<std::uint16_t>(1000));
  EXPECT_TRUE(synack->segment.options.sack_permitted);
  EXPECT_EQ(synack->segment.options.window_scale, std::optional<std::uint8_t>(2));
  EXPECT_EQ(synack->segment.options.timestamps,
            (TcpTimestamps{700, syn->segment.options.timestamps->val}));
  // The data leaves in units of the script's MSS less the timestamps (988): two at once in a TSO
  // segment, as the tun device takes them, then the rest; each pushed, each echoing 700.
  std::vector<std::size_t> sizes;
  for (const SegmentEvent* s : testing::segments_of(run.trace)) {
    if (s->from != kLocalHost || s->segment.payload_len() == 0) continue;
    sizes.push_back(s->segment.payload_len());
    EXPECT_TRUE(s->segment.flags.psh());
    ASSERT_TRUE(s->segment.options.timestamps);
    EXPECT_EQ(s->segment.options.timestamps->ecr, 700u);
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{2 * 988, 24}));
}

TEST(ScriptRunner, TsoSegmentsAreTwoMssEachPushedAndTheKnobSetsThem) {
  // A 5000-byte write at MSS 1000 without timestamps: 2000, 2000, 1000, every one pushed.
  const std::string text =
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
      "+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n"
      "+0 < S 0:0(0) win 65535 <mss 1000>\n+0 > S. 0:0(0) ack 1 <mss 1460>\n"
      "+.01 < . 1:1(0) ack 1 win 65535\n+0 accept(3, ..., ...) = 4\n"
      "+0 write(4, ..., 5000) = 5000\n"
      "+0 > P. 1:2001(2000) ack 1\n+0 > P. 2001:4001(2000) ack 1\n+0 > P. 4001:5001(1000) ack 1\n";
  const ScriptRun run = run_script_on_model(parse_script(text, "tso.pkt"), {});
  EXPECT_TRUE(run.passed()) << failure_of(run);
  // With tso_segs = 1 (a wire without TSO) the first segment is one MSS and not pushed.
  ScriptRunOptions one;
  one.tso_segs = 1;
  const ScriptRun cut = run_script_on_model(parse_script(text, "tso.pkt"), one);
  ASSERT_FALSE(cut.passed());
  EXPECT_NE(failure_of(cut).find("the host sent . 1:1001(1000) ack 1"), std::string::npos)
      << failure_of(cut);
}

TEST(ScriptRunner, OptionsPassiveOpenChecksTheSynAckExactly) {
  const ScriptRun run = run_file("options-passive-open.pkt");
  ASSERT_TRUE(run.passed()) << failure_of(run);
  const SegmentEvent* synack = segment_at(run, 10);
  ASSERT_NE(synack, nullptr);
  EXPECT_EQ(tcp_options_key(synack->segment.options), "mss 1460,sackOK,TS,nop,wscale 7");
  ASSERT_TRUE(synack->segment.options.timestamps);
  EXPECT_EQ(synack->segment.options.timestamps->ecr, 300u);
}

TEST(ScriptRunner, AWrongOptionExpectationFailsWithWhatTheHostSent) {
  const ScriptRun run = run_file("options-wrong.pkt");
  ASSERT_FALSE(run.passed());
  EXPECT_EQ(run.failure->where.line, 7);
  const SegmentEvent* synack = segment_at(run, 7);
  ASSERT_NE(synack, nullptr);
  EXPECT_EQ(run.failure->what,
            "expected S. 0:0(0) ack 1 <mss 1460,nop,wscale 7> (options); the host sent S. 0:0(0) "
            "ack 1 win 65535 <" +
                tcpdump_options(synack->segment.options) + "> at 0.000000 s");
}

// A listening host and a client SYN offering SACK and timestamps.
constexpr char kSynWithOptions[] =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
    "+0 listen(3, 1) = 0\n+0 < S 0:0(0) win 1000 <mss 1000,sackOK,TS val 5 ecr 0,nop,wscale 6>\n";

TEST(ScriptRunner, AnyOptionsAreAcceptedWithEllipsis) {
  EXPECT_TRUE(run_text(std::string(kSynWithOptions) + "+0 > S. 0:0(0) ack 1 <...>\n").passed());
  EXPECT_FALSE(run_text(std::string(kSynWithOptions) + "+0 > S. 0:0(0) ack 1\n").passed());
}

TEST(ScriptRunner, OptionValuesAndNopsAreChecked) {
  const std::string head = kSynWithOptions;
  const ScriptRun mss =
      run_text(head + "+0 > S. 0:0(0) ack 1 <mss 1000,sackOK,TS val 1 ecr 5,nop,wscale 7>\n");
  ASSERT_FALSE(mss.passed());
  EXPECT_NE(mss.failure->what.find("(option mss)"), std::string::npos) << mss.failure->what;
  const ScriptRun ecr =
      run_text(head + "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 1 ecr 6,nop,wscale 7>\n");
  ASSERT_FALSE(ecr.passed());
  EXPECT_NE(ecr.failure->what.find("(option TS ecr)"), std::string::npos) << ecr.failure->what;
  const ScriptRun nop =
      run_text(head + "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 1 ecr 5,wscale 7>\n");
  ASSERT_FALSE(nop.passed());
  EXPECT_NE(nop.failure->what.find("(options)"), std::string::npos) << nop.failure->what;
  // The TS val is learned, not checked: any value passes.
  EXPECT_TRUE(
      run_text(head + "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 1 ecr 5,nop,wscale 7>\n")
          .passed());
}

TEST(ScriptRunner, AnEcrNoOutboundLineWroteIsAScriptError) {
  EXPECT_THROW(run_text(std::string(kSynWithOptions) +
                        "+0 > S. 0:0(0) ack 1 <...>\n"
                        "+0 < . 1:1(0) ack 1 win 10 <nop,nop,TS val 6 ecr 9>\n"),
               ScriptError);
}

TEST(ScriptRunner, AnAckBeforeTheHostsSynIsAScriptError) {
  EXPECT_THROW(
      run_text("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < . 1:1(0) ack 1 win 10\n"),
      ScriptError);
}

}  // namespace
}  // namespace tcplab::packetdrill

namespace tcplab::packetdrill {
namespace {

TEST(ScriptRunner, SocketOptionsTheModelRefusesAreEinval) {
  const std::string open = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n";
  EXPECT_FALSE(run_text(open + "+0 setsockopt(3, SOL_TCP, TCP_KEEPIDLE, [0], 4) = -1 EINVAL "
                               "(Invalid argument)\n+0 setsockopt(3, SOL_TCP, TCP_USER_TIMEOUT, "
                               "[3000], 4) = 0\n+0 ioctl(3, SIOCOUTQ, [0]) = 0\n")
                   .failure);
  const ScriptRun wrong = run_text(open + "+0 ioctl(3, SIOCINQ, [5]) = 0\n");
  ASSERT_TRUE(wrong.failure);
  EXPECT_EQ(wrong.failure->what,
            "ioctl(3, SIOCINQ, [5]) found 0 bytes in the receive queue; the script expects 5");
}

}  // namespace
}  // namespace tcplab::packetdrill
