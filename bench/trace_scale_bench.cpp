// A big trace end to end: the port-exhaustion lesson at the default ephemeral port range
// (32768-60999, 28,232 ports; seed 004 counted its TIME_WAIT sockets with netstat), scaled to
// 28,000 short connections — about a million events. Goals (issue #11): recorded and indexed for
// the GUI in < 1.5 s and < 250 MB; opened from its JSON-lines file in < 2 s.
//   bench/trace_scale_bench
// Each benchmark reports its time, the events, and as counters the heap its result keeps
// (retained_MB) and the peak resident memory of the same work done once by a fresh process
// (peak_MB: this program run again with --measure, the figure /usr/bin/time -v calls "Maximum
// resident set size").
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "export/jsonl.h"
#include "gui/session.h"
#include "scenario/model_backend.h"
#include "support/many_connections.h"

namespace tcplab::bench {
namespace {

constexpr int kConnections = 28'000;

// On a loopback-like link (20 µs) all 28,000 happen within TIME-WAIT's 60 s: the client ends up
// holding 28,000 of its 28,232 ports in TIME-WAIT (the counter time_wait_max shows it).
Scenario port_exhaustion() {
  return testing::many_connections(kConnections, std::chrono::microseconds(20));
}

RunOptions full_trace() {
  RunOptions o;
  o.record_trace = true;
  o.max_events = std::numeric_limits<std::uint64_t>::max();
  return o;
}

// What the GUI holds for a trace it shows: the trace, its timeline index and its state census.
std::unique_ptr<gui::Session> shown(Trace trace) {
  auto session = std::make_unique<gui::Session>();
  session->show(std::move(trace), "port exhaustion");
  return session;
}

std::unique_ptr<gui::Session> open_jsonl(const std::string& file) {
  std::ifstream in(file);
  return shown(read_jsonl(in, file));
}

// The three pieces of work measured, by name (for --measure).
void work(std::string_view what, const std::string& file) {
  if (what == "record") {
    benchmark::DoNotOptimize(ModelBackend().run(port_exhaustion(), full_trace()));
  } else if (what == "record-and-index") {
    benchmark::DoNotOptimize(shown(ModelBackend().run(port_exhaustion(), full_trace()).trace));
  } else if (what == "open") {
    benchmark::DoNotOptimize(open_jsonl(file));
  }
}

// In-use heap: small blocks (uordblks) plus mmapped ones (hblkhd).
double heap_in_use() {
  const auto m = mallinfo2();
  return static_cast<double>(m.uordblks + m.hblkhd);
}

// Peak resident memory, in MB, of a fresh process doing `what` once; 0 if it could not be run.
double peak_mb(const char* what, const std::string& file = "") {
  const pid_t pid = fork();
  if (pid < 0) return 0;
  if (pid == 0) {
    execl("/proc/self/exe", "trace_scale_bench", "--measure", what, file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return 0;
  }
  return static_cast<double>(usage.ru_maxrss) * 1024 / 1e6;  // ru_maxrss is in KiB
}

void report(benchmark::State& state, std::size_t events, double retained_bytes, double peak) {
  state.counters["events"] = static_cast<double>(events);
  state.counters["retained_MB"] = retained_bytes / 1e6;
  state.counters["bytes_per_event"] = retained_bytes / static_cast<double>(events);
  state.counters["peak_MB"] = peak;
}

// The most sockets of one host in TIME-WAIT at once (netstat's count at its worst).
std::size_t most_in_time_wait(const Trace& trace) {
  std::size_t now = 0, most = 0;
  for (const TraceEvent& e : trace.events()) {
    const auto* change = get_if<StateEvent>(&e.body);
    if (!change) continue;
    if (change->to == TcpState::TimeWait) most = std::max(most, ++now);
    if (change->from == TcpState::TimeWait && now > 0) --now;
  }
  return most;
}

// The model run with the full trace, as `tcplab run` and the GUI make it.
void BM_PortExhaustionRecord(benchmark::State& state) {
  const Scenario s = port_exhaustion();
  std::size_t events = 0;
  std::size_t time_wait = 0;
  double retained = 0;
  for (auto _ : state) {
    const double before = heap_in_use();
    RunResult r = ModelBackend().run(s, full_trace());
    if (!r.completed) state.SkipWithError("the run hit a limit");
    events = r.trace.size();
    retained = heap_in_use() - before;
    state.PauseTiming();
    time_wait = most_in_time_wait(r.trace);
    state.ResumeTiming();
    benchmark::DoNotOptimize(r);
  }
  state.counters["time_wait_max"] = static_cast<double>(time_wait);
  report(state, events, retained, peak_mb("record"));
}
BENCHMARK(BM_PortExhaustionRecord)->Unit(benchmark::kMillisecond)->Iterations(2);

// Recorded and indexed for the GUI: its timeline index and state census (goal: < 1.5 s, < 250 MB).
void BM_PortExhaustionRecordAndIndex(benchmark::State& state) {
  const Scenario s = port_exhaustion();
  std::size_t events = 0;
  double retained = 0;
  for (auto _ : state) {
    const double before = heap_in_use();
    const auto done = shown(ModelBackend().run(s, full_trace()).trace);
    events = done->trace().size();
    retained = heap_in_use() - before;
    benchmark::DoNotOptimize(done);
  }
  report(state, events, retained, peak_mb("record-and-index"));
}
BENCHMARK(BM_PortExhaustionRecordAndIndex)->Unit(benchmark::kMillisecond)->Iterations(2);

// Opening the saved run: the JSON-lines file read back and indexed, what `tcplab-gui --trace`
// does before its first frame (goal: < 2 s).
void BM_PortExhaustionOpenJsonl(benchmark::State& state) {
  const std::string file = (std::filesystem::temp_directory_path() /
                            ("tcplab-bench-" + std::to_string(getpid()) + ".jsonl"))
                               .string();
  {
    std::ofstream out(file);
    write_jsonl(ModelBackend().run(port_exhaustion(), full_trace()).trace, out);
  }
  std::size_t events = 0;
  double retained = 0;
  for (auto _ : state) {
    const double before = heap_in_use();
    const auto opened = open_jsonl(file);
    events = opened->trace().size();
    retained = heap_in_use() - before;
    benchmark::DoNotOptimize(opened);
  }
  report(state, events, retained, peak_mb("open", file));
  state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(file)) / 1e6;
  std::filesystem::remove(file);
}
BENCHMARK(BM_PortExhaustionOpenJsonl)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace tcplab::bench

// Besides the benchmarks:
//   trace_scale_bench --save-jsonl FILE   writes the run's JSON-lines file, for timing the GUI:
//     xvfb-run -a /usr/bin/time -v build/default/src/gui/tcplab-gui --trace FILE --screenshot x.png
//   trace_scale_bench --measure WHAT [FILE]   does one piece of work once (peak_mb runs it).
int main(int argc, char** argv) {
  using namespace tcplab;
  if (argc == 3 && std::string_view(argv[1]) == "--save-jsonl") {
    std::ofstream out(argv[2]);
    write_jsonl(ModelBackend().run(bench::port_exhaustion(), bench::full_trace()).trace, out);
    return out ? 0 : 1;
  }
  if (argc >= 3 && std::string_view(argv[1]) == "--measure") {
    bench::work(argv[2], argc >= 4 ? argv[3] : "");
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
