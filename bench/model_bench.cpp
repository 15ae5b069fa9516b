// What the model costs: a whole connection lifecycle, many connections in a row, and the memory
// of a million TIME-WAIT entries — each beside a baseline run in the same process: the real
// kernel doing the same connect/accept/close cycles on loopback.
#include <limits>

#include <benchmark/benchmark.h>
#include <malloc.h>

#include "core/time_wait_table.h"
#include "kernel_baseline.h"
#include "scenario/model_backend.h"
#include "support/many_connections.h"
#include "support/scenario_builder.h"

namespace tcplab::bench {
namespace {

using namespace std::chrono_literals;
using namespace tcplab::testing;

// Handshake, a little data, the four-way close and TIME-WAIT expiry: one lesson's worth.
Scenario lifecycle() {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"))
      .step("server", recv_call("c"))
      .step("server", close_call("c"));
  b.step("client", socket_call("s"))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", send_call("s", "hello"))
      .step("client", close_call("s"));
  return b.build();
}

// `n` connect/accept/close cycles, the client closing first (as the kernel baseline does), on a
// loopback-like link; tcp_tw_reuse (the Linux default on loopback) recycles the ports.
Scenario cycles(int n) { return testing::many_connections(n, 20us); }

void BM_ModelLessonLifecycle(benchmark::State& state) {
  const Scenario s = lifecycle();
  std::size_t events = 0;
  for (auto _ : state) {
    RunResult r = ModelBackend().run(s, {});
    events = r.trace.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["trace_events"] = static_cast<double>(events);
}
BENCHMARK(BM_ModelLessonLifecycle)->Unit(benchmark::kMicrosecond);

void BM_ModelCycles(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const bool record = state.range(1) != 0;
  const Scenario s = cycles(n);
  RunOptions o;
  o.record_trace = record;
  o.max_events = std::numeric_limits<std::uint64_t>::max();  // recorded cycles pass the default
  for (auto _ : state) {
    RunResult r = ModelBackend().run(s, o);
    if (!r.completed) state.SkipWithError("the run hit a limit");
    benchmark::DoNotOptimize(r);
  }
  state.counters["cycles_per_s"] =
      benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ModelCycles)
    ->Args({20'000, 0})
    ->Args({20'000, 1})
    ->Args({100'000, 0})
    ->ArgNames({"cycles", "trace"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

// Baseline, side by side: the same 20,000 cycles on the real kernel's loopback.
void BM_KernelCycles(benchmark::State& state) {
  static const std::optional<std::string> netns_error = enter_private_network();
  if (netns_error) {
    state.SkipWithError(("no private network namespace: " + *netns_error).c_str());
    return;
  }
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    std::string error;
    if (!kernel_cycles(n, error)) {
      state.SkipWithError(error.c_str());
      return;
    }
    state.PauseTiming();
    // A fresh namespace, so this round's TIME-WAIT entries do not hold the next round's ports.
    if (auto e = enter_private_network()) state.SkipWithError(e->c_str());
    state.ResumeTiming();
  }
  state.counters["cycles_per_s"] =
      benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KernelCycles)
    ->Arg(20'000)
    ->ArgName("cycles")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

// A million TIME-WAIT entries in the structure every host keeps them in.
void BM_TimeWaitMillionMemory(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  double bytes = 0;
  for (auto _ : state) {
    // In-use heap: small blocks (uordblks) plus mmapped ones (hblkhd), where big tables live.
    const auto in_use = [] {
      const auto m = mallinfo2();
      return m.uordblks + m.hblkhd;
    };
    const auto before = in_use();
    {
      TimeWaitTable table;
      for (int i = 0; i < n; ++i) {
        const auto u = static_cast<std::uint32_t>(i);
        const FourTuple t{
            {Ipv4{0x7f000002}, 5555},
            {Ipv4{0x7f000000u + 1 + (u >> 16)}, static_cast<std::uint16_t>(u & 0xffff)}};
        TimeWaitRecord r;
        r.deadline = kTimeZero + 60s;
        table.insert(t, r);
      }
      bytes = static_cast<double>(in_use() - before);
      benchmark::DoNotOptimize(table);
    }
  }
  state.counters["MB"] = bytes / 1e6;
  state.counters["bytes_per_entry"] = bytes / n;
}
BENCHMARK(BM_TimeWaitMillionMemory)
    ->Arg(1'000'000)
    ->ArgName("entries")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace tcplab::bench

BENCHMARK_MAIN();
