// The sandbox around kernel runs: it works without root, falls back to the host's loopback when it
// must (saying so), stays within its time limit, can be stopped, and leaves nothing behind.
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "export/jsonl.h"
#include "kernel_test_support.h"
#include "real/nfqueue_faults.h"
#include "real/run_answer.h"
#include "real/sandbox.h"
#include "support/trace_equal.h"

namespace tcplab::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Scenario three_segment_close() { return client_closes_first(Duration{0}); }

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p + "\n";
  return out;
}

struct ChildOutput {
  std::string text;
  bool cannot_run = false;  // the body threw KernelCannotRun; `text` says why
};

// Runs `body` in a forked process and returns what it wrote (the process exits after).
ChildOutput in_child(const std::function<std::string()>& body) {
  constexpr int kCannotRunStatus = 3;
  int fds[2];
  if (pipe(fds) != 0) return {"pipe failed"};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    int status = 0;
    try {
      out = body();
    } catch (const KernelCannotRun& e) {
      out = e.what();
      status = kCannotRunStatus;
    } catch (const std::exception& e) {
      out = std::string("exception: ") + e.what();
    }
    (void)!write(fds[1], out.data(), out.size());
    _exit(status);
  }
  close(fds[1]);
  ChildOutput out;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0)
    out.text.append(buffer, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  out.cannot_run = WIFEXITED(status) && WEXITSTATUS(status) == kCannotRunStatus;
  return out;
}

TEST(KernelSandbox, RunsWithoutRootInAUserNamespace) {
  const ChildOutput child = in_child([] {
    if (getuid() == 0) {
      // nobody: what an ordinary user has, no capabilities.
      if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
        return std::string("setuid failed");
    }
    KernelBackendOptions o;
    o.allow_host_fallback = false;  // never run on this machine's own loopback
    KernelBackend backend(o);
    RunOptions options;
    options.time_limit = 300ms;
    const RunResult r = backend.run(linger_reset(), options);
    return "uid " + std::to_string(getuid()) + "\n" + joined(warning_texts(r.trace)) + "--\n" +
           joined(segments(r.trace));
  });
  if (child.cannot_run) {
    GTEST_SKIP() << "unprivileged user namespaces are not allowed here: " << child.text;
  }
  const std::string& out = child.text;
  EXPECT_THAT(out, HasSubstr("uid 65534\n"));
  EXPECT_THAT(out, HasSubstr("--\nc>s S 0 0\ns>c S. 0 1\nc>s . 1 1\nc>s R. 1 1\n")) << out;
}

TEST(KernelSandbox, WithoutANamespaceRunsOnTheLoopbackItIsGivenAndSaysSo) {
  // The fallback runs on the loopback of the namespace it is in: give it a throwaway one, so the
  // test never touches the machine's own network.
  std::string result;
  const auto outcome = real::run_sandboxed(
      real::Isolation::PrivateNamespace,
      [](int) {
        KernelBackendOptions o;
        o.force_host_loopback = true;
        KernelBackend backend(o);
        RunOptions options;
        options.time_limit = 300ms;
        options.knobs = {{"tcp_fin_timeout", "30s"}, {"msl", "30s"}};
        const RunResult r = backend.run(linger_reset(), options);
        std::string cannot;
        try {
          Scenario with_drop = three_segment_close();
          FaultSpec drop;
          drop.match.flags = parse_tcpdump_flags(".");
          with_drop.faults.push_back(drop);
          backend.run(with_drop, options);
        } catch (const KernelCannotRun& e) {
          cannot = e.what();
        }
        return joined(warning_texts(r.trace)) + "--\n" + joined(segments(r.trace)) + "--\n" + cannot +
               "--\n" + std::string(to_string(r.trace.isolation)) + ": " + r.trace.isolation_reason;
      },
      30s);
  ASSERT_EQ(outcome.status, real::SandboxOutcome::Status::Finished) << outcome.message;
  const std::string& out = outcome.payload;
  EXPECT_THAT(out, HasSubstr("host's loopback")) << out;
  EXPECT_THAT(out, HasSubstr("not applied")) << out;
  EXPECT_THAT(out, HasSubstr("net.ipv4.tcp_fin_timeout = 30")) << out;
  EXPECT_THAT(out, HasSubstr("knob msl = 30s not applied")) << out;
  EXPECT_THAT(out, HasSubstr("--\nc>s S 0 0\ns>c S. 0 1\nc>s . 1 1\nc>s R. 1 1\n--\n")) << out;
  EXPECT_THAT(out, HasSubstr("needs nftables rules in a private network namespace")) << out;
  EXPECT_THAT(out, HasSubstr("--\nhost-loopback: asked for (force_host_loopback)")) << out;
}

// A server blocked in accept(): nobody connects, so only a limit or a stop ends the run.
Scenario server_waiting_for_nobody() {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.accept", accept("listener", "conn"));
  return b.scenario();
}

TEST(KernelSandbox, AProgramBlockedForeverIsStoppedByTheTimeLimit) {
  const Scenario blocked = server_waiting_for_nobody();
  const auto start = std::chrono::steady_clock::now();
  RUN_KERNEL(r, blocked, 200ms);
  const auto took = std::chrono::steady_clock::now() - start;
  SKIP_WITHOUT_NAMESPACE(r.trace);
  EXPECT_EQ(r.trace.isolation, Isolation::PrivateNamespace);
  EXPECT_EQ(r.trace.isolation_reason, "");
  EXPECT_FALSE(r.completed);
  EXPECT_THAT(joined(warning_texts(r.trace)), HasSubstr("time limit 200 ms")) << ladder(r.trace);
  EXPECT_THAT(joined(warning_texts(r.trace)), HasSubstr("blocked in a call"));
  EXPECT_EQ(call(r.trace, "server.accept"), nullptr) << "accept() never returned";
  EXPECT_THAT(states(r.trace, "server#1"), ElementsAre("LISTEN"));
  EXPECT_LT(took, 2s);
}

TEST(KernelSandbox, TheCallerCanStopARunEarly) {
  const Scenario blocked = server_waiting_for_nobody();
  KernelBackend backend;
  RunOptions options;
  options.time_limit = 60s;
  // The backend forks its sandbox: fork only once this thread is up and asleep, never while it
  // is being created (a fork racing thread creation can leave the child holding an allocator
  // lock). A jthread joins even if run() throws, so a failure is reported, not an abort.
  std::atomic<bool> asleep{false};
  std::jthread stopper([&backend, &asleep] {
    asleep.store(true);
    std::this_thread::sleep_for(300ms);
    backend.request_stop();
  });
  while (!asleep.load()) std::this_thread::yield();
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = backend.run(blocked, options);
  const auto took = std::chrono::steady_clock::now() - start;
  stopper.join();
  SKIP_WITHOUT_NAMESPACE(r.trace);
  EXPECT_FALSE(r.completed);
  EXPECT_THAT(joined(warning_texts(r.trace)), HasSubstr("asked to stop")) << ladder(r.trace);
  EXPECT_LT(took, 3s);
}

TEST(KernelSandbox, AStopAskedForBeforeTheRunStopsItAsSoonAsItStarts) {
  // The GUI's Stop button can be pressed while the run is still being set up.
  const Scenario blocked = server_waiting_for_nobody();
  KernelBackend backend;
  RunOptions options;
  options.time_limit = 60s;
  backend.request_stop();
  const auto start = std::chrono::steady_clock::now();
  const RunResult first = backend.run(blocked, options);
  const auto took = std::chrono::steady_clock::now() - start;
  SKIP_WITHOUT_NAMESPACE(first.trace);
  EXPECT_FALSE(first.completed);
  EXPECT_THAT(joined(warning_texts(first.trace)), HasSubstr("asked to stop")) << ladder(first.trace);
  EXPECT_LT(took, 3s);
  // The request was used up: the next run goes to its own limit.
  const RunResult second = backend.run(blocked, [] {
    RunOptions o;
    o.time_limit = 300ms;
    return o;
  }());
  EXPECT_FALSE(second.completed);
  EXPECT_THAT(joined(warning_texts(second.trace)), HasSubstr("time limit 300 ms"))
      << ladder(second.trace);
  EXPECT_THAT(joined(warning_texts(second.trace)), Not(HasSubstr("asked to stop")));
}

TEST(KernelSandbox, ForkHooksBracketEachForkInTheCallingProcess) {
  std::vector<std::string> calls;
  KernelBackendOptions options;
  const pid_t self = getpid();
  options.before_fork = [&calls, self] { calls.push_back(getpid() == self ? "before" : "child"); };
  options.after_fork = [&calls, self] { calls.push_back(getpid() == self ? "after" : "child"); };
  KernelBackend backend(options);
  const Scenario s = three_segment_close();
  RunOptions run;
  run.time_limit = 300ms;
  const RunResult r = backend.run(s, run);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  // One fork (the namespace was made), bracketed, and never called in the child.
  EXPECT_THAT(calls, ElementsAre("before", "after"));
}

TEST(KernelSandbox, NothingSurvivesARun) {
  Scenario s = three_segment_close();
  RUN_KERNEL(r, s, 300ms);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  // The process that ran the programs died with the namespace.
  EXPECT_EQ(children_of_this_process(), 0u);
  // The server's address was never bound in this process's own namespace.
  std::ifstream tcp("/proc/net/tcp");
  std::stringstream all;
  all << tcp.rdbuf();
  EXPECT_THAT(all.str(), ::testing::Not(HasSubstr("0200007F:15B3")))
      << "127.0.0.2:5555 left behind";
  // And so did the client's TIME-WAIT, alive when the run ended.
  SKIP_IF_TIME_WAIT_ENDED_BY_LOAD(r.trace);
  EXPECT_EQ(states(r.trace, "client#1").back(), "TIME-WAIT");
}

TEST(KernelFaults, FaultsTheKernelCannotReplayAreRefusedWithTheReason) {
  Scenario s = three_segment_close();
  FaultSpec delay;
  delay.action = FaultAction::Delay;
  delay.delay = 100ms;
  delay.description = "hold the FIN back";
  s.faults.push_back(delay);
  FaultSpec random;
  random.action = FaultAction::RandomLoss;
  random.probability = 0.1;
  s.faults.push_back(random);
  s.kernel_note = "random loss is the model's";
  KernelBackend backend;
  const auto reasons = backend.cannot_run(s, {});
  // A delay runs through the netfilter queue where a namespace can have one.
  const bool queue = real::nfqueue_availability().available;
  ASSERT_EQ(reasons.size(), queue ? 2u : 3u);
  std::size_t i = 0;
  if (!queue) {
    EXPECT_THAT(reasons[i], HasSubstr("fault 1 (hold the FIN back): "));
    EXPECT_THAT(reasons[i++], HasSubstr("netfilter queue"));
  }
  EXPECT_THAT(reasons[i++], HasSubstr("fault 2: random loss"));
  EXPECT_THAT(reasons[i], HasSubstr("lesson note: random loss is the model's"));
  EXPECT_THROW(backend.run(s, {}), KernelCannotRun);
}

TEST(KernelFaults, OnlyLoopbackAddressesAreUsed) {
  LessonBuilder b;
  b.step("client", "client.socket", sock("s"))
      .step("client", "client.connect", connect("s", "10.0.0.1:80"));
  Scenario s = b.scenario();
  s.hosts[1].address = Ipv4{0xc0a80001};  // 192.168.0.1
  KernelBackend backend;
  const auto reasons = backend.cannot_run(s, {});
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_THAT(reasons[0], HasSubstr("host server has address 192.168.0.1, which is not loopback"));
  EXPECT_THAT(reasons[1], HasSubstr("step client.connect uses 10.0.0.1:80, which is not loopback"));
  EXPECT_THROW(backend.run(s, {}), KernelCannotRun);
}

// A trace with every field of every event type set to something other than its default.
Trace every_field_trace() {
  Trace t;
  t.backend = "kernel";
  t.profile = "linux";
  t.hosts = {"client", "server"};
  t.warnings = {Message::verbatim("a\twarning\nwith breaks \\ and tabs"),
                Message{"{0} went from {1} to {2}", {"client", "SYN-SENT", "CLOSED"}}};
  t.isolation = Isolation::HostLoopback;
  t.isolation_reason = "unshare:\tEPERM";
  SegmentEvent s;
  s.segment.src = addr("127.0.0.1:40000");
  s.segment.dst = addr("127.0.0.2:5555");
  s.segment.seq = SeqNum(4000000000u);
  s.segment.ack = SeqNum(17);
  s.segment.flags = TcpFlag::Syn;
  s.segment.window = 65000;
  s.segment.payload = std::string("hi\n\0\xff", 5);
  s.from = "client";
  s.to = "server";
  s.endpoint = "client#1";
  s.arrives_at = instant_from_ns(6);
  s.fate = SegmentFate::Dropped;
  s.fault = WireFault{WireAction::Dropped, "drop the client's SYN"};
  s.verdict = ReceiverVerdict(VerdictCode::OutOfOrder, {.first = 7, .second = 4000000000u});
  s.earlier_verdict = ReceiverVerdict(VerdictCode::TimeWaitNewSyn);
  s.reason = "drop it";
  s.retransmission = true;
  t.add_segment(instant_from_ns(5), s);
  t.add(instant_from_ns(6), StateEvent{"client",
                                       "client#1",
                                       {s.segment.src, s.segment.dst},
                                       TcpState::Closed,
                                       TcpState::SynSent,
                                       StateCause::Unspecified,
                                       1,
                                       0,
                                       StateSource::SockDiag});
  t.add(instant_from_ns(7), TimerEvent{"client", "client#1", TimerKind::TimeWait,
                                       TimerAction::Fired, instant_from_ns(60'000'000'007), 2});
  CallEvent c;
  c.host = "client";
  c.step = "client.recv";
  c.call = "recv";
  c.args = "16";
  c.fd = 3;
  c.result = -1;
  c.error = Errno::ConnectionReset;
  c.issued_at = instant_from_ns(7);
  c.endpoint = "client#1";
  c.data = "x\ty";
  c.asked_at = instant_from_ns(5);
  c.cpu_wait = Duration{2};
  t.add(instant_from_ns(8), c);
  CallEvent same = c;
  same.asked_at = same.issued_at;  // asked for and issued at once: still recorded as asked
  same.cpu_wait = Duration{0};
  t.add(instant_from_ns(8), same);
  t.add(instant_from_ns(9), NoteEvent{"server", "done"});
  return t;
}

// Sends `trace` from a sandboxed child to this process as the kernel backend does.
real::RunAnswer through_the_pipe(const Trace& trace, bool completed, std::int64_t end_ns,
                                 real::SandboxOutcome& outcome) {
  real::RunAnswer back;
  outcome = real::run_sandboxed_streamed(
      real::Isolation::HostLoopback,
      [&](int) -> real::AnswerWriter {
        return [&](std::ostream& out) { real::write_run_answer(trace, completed, end_ns, out); };
      },
      [&back](std::istream& in) { back = real::read_run_answer(in); }, 30s);
  return back;
}

TEST(KernelTrace, CrossesThePipeUnchanged) {
  const Trace t = every_field_trace();
  real::SandboxOutcome outcome;
  const real::RunAnswer back = through_the_pipe(t, false, 1234, outcome);
  ASSERT_EQ(outcome.status, real::SandboxOutcome::Status::Finished) << outcome.message;
  EXPECT_FALSE(back.completed);
  EXPECT_EQ(back.end_ns, 1234);
  EXPECT_EQ(trace_difference(t, back.trace), "");
  EXPECT_EQ(ladder(back.trace), ladder(t));
}

TEST(KernelTrace, AKernelRunsTraceCrossesThePipeUnchanged) {
  RUN_KERNEL(r, three_segment_close(), 2s);
  ASSERT_GT(r.trace.size(), 0u);
  real::SandboxOutcome outcome;
  const real::RunAnswer back = through_the_pipe(r.trace, r.completed, 7, outcome);
  ASSERT_EQ(outcome.status, real::SandboxOutcome::Status::Finished) << outcome.message;
  EXPECT_EQ(back.completed, r.completed);
  EXPECT_EQ(trace_difference(r.trace, back.trace), "");
}

TEST(KernelTrace, AChildThatDiesMidWriteIsACrashSayingWhereTheAnswerBrokeOff) {
  Trace big = every_field_trace();
  for (int i = 0; i < 20000; ++i) big.add(instant_from_ns(10 + i), NoteEvent{"", "filler"});
  const std::string answer = [&] {
    std::ostringstream out;
    real::write_run_answer(big, true, 0, out);
    return out.str();
  }();
  bool read_anything = false;
  const auto outcome = real::run_sandboxed_streamed(
      real::Isolation::HostLoopback,
      [&](int) -> real::AnswerWriter {
        return [&](std::ostream& out) {
          out << answer.substr(0, answer.size() / 2 + 3) << std::flush;
          kill(getpid(), SIGKILL);  // dies mid-line, mid-answer
        };
      },
      [&](std::istream& in) {
        read_anything = true;
        real::read_run_answer(in);
      },
      30s);
  EXPECT_TRUE(read_anything);
  EXPECT_EQ(outcome.status, real::SandboxOutcome::Status::Crashed);
  EXPECT_THAT(outcome.message, HasSubstr("died of signal 9 while sending its answer"))
      << outcome.message;
  EXPECT_THAT(outcome.message, HasSubstr("the answer breaks off at kernel run answer, trace:"))
      << outcome.message;
}

TEST(KernelTrace, AnAnswerCutShortAtALineEndIsRefusedWithTheEventCount) {
  std::ostringstream out;
  real::write_run_answer(every_field_trace(), true, 0, out);
  std::string text = out.str();
  text.erase(text.rfind('\n', text.size() - 2) + 1);  // the last event's line gone
  std::istringstream in(text);
  try {
    real::read_run_answer(in);
    FAIL() << "accepted an answer without its last event";
  } catch (const TraceFormatError& e) {
    EXPECT_STREQ(e.what(), "kernel run answer, trace:7: the answer stops after 5 of its 6 events");
  }
}

TEST(KernelTrace, AnAnswerIsReadWithinTheTraceFileLimits) {
  std::ostringstream out;
  real::write_run_answer(Trace{}, true, 0, out);
  std::string text = out.str() + R"({"t_ns":0,"type":"note","text":")" +
                     std::string(2 * 1024 * 1024, 'x') + "\"}\n";
  std::istringstream in(text);
  try {
    real::read_run_answer(in);
    FAIL() << "accepted a 2 MiB line";
  } catch (const TraceFormatError& e) {
    EXPECT_STREQ(e.what(),
                 "kernel run answer, trace:2: line longer than 1 MiB, the limit for one line of a "
                 "trace");
  }
  std::istringstream bad_run("{\"type\":\"run\"}\n");
  EXPECT_THROW(real::read_run_answer(bad_run), TraceFormatError);
  std::istringstream cut_run("{\"type\":\"run\",\"comp");
  try {
    real::read_run_answer(cut_run);
    FAIL() << "accepted a cut-off run line";
  } catch (const TraceFormatError& e) {
    EXPECT_STREQ(e.what(),
                 "kernel run answer:1: run: the line breaks off after 19 bytes, before its end");
  }
}

// An injection that stopped the run crosses the pipe in the run line: which one, and why.
TEST(KernelTrace, AnInjectionFailureCrossesThePipe) {
  std::ostringstream out;
  real::write_run_answer(every_field_trace(), false, 7, out,
                         real::InjectionFailure{2, "injection at 1 s: no connection"});
  std::istringstream in(out.str());
  const real::RunAnswer back = real::read_run_answer(in);
  ASSERT_TRUE(back.injection_failure);
  EXPECT_EQ(back.injection_failure->index, 2u);
  EXPECT_EQ(back.injection_failure->why, "injection at 1 s: no connection");
  EXPECT_FALSE(back.completed);
  EXPECT_EQ(back.trace.size(), every_field_trace().size());

  std::ostringstream plain;
  real::write_run_answer(Trace{}, true, 0, plain);
  std::istringstream plain_in(plain.str());
  EXPECT_FALSE(real::read_run_answer(plain_in).injection_failure);

  std::istringstream bad(
      R"({"type":"run","completed":false,"end_ns":0,"events":0,"injection_failure":{"index":-1}})"
      "\n");
  try {
    real::read_run_answer(bad);
    FAIL() << "accepted a malformed injection_failure";
  } catch (const TraceFormatError& e) {
    EXPECT_THAT(e.what(), HasSubstr("kernel run answer:1: run: injection_failure: expected "
                                    "{\"index\":N,\"why\":STRING}"));
  }
}

}  // namespace
}  // namespace tcplab::testing
