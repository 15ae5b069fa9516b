// The comparison of two traces, on hand-built traces: what counts as a difference and what is
// normalised away (ports, ISNs, instants, the interleaving of independent connections).
#include "scenario/compare.h"

#include <array>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lesson_builder.h"
#include "scenario/compare_backends.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

// A trace builder: segments between client 127.0.0.1:<port> and server 127.0.0.2:5555.
class TraceBuilder {
 public:
  TraceBuilder(std::string backend, std::uint16_t client_port, std::uint32_t client_isn,
               std::uint32_t server_isn)
      : port_(client_port), cisn_(client_isn), sisn_(server_isn) {
    trace_.backend = std::move(backend);
  }
  // `c>s` or `s>c`, flags, relative seq and ack, at `ms` milliseconds.
  TraceBuilder& seg(const char* dir, const char* flags, std::uint32_t rseq, std::uint32_t rack,
                    double ms, const std::string& label = "", std::uint16_t port = 0) {
    const bool from_client = dir[0] == 'c';
    const std::uint16_t p = port ? port : port_;
    SegmentEvent e;
    const SocketAddress c{Ipv4{0x7f000001}, p};
    const SocketAddress s{Ipv4{0x7f000002}, 5555};
    e.segment.src = from_client ? c : s;
    e.segment.dst = from_client ? s : c;
    e.segment.seq = SeqNum((from_client ? cisn_ : sisn_) + rseq);
    e.segment.ack = SeqNum((from_client ? sisn_ : cisn_) + rack);
    e.segment.flags = *parse_tcpdump_flags(flags);
    e.from = from_client ? "client" : "server";
    e.to = from_client ? "server" : "client";
    e.endpoint = label.empty() ? (from_client ? "client#1" : "server#2") : label;
    e.arrives_at = at(ms);  // loopback: at once
    trace_.add_segment(at(ms), e);
    return *this;
  }
  // The last segment arrives at `ms` instead (a link's latency).
  TraceBuilder& arriving(double ms) {
    trace_.segment_by_id(trace_.segment_count())->arrives_at = at(ms);
    return *this;
  }
  // An RST from the server's address no socket sent: injected by the lesson, or the host's own.
  TraceBuilder& rst_from_no_socket(std::uint32_t rseq, double ms, bool injected) {
    seg("s>c", "R", rseq, 0, ms);
    SegmentEvent* e = trace_.segment_by_id(trace_.segment_count());
    e->endpoint = "";
    if (injected) e->fault = WireFault{WireAction::Injected, {"an RST", "一个 RST"}};
    return *this;
  }
  TraceBuilder& state(const std::string& endpoint, TcpState to, double ms) {
    trace_.add(at(ms), StateEvent{endpoint.substr(0, endpoint.find('#')),
                                  endpoint,
                                  {},
                                  TcpState::Closed,
                                  to,
                                  StateCause::Unspecified,
                                  0});
    return *this;
  }
  TraceBuilder& call(const std::string& step, const std::string& name, std::int64_t result,
                     Errno error, double issued_ms, double ms) {
    CallEvent c;
    c.host = step.substr(0, step.find('.'));
    c.step = step;
    c.call = name;
    c.result = result;
    c.error = error;
    c.issued_at = at(issued_ms);
    trace_.add(at(ms), c);
    return *this;
  }
  // A call on `endpoint` the lesson asked for at `asked_ms`, issued at `issued_ms`, returned at
  // `ms`, its thread having waited `cpu_wait_ms` for a CPU meanwhile (a real program's record).
  TraceBuilder& timed_call(const std::string& step, const std::string& name,
                           const std::string& endpoint, double asked_ms, double issued_ms,
                           double ms, double cpu_wait_ms, Errno error = Errno::None) {
    CallEvent c;
    c.result = error == Errno::None ? 0 : -1;
    c.error = error;
    c.host = step.substr(0, step.find('.'));
    c.step = step;
    c.call = name;
    c.endpoint = endpoint;
    c.asked_at = at(asked_ms);
    c.issued_at = at(issued_ms);
    c.cpu_wait = Duration{static_cast<std::int64_t>(cpu_wait_ms * 1e6)};
    trace_.add(at(ms), c);
    return *this;
  }
  // The last segment repeats an earlier transmission.
  TraceBuilder& retransmitted() {
    trace_.segment_by_id(trace_.segment_count())->retransmission = true;
    return *this;
  }
  TraceBuilder& retransmit_timer(const std::string& endpoint, TimerAction action,
                                 double deadline_ms, double ms) {
    trace_.add(at(ms), TimerEvent{endpoint.substr(0, endpoint.find('#')), endpoint,
                                  TimerKind::Retransmit, action, at(deadline_ms), 0});
    return *this;
  }
  const Trace& trace() const { return trace_; }

 private:
  static Instant at(double ms) { return instant_from_ns(static_cast<std::int64_t>(ms * 1e6)); }
  std::uint16_t port_;
  std::uint32_t cisn_, sisn_;
  Trace trace_;
};

TraceBuilder four_way(std::string backend, std::uint16_t port, std::uint32_t cisn,
                      std::uint32_t sisn, double start_ms, double ack_delay_ms) {
  TraceBuilder b(std::move(backend), port, cisn, sisn);
  b.seg("c>s", "S", 0, 0, start_ms)
      .seg("s>c", "S.", 0, 1, start_ms + 0.02)
      .seg("c>s", ".", 1, 1, start_ms + 0.04)
      .state("client#1", TcpState::Established, start_ms + 0.04)
      .call("client.connect", "connect", 0, Errno::None, start_ms, start_ms + 0.05)
      .seg("c>s", "F.", 1, 1, start_ms + 20)
      .state("client#1", TcpState::FinWait1, start_ms + 20)
      .seg("s>c", ".", 1, 2, start_ms + 20 + ack_delay_ms)
      .seg("s>c", "F.", 1, 2, start_ms + 70)
      .seg("c>s", ".", 2, 2, start_ms + 70.02)
      .state("client#1", TcpState::TimeWait, start_ms + 70.02);
  return b;
}

TEST(CompareTraces, PortsIsnsAndStartInstantsAreNormalisedAway) {
  const auto model = four_way("model", 40000, 1000, 900000, 0, 0.02);
  const auto kernel = four_way("kernel", 51234, 3'000'000'000u, 77, 35.5, 1.0);
  const Comparison c = compare_traces(model.trace(), kernel.trace());
  EXPECT_TRUE(c.agree()) << format_comparison(c);
  EXPECT_EQ(c.matched_segments.size(), 7u);
  EXPECT_EQ(c.left_name, "model");
  EXPECT_EQ(c.right_name, "kernel");
  EXPECT_THAT(format_comparison(c), HasSubstr("model and kernel agree"));
}

TEST(CompareTraces, AMissingSegmentAndAnExtraStateAreDifferences) {
  const auto model = four_way("model", 40000, 1, 2, 0, 0.02);
  TraceBuilder kernel("kernel", 40001, 5, 6);
  kernel.seg("c>s", "S", 0, 0, 0)
      .seg("s>c", "S.", 0, 1, 0.02)
      .seg("c>s", ".", 1, 1, 0.04)
      .state("client#1", TcpState::Established, 0.04)
      .call("client.connect", "connect", 0, Errno::None, 0, 0.05)
      .seg("c>s", "F.", 1, 1, 20)
      .state("client#1", TcpState::FinWait1, 20)
      .state("client#1", TcpState::FinWait2, 20.02)
      .seg("s>c", "F.", 1, 2, 20.02)  // the ACK rides on the FIN
      .seg("c>s", ".", 2, 2, 20.04)
      .state("client#1", TcpState::TimeWait, 20.04);
  CompareOptions no_timing;
  no_timing.compare_timing = false;
  const Comparison c = compare_traces(model.trace(), kernel.trace(), no_timing);
  ASSERT_EQ(c.differences.size(), 2u) << format_comparison(c);
  EXPECT_EQ(c.differences[0].kind, DifferenceKind::Segment);
  EXPECT_EQ(c.differences[0].subject, "connection client#1 server#2");
  EXPECT_EQ(c.differences[0].left, "s>c . 1 2 [server#2]");
  EXPECT_EQ(c.differences[0].right, "");
  EXPECT_EQ(c.differences[0].left_segment, 5u);
  EXPECT_EQ(c.differences[1].kind, DifferenceKind::State);
  EXPECT_EQ(c.differences[1].subject, "client#1");
  EXPECT_EQ(c.differences[1].left, "");
  EXPECT_EQ(c.differences[1].right, "FIN-WAIT-2");
  EXPECT_THAT(format_comparison(c), HasSubstr("2 difference(s)"));
}

// An injected segment lines up with the other backend's injected one, never with the same
// segment a host sent (lessons' [[injections]]).
TEST(CompareTraces, AnInjectedSegmentMatchesOnlyAnInjectedOne) {
  auto model = four_way("model", 40000, 1000, 900000, 0, 0.02);
  auto kernel = four_way("kernel", 51234, 3'000'000'000u, 77, 35.5, 1.0);
  model.rst_from_no_socket(2, 1000, true);
  kernel.rst_from_no_socket(2, 1035.5, true);
  CompareOptions no_timing;
  no_timing.compare_timing = false;
  const Comparison agree = compare_traces(model.trace(), kernel.trace(), no_timing);
  EXPECT_TRUE(agree.agree()) << format_comparison(agree);
  EXPECT_EQ(agree.matched_segments.size(), 8u);

  auto host_rst = four_way("kernel", 51234, 3'000'000'000u, 77, 35.5, 1.0);
  host_rst.rst_from_no_socket(2, 1035.5, false);
  const Comparison differ = compare_traces(model.trace(), host_rst.trace(), no_timing);
  ASSERT_EQ(differ.differences.size(), 1u) << format_comparison(differ);
  EXPECT_EQ(differ.differences[0].kind, DifferenceKind::Segment);
  EXPECT_EQ(differ.differences[0].left, "s>c R 2 0 injected");
  EXPECT_EQ(differ.differences[0].right, "s>c R 2 0");
}

TEST(CompareTraces, AKernelAckThatBeatCloseIsATolerableRaceNotADifference) {
  // The model's server closes at once, so its FIN carries the ACK; on a loaded machine the
  // kernel's delayed ACK (one tick) leaves first, then the FIN with the same numbers.
  auto handshake = [](TraceBuilder& t) -> TraceBuilder& {
    return t.seg("c>s", "S", 0, 0, 0).seg("s>c", "S.", 0, 1, 0.02).seg("c>s", ".", 1, 1, 0.04);
  };
  TraceBuilder model("model", 40000, 1, 2);
  handshake(model)
      .seg("c>s", "F.", 1, 1, 20)
      .seg("s>c", "F.", 1, 2, 20.02)
      .seg("c>s", ".", 2, 2, 20.04);
  TraceBuilder kernel("kernel", 40001, 5, 6);
  handshake(kernel)
      .seg("c>s", "F.", 1, 1, 20)
      .seg("s>c", ".", 1, 2, 24)
      .seg("s>c", "F.", 1, 2, 25)
      .seg("c>s", ".", 2, 2, 25.02);
  const Comparison c = compare_traces(model.trace(), kernel.trace());
  EXPECT_TRUE(c.agree()) << format_comparison(c);
  ASSERT_EQ(c.races.size(), 1u);
  EXPECT_THAT(c.races[0], HasSubstr("s>c . 1 2 [server#2]"));
  EXPECT_THAT(format_comparison(c), HasSubstr("race (tolerated)"));
  // Only that race: a bare ACK not followed by the same sender's FIN is still a difference.
  TraceBuilder other("kernel", 40001, 5, 6);
  handshake(other)
      .seg("c>s", "F.", 1, 1, 20)
      .seg("s>c", ".", 1, 2, 24)
      .seg("s>c", "F.", 1, 3, 25)
      .seg("c>s", ".", 2, 2, 25.02);
  const Comparison not_a_race = compare_traces(model.trace(), other.trace());
  EXPECT_FALSE(not_a_race.agree());
  EXPECT_TRUE(not_a_race.judgeable()) << not_a_race.not_judgeable;
  // What follows the race is the race's doing: the ACK delivered after the FIN, the client in
  // TIME-WAIT answering it, the closed server resetting (seen once under two CPU hogs).
  TraceBuilder after_race("kernel", 40001, 5, 6);
  handshake(after_race)
      .seg("c>s", "F.", 1, 1, 20)
      .seg("s>c", ".", 1, 2, 24)
      .seg("s>c", "F.", 1, 2, 25)
      .seg("c>s", ".", 2, 2, 25.02)
      .seg("c>s", ".", 2, 2, 25.04)
      .seg("s>c", "R", 2, 0, 25.06);
  const Comparison raced = compare_traces(model.trace(), after_race.trace());
  EXPECT_FALSE(raced.agree());
  EXPECT_FALSE(raced.judgeable());
  EXPECT_THAT(raced.not_judgeable, HasSubstr("kernel's delayed ACK raced its application's "
                                             "close() 1 time(s)"));
}

TEST(CompareTraces, TimingComparesEachSegmentWithItsCauseWithinTheTolerance) {
  const auto model = four_way("model", 40000, 1, 2, 0, 40);  // a 40 ms delayed ACK
  const auto kernel = four_way("kernel", 40000, 1, 2, 3, 1);
  const Comparison c = compare_traces(model.trace(), kernel.trace());
  // Only the ACK differs: the server's FIN is judged from the client's FIN it answers (50 ms on
  // both), not from the ACK before it.
  ASSERT_EQ(c.differences.size(), 1u) << format_comparison(c);
  EXPECT_EQ(c.differences[0].kind, DifferenceKind::Timing);
  EXPECT_EQ(c.differences[0].left, "s>c . 1 2 [server#2], 0.040 s after the segment it answers arrived");
  EXPECT_EQ(c.differences[0].right, "s>c . 1 2 [server#2], 0.001 s after the segment it answers arrived");
  // 15 ms apart is within the default 20 ms.
  const auto close_enough = four_way("kernel", 40000, 1, 2, 3, 25);
  EXPECT_TRUE(compare_traces(model.trace(), close_enough.trace()).agree());
}

// The client closes 20 ms after connecting; the server answers 50 ms after the FIN. With
// `recv_woken_ms`, the server's recv() (asked at 1 ms) returns that long after the FIN arrived.
TraceBuilder close_after_connect(std::string backend, double close_asked_ms, double late_ms,
                                 double cpu_wait_ms, double recv_woken_ms = -1,
                                 double recv_cpu_wait_ms = 0) {
  const double fin = close_asked_ms + late_ms;
  TraceBuilder b(std::move(backend), 40000, 1, 2);
  b.seg("c>s", "S", 0, 0, 0)
      .seg("s>c", "S.", 0, 1, 0.02)
      .seg("c>s", ".", 1, 1, 0.04)
      .timed_call("client.connect", "connect", "client#1", 0, 0, 0.05, 0)
      .seg("c>s", "F.", 1, 1, fin)
      .timed_call("client.close", "close", "client#1", close_asked_ms, fin, fin + 0.01, cpu_wait_ms)
      .seg("s>c", ".", 1, 2, fin + 0.02);
  if (recv_woken_ms >= 0)
    b.timed_call("server.recv", "recv", "server#2", 1, 1, fin + 0.03 + recv_woken_ms,
                 recv_cpu_wait_ms);
  b.seg("s>c", "F.", 1, 2, fin + 50).seg("c>s", ".", 2, 2, fin + 50.02);
  return b;
}

TEST(CompareTraces, AProgramScheduledLateShiftsNothingAfterItsLateCall) {
  // The kernel's close() was issued 21 ms after the lesson asked (as seen under ASan with CPU
  // hogs): its FIN and everything after it are 21 ms later than the model's, from the start.
  const auto model = close_after_connect("model", 20, 0, 0);
  const auto kernel = close_after_connect("kernel", 20, 21, 21);
  const Comparison c = compare_traces(model.trace(), kernel.trace());
  EXPECT_TRUE(c.agree()) << format_comparison(c);
  EXPECT_TRUE(c.explained.empty()) << format_comparison(c);
  EXPECT_EQ(c.right_delays.worst_late, 21ms);
  EXPECT_EQ(c.right_delays.late_step, "client.close");
  EXPECT_THAT(format_comparison(c),
              HasSubstr("kernel's programs made 2 call(s) and were issued up to 0.021 s late "
                        "(client.close) and waited for a CPU up to 0.021 s in one call "
                        "(client.close)"));
}

TEST(CompareTraces, ACallWokenLateIsExplainedOnlyByTheCpuWaitItMeasured) {
  // recv() returns when the FIN reaches the server; the kernel's program ran 25 ms later.
  const auto model = close_after_connect("model", 20, 0, 0, 0, 0);
  const Comparison explained =
      compare_traces(model.trace(), close_after_connect("kernel", 20, 0, 0, 25, 24).trace());
  EXPECT_TRUE(explained.agree()) << format_comparison(explained);
  ASSERT_EQ(explained.explained.size(), 1u) << format_comparison(explained);
  EXPECT_THAT(explained.explained[0],
              HasSubstr("step server.recv: model recv() = 0, 0.000 s after a segment reached "
                        "server, kernel recv() = 0, 0.025 s after a segment reached server; "
                        "explained by measured lateness (kernel: its program waited 0.024 s for "
                        "a CPU)"));
  // The same lateness with no CPU wait to explain it is a difference.
  const Comparison not_explained =
      compare_traces(model.trace(), close_after_connect("kernel", 20, 0, 0, 25, 0).trace());
  ASSERT_EQ(not_explained.differences.size(), 1u) << format_comparison(not_explained);
  EXPECT_EQ(not_explained.differences[0].kind, DifferenceKind::Timing);
  EXPECT_EQ(not_explained.differences[0].subject, "step server.recv");
  EXPECT_TRUE(not_explained.judgeable());
}

// Every SYN dropped: connect() gives up with ETIMEDOUT when the third retransmit timer fires.
// `deadlines` are the three timers' deadlines; each fires `late_ms` after its own.
TraceBuilder connect_times_out(std::string backend, std::array<double, 3> deadlines,
                               double late_ms) {
  TraceBuilder b(std::move(backend), 40000, 1, 2);
  b.seg("c>s", "S", 0, 0, 0).retransmit_timer("client#1", TimerAction::Armed, deadlines[0], 0);
  for (std::size_t i = 0; i < 2; ++i) {
    const double fired = deadlines[i] + late_ms;
    b.seg("c>s", "S", 0, 0, fired)
        .retransmitted()
        .retransmit_timer("client#1", TimerAction::Fired, deadlines[i], fired)
        .retransmit_timer("client#1", TimerAction::Armed, deadlines[i + 1], fired);
  }
  const double gave_up = deadlines[2] + late_ms;
  b.timed_call("client.connect", "connect", "client#1", 0, 0, gave_up, 0, Errno::TimedOut);
  return b;
}

TEST(CompareTraces, AConnectTimedOutLateIsExplainedByItsTimersFiringLate) {
  const auto model = connect_times_out("model", {1000, 2000, 3000}, 0);
  // Each of the kernel's timers fired 30 ms after its deadline (a loaded machine's timer wheel),
  // and each was armed from the late firing: connect() returned 90 ms later than the model's.
  const auto late_wheel = connect_times_out("kernel", {1000, 2030, 3060}, 30);
  const Comparison explained = compare_traces(model.trace(), late_wheel.trace());
  EXPECT_TRUE(explained.agree()) << format_comparison(explained);
  ASSERT_EQ(explained.explained.size(), 1u) << format_comparison(explained);
  EXPECT_THAT(explained.explained[0],
              HasSubstr("step client.connect: model connect() = ETIMEDOUT, 3.000 s after it was "
                        "issued, kernel connect() = ETIMEDOUT, 3.090 s after it was issued; "
                        "explained by measured lateness (kernel: its retransmit timers fired "
                        "0.090 s after their deadlines)"));
  // Timers on time but armed 100 ms longer each: a different backoff, which is TCP's.
  const auto longer_backoff = connect_times_out("kernel", {1100, 2200, 3300}, 0);
  const Comparison judged = compare_traces(model.trace(), longer_backoff.trace());
  ASSERT_FALSE(judged.differences.empty()) << format_comparison(judged);
  EXPECT_EQ(judged.differences.back().kind, DifferenceKind::Timing);
  EXPECT_EQ(judged.differences.back().subject, "step client.connect");
}

TEST(CompareTraces, DifferencesFromAProgramLaterThanJudgeableAreSaidNotJudged) {
  const auto model = close_after_connect("model", 20, 0, 0);
  // The kernel's close() came 30 ms late, and it sent one segment more.
  auto kernel = close_after_connect("kernel", 20, 30, 30);
  kernel.seg("s>c", ".", 2, 2, 110);
  const Comparison late = compare_traces(model.trace(), kernel.trace());
  EXPECT_FALSE(late.agree());
  EXPECT_FALSE(late.judgeable());
  EXPECT_THAT(late.not_judgeable,
              HasSubstr("kernel's programs were issued up to 0.030 s late (client.close)"));
  EXPECT_THAT(format_comparison(late), HasSubstr("not judged: "));
  // The same difference from a program on time is TCP's.
  auto on_time = close_after_connect("kernel", 20, 0, 0);
  on_time.seg("s>c", ".", 2, 2, 80);
  const Comparison judged = compare_traces(model.trace(), on_time.trace());
  EXPECT_FALSE(judged.agree());
  EXPECT_TRUE(judged.judgeable()) << judged.not_judgeable;
}

TEST(CompareTraces, DifferencesBeyondTheLimitAreCountedNotKept) {
  TraceBuilder a("model", 40000, 1, 2);
  TraceBuilder b("kernel", 40000, 1, 2);
  for (int i = 0; i < 50; ++i) {
    a.call("client.bind", "bind", 0, Errno::None, i, i);
    b.call("client.bind", "bind", -1, Errno::AddressInUse, i, i);
  }
  CompareOptions options;
  options.max_differences = 10;
  const Comparison c = compare_traces(a.trace(), b.trace(), options);
  EXPECT_EQ(c.differences.size(), 10u);
  EXPECT_EQ(c.differences_not_kept, 40u);
  EXPECT_FALSE(c.agree());
  EXPECT_THAT(format_comparison(c),
              HasSubstr("... and 40 more difference(s), not listed (at most 10 are kept)"));
  EXPECT_THAT(format_comparison(c), HasSubstr("50 difference(s)"));
}

TEST(CompareTraces, IndependentConnectionsMayInterleaveDifferently) {
  TraceBuilder a("model", 40000, 1, 2);
  a.seg("c>s", "S", 0, 0, 0, "client#1", 40000)
      .seg("s>c", "S.", 0, 1, 0.1, "server#2", 40000)
      .seg("c>s", "S", 0, 0, 0.2, "client#2", 40001)
      .seg("s>c", "S.", 0, 1, 0.3, "server#3", 40001);
  TraceBuilder b("kernel", 50000, 7, 9);
  b.seg("c>s", "S", 0, 0, 0, "client#1", 50000)
      .seg("c>s", "S", 0, 0, 0.1, "client#2", 50001)
      .seg("s>c", "S.", 0, 1, 0.2, "server#3", 50001)
      .seg("s>c", "S.", 0, 1, 0.3, "server#2", 50000);
  const Comparison c = compare_traces(a.trace(), b.trace());
  EXPECT_TRUE(c.agree()) << format_comparison(c);
}

TEST(CompareTraces, CallsCompareResultsAndErrnoButNotFdNumbers) {
  TraceBuilder a("model", 40000, 1, 2);
  a.call("client.socket", "socket", 3, Errno::None, 0, 0)
      .call("server.bind", "bind", -1, Errno::AddressInUse, 1, 1);
  TraceBuilder b("kernel", 40000, 1, 2);
  b.call("client.socket", "socket", 7, Errno::None, 0, 0)
      .call("server.bind", "bind", 0, Errno::None, 1, 1);
  const Comparison c = compare_traces(a.trace(), b.trace());
  ASSERT_EQ(c.differences.size(), 1u) << format_comparison(c);
  EXPECT_EQ(c.differences[0].kind, DifferenceKind::Call);
  EXPECT_EQ(c.differences[0].subject, "step server.bind");
  EXPECT_EQ(c.differences[0].left, "bind() = EADDRINUSE");
  EXPECT_EQ(c.differences[0].right, "bind() = 0");
}

// A stand-in backend that replays a fixed trace.
class FixedBackend final : public Backend {
 public:
  FixedBackend(std::string name, Trace trace) : name_(std::move(name)), trace_(std::move(trace)) {}
  std::string name() const override { return name_; }
  RunResult run(const Scenario& scenario, const RunOptions& options) override {
    seen_latency = scenario.link.latency;
    seen_profile = options.profile.value_or(scenario.profile);
    RunResult r;
    r.trace = trace_;
    r.completed = !stopped_at;
    r.stopped_at = stopped_at;
    r.stopped_by = stopped_by;
    return r;
  }
  std::optional<Instant> stopped_at;  // set: the run "was stopped" then
  StopCause stopped_by = StopCause::None;
  Duration seen_latency{};
  std::string seen_profile;

 private:
  std::string name_;
  Trace trace_;
};

// Both on the lesson's link: the kernel backend holds every segment for it (its netfilter queue).
TEST(CompareBackends, RunsTheModelUnderLinuxOnTheLessonsLink) {
  FixedBackend model("model", four_way("model", 1, 1, 2, 0, 1).trace());
  FixedBackend kernel("kernel", four_way("kernel", 2, 3, 4, 0, 1).trace());
  LessonBuilder lesson;
  Scenario s = lesson.scenario();
  s.profile = "rfc9293";
  const BackendComparison r = compare_backends(s, model, kernel, {});
  EXPECT_TRUE(r.kernel_ran);
  EXPECT_TRUE(r.agree()) << format_backend_comparison(r);
  EXPECT_EQ(model.seen_profile, "linux");
  EXPECT_EQ(model.seen_latency, 10ms);
  EXPECT_EQ(kernel.seen_latency, 10ms);
  EXPECT_THAT(format_backend_comparison(r), Not(HasSubstr("note: the model ran with")));
  // Asked for, the model's link is replaced, and the comparison says so.
  CompareRunOptions loopback_like;
  loopback_like.model_latency = 20us;
  const BackendComparison replaced = compare_backends(s, model, kernel, {}, loopback_like);
  EXPECT_EQ(model.seen_latency, 20us);
  EXPECT_THAT(format_backend_comparison(replaced),
              HasSubstr("note: the model ran with a 20 us link"));
}

// An answer is timed from the arrival of what it answers: a link that delivered late (a loaded
// machine's queue) is not the answerer's doing, and a segment still in flight answers nothing.
// Two FINs sent at once each way cross on the link: which one a trace lists first is the
// scheduler's choice (the model's event order, the kernel's threads), so crossing segments are
// compared in one order; segments that do not cross keep theirs.
TEST(CompareTraces, CrossingSegmentsHaveNoOrderToCompare) {
  auto crossing_close = [](const char* backend, bool server_first) {
    TraceBuilder t(backend, 40000, 1, 2);
    t.seg("c>s", "S", 0, 0, 0).arriving(10);
    t.seg("s>c", "S.", 0, 1, 10).arriving(20);
    t.seg("c>s", ".", 1, 1, 20).arriving(30);
    const char* first = server_first ? "s>c" : "c>s";
    const char* second = server_first ? "c>s" : "s>c";
    t.seg(first, "F.", 1, 1, 1000).arriving(1010);
    t.seg(second, "F.", 1, 1, 1000.1).arriving(1010.1);
    t.seg(first, ".", 2, 2, 1010.1).arriving(1020.1);
    t.seg(second, ".", 2, 2, 1010.2).arriving(1020.2);
    return t;
  };
  const auto model = crossing_close("model", false);
  const auto kernel = crossing_close("kernel", true);
  const Comparison c = compare_traces(model.trace(), kernel.trace());
  EXPECT_TRUE(c.agree()) << format_comparison(c);
  EXPECT_EQ(c.differences.size(), 0u);
  // The server's FIN sent only once the client's had arrived: an answer, in its own order.
  TraceBuilder answered("kernel", 40000, 1, 2);
  answered.seg("c>s", "S", 0, 0, 0).arriving(10);
  answered.seg("s>c", "S.", 0, 1, 10).arriving(20);
  answered.seg("c>s", ".", 1, 1, 20).arriving(30);
  answered.seg("s>c", "F.", 1, 1, 1000).arriving(1010);
  answered.seg("c>s", ".", 1, 2, 1010).arriving(1020);
  answered.seg("c>s", "F.", 1, 2, 1011).arriving(1021);
  answered.seg("s>c", ".", 2, 2, 1021).arriving(1031);
  EXPECT_FALSE(compare_traces(model.trace(), answered.trace()).agree());
}

TEST(CompareTraces, AnAnswerIsTimedFromTheArrivalOfTheSegmentItAnswers) {
  TraceBuilder model("model", 40000, 1, 2);
  model.seg("c>s", "S", 0, 0, 0).arriving(10);
  model.seg("s>c", "S.", 0, 1, 10).arriving(20);
  model.seg("c>s", ".", 1, 1, 20).arriving(30);
  // The SYN held 37 ms by a loaded machine's queue, answered at once on arrival.
  TraceBuilder kernel("kernel", 40000, 1, 2);
  kernel.seg("c>s", "S", 0, 0, 0).arriving(37);
  kernel.seg("s>c", "S.", 0, 1, 37).arriving(47);
  kernel.seg("c>s", ".", 1, 1, 47).arriving(57);
  const Comparison c = compare_traces(model.trace(), kernel.trace());
  EXPECT_TRUE(c.agree()) << format_comparison(c);
  // Answered 30 ms after it arrived where the model answers at once: a difference, said so.
  TraceBuilder slow("kernel", 40000, 1, 2);
  slow.seg("c>s", "S", 0, 0, 0).arriving(10);
  slow.seg("s>c", "S.", 0, 1, 40).arriving(50);
  slow.seg("c>s", ".", 1, 1, 50).arriving(60);
  const Comparison d = compare_traces(model.trace(), slow.trace());
  ASSERT_EQ(d.differences.size(), 1u) << format_comparison(d);
  EXPECT_EQ(d.differences[0].right,
            "s>c S. 0 1 [server#2], 0.030 s after the segment it answers arrived");
}

TEST(CompareBackends, AKernelRunStoppedEarlyIsComparedUpToWhereItStopped) {
  // The model closes at 20 ms; the kernel, stopped by the caller at 15 ms, never got that far.
  FixedBackend model("model", four_way("model", 1, 1, 2, 0, 1).trace());
  TraceBuilder handshake("kernel", 2, 5, 6);
  handshake.seg("c>s", "S", 0, 0, 0)
      .seg("s>c", "S.", 0, 1, 0.02)
      .seg("c>s", ".", 1, 1, 0.04)
      .state("client#1", TcpState::Established, 0.04)
      .call("client.connect", "connect", 0, Errno::None, 0, 0.05);
  FixedBackend kernel("kernel", handshake.trace());
  Scenario s = LessonBuilder().scenario();
  EXPECT_FALSE(compare_backends(s, model, kernel, {}).comparison.agree())
      << "a kernel run that ran to its end and sent no FIN differs";
  kernel.stopped_at = kTimeZero + 15ms;
  const BackendComparison r = compare_backends(s, model, kernel, {});
  EXPECT_TRUE(r.comparison.agree()) << format_backend_comparison(r);
  EXPECT_THAT(format_backend_comparison(r),
              HasSubstr("compared the first 10 ms only: the kernel's run stopped there"));
}

TEST(CompareBackends, AModelStoppedByItsEventLimitIsNotComparedAndSaysHowToRaiseIt) {
  FixedBackend model("model", four_way("model", 1, 1, 2, 0, 1).trace());
  model.stopped_at = kTimeZero;
  model.stopped_by = StopCause::TraceLimit;
  FixedBackend kernel("kernel", four_way("kernel", 2, 5, 6, 0, 1).trace());
  const BackendComparison r = compare_backends(LessonBuilder().scenario(), model, kernel, {});
  EXPECT_FALSE(r.agree());
  EXPECT_TRUE(r.comparison.differences.empty()) << "nothing was compared";
  EXPECT_THAT(format_backend_comparison(r),
              HasSubstr("not compared: the model stopped at the limit on trace events "
                        "(--max-events) after 11 trace events: raise it (--max-events N)"));
}

TEST(CompareBackends, ALessonTheKernelCannotRunShowsItsNoteInsteadOfFailing) {
  FixedBackend model("model", Trace{});
  FixedBackend kernel("kernel", Trace{});
  Scenario s = LessonBuilder().scenario();
  const std::vector<std::string> why{"fault 1: needs netem"};
  EXPECT_FALSE(compare_backends(s, model, kernel, why).agree())
      << "no note: the lesson must say why";
  s.kernel_note = "random loss is the model's: the kernel cannot lose segments at random here";
  const BackendComparison r = compare_backends(s, model, kernel, why);
  EXPECT_FALSE(r.kernel_ran);
  EXPECT_TRUE(r.agree());
  EXPECT_THAT(format_backend_comparison(r), HasSubstr("random loss is the model's"));
  EXPECT_THAT(format_backend_comparison(r), HasSubstr("  - fault 1: needs netem"));
}

}  // namespace
}  // namespace tcplab::testing
