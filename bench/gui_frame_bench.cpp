// CPU time to build one frame of the ladder diagram (TimelineIndex already built, as in the GUI):
//   bench/gui_frame_bench --benchmark_filter=BuildFrame
// Arguments: segments in the trace (1,000 is the baseline; 100,000 the port-exhaustion lesson
// scaled up), from the model's run of that many short connections. "Fit" shows the whole trace
// (everything merged into a few hundred items); "Zoomed" one second around the middle; "Detail"
// 20 ms, where every arrow and label is drawn.
#include <map>

#include <benchmark/benchmark.h>

#include "gui/lane_layout.h"
#include "gui/timeline_builder.h"
#include "scenario/model_backend.h"
#include "support/many_connections.h"

namespace tcplab::gui {
namespace {

// SYN, SYN-ACK, ACK, FIN, FIN-ACK, ACK: the server's FIN carries the ACK of the client's.
constexpr std::size_t kSegmentsPerConnection = 6;
constexpr float kWidthPx = 930;  // the timeline panel in a 1600 x 1000 window
constexpr float kHeightPx = 900;
constexpr double kZoomedSpanNs = 1e9;
constexpr double kDetailSpanNs = 20e6;  // 20 ms: a connection, every arrow and label drawn

// Enough of the model's short connections for about `segments` segments.
Scenario many_connections(std::size_t segments) {
  return testing::many_connections(static_cast<int>(segments / kSegmentsPerConnection));
}

struct Fixture {
  Trace trace;
  TimelineIndex index;
  explicit Fixture(std::size_t segments)
      : trace(ModelBackend().run(many_connections(segments), {}).trace),
        index(trace, FoldPolicy{}) {}
};

Fixture& fixture(std::size_t segments) {
  static std::map<std::size_t, std::unique_ptr<Fixture>> cache;
  auto& f = cache[segments];
  if (!f) f = std::make_unique<Fixture>(segments);
  return *f;
}

TimelineFrame frame_for() {
  TimelineFrame frame;
  frame.width = kWidthPx;
  frame.height = kHeightPx;
  frame.line_height = 18;
  frame.char_width = 10;
  return frame;
}

void run(benchmark::State& state, double span_ns) {
  const Fixture& f = fixture(static_cast<std::size_t>(state.range(0)));
  TimelineFrame frame = frame_for();
  const LaneLayout layout = layout_lanes(f.index, frame);
  TimelineView view;
  const auto begin = static_cast<double>(f.index.fold().fold(f.index.begin_ns()));
  const auto end = static_cast<double>(f.index.fold().fold(f.index.end_ns()));
  const float content = frame.height - (layout.content_top - frame.origin.y);
  // Zoomed views start at the middle segment, where connections are busiest.
  const auto& sent = f.index.segments().sent_ns;
  const auto middle = static_cast<double>(f.index.fold().fold(sent[sent.size() / 2]));
  if (span_ns > 0) {
    fit_range(view, middle, middle + span_ns, content, 0);
  } else {
    fit_range(view, begin, end, content, frame.line_height);
  }
  frame.has_cursor = true;
  frame.cursor_ns = sent[sent.size() / 2];
  FrameGeometry geometry;
  for (auto _ : state) {
    build_timeline(f.index, view, frame, geometry);
    benchmark::DoNotOptimize(geometry.lines.data());
  }
  state.counters["segments"] = static_cast<double>(f.trace.segment_count());
  state.counters["primitives"] = static_cast<double>(geometry.primitive_count());
}

void BM_BuildFrameFit(benchmark::State& state) { run(state, 0); }
void BM_BuildFrameZoomed(benchmark::State& state) { run(state, kZoomedSpanNs); }
void BM_BuildFrameDetail(benchmark::State& state) { run(state, kDetailSpanNs); }

void BM_IndexTrace(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    TimelineIndex index(f.trace, FoldPolicy{});
    benchmark::DoNotOptimize(index.segments().size());
  }
}

BENCHMARK(BM_BuildFrameFit)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildFrameZoomed)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildFrameDetail)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_IndexTrace)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tcplab::gui

BENCHMARK_MAIN();
