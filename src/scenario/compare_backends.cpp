#include "scenario/compare_backends.h"

#include <algorithm>

#include "present/time_text.h"
#include "present/message_text.h"

namespace tcplab {

namespace {

constexpr std::int64_t kCutMarginNs = 50'000'000;
// A kernel run stopped by its caller recorded everything up to the stop: only what was in flight.
constexpr std::int64_t kStopMarginNs = 5'000'000;

// When the first socket call was made: the instant both backends' timelines are aligned on.
std::int64_t first_call_ns(const Trace& t) {
  for (const auto& e : t.events()) {
    if (const auto* c = get_if<CallEvent>(&e.body)) return to_ns(c->issued_at);
  }
  return 0;
}

// The part of `trace` up to `until_ns` after its first call (same events, same segment ids).
Trace truncated(const Trace& trace, std::int64_t until_ns) {
  Trace out;
  out.backend = trace.backend;
  out.profile = trace.profile;
  out.hosts = trace.hosts;
  out.warnings = trace.warnings;
  out.isolation = trace.isolation;
  out.isolation_reason = trace.isolation_reason;
  out.kernel_release = trace.kernel_release;
  out.recorded_on = trace.recorded_on;
  const std::int64_t origin = first_call_ns(trace);
  for (const auto& e : trace.events()) {
    if (to_ns(e.at) - origin > until_ns) break;
    if (const auto* s = get_if<SegmentEvent>(&e.body)) {
      out.add_segment(e.at, *s);
    } else {
      out.add(e.at, e.body);
    }
  }
  return out;
}

}  // namespace

bool BackendComparison::agree() const {
  // A lesson that records why the kernel cannot (fully) run it shows that note, not a failure.
  if (!kernel_ran) return lesson_explains_kernel;
  if (not_compared) return false;
  return comparison.agree() || lesson_explains_kernel;
}

BackendComparison compare_backends(const Scenario& scenario, Backend& model, Backend& kernel,
                                   const std::vector<std::string>& kernel_cannot_run,
                                   const CompareRunOptions& options) {
  BackendComparison result;
  if (!scenario.kernel_note.empty()) {
    result.notes.push_back({.kind = ComparisonNote::Kind::LessonKernelNote,
                            .text = scenario.kernel_note});
    result.lesson_explains_kernel = true;
  }

  Scenario for_model = scenario;
  if (options.model_latency && *options.model_latency != scenario.link.latency) {
    for_model.link.latency = *options.model_latency;
    result.notes.push_back({.kind = ComparisonNote::Kind::ModelLinkReplaced,
                            .model_latency = *options.model_latency,
                            .lesson_latency = scenario.link.latency});
  }
  RunOptions model_options = options.run;
  model_options.profile = "linux";
  result.model = model.run(for_model, model_options);

  if (!kernel_cannot_run.empty()) {
    result.kernel_cannot_run = kernel_cannot_run;
    return result;
  }
  result.kernel = kernel.run(scenario, options.run);
  result.kernel_ran = true;
  if (result.model.completed && result.kernel.completed) {
    result.comparison = compare_traces(result.model.trace, result.kernel.trace, options.compare);
    return result;
  }
  if (result.model.stopped_by == StopCause::EventLimit ||
      result.model.stopped_by == StopCause::TraceLimit) {
    result.not_compared = NotCompared{result.model.stopped_by, result.model.trace.size()};
    return result;
  }
  // A run stopped before its end (a limit, or the caller): compare what both had done by the time
  // the first of them stopped, less a margin for the kernel's own pace.
  const std::int64_t limit_ns = options.run.time_limit.value_or(scenario.time_limit).count();
  std::int64_t until = limit_ns - kCutMarginNs;
  ComparisonNote cut{.kind = ComparisonNote::Kind::ComparedPrefix};
  if (!result.kernel.completed && result.kernel.stopped_at) {
    const std::int64_t kernel_ns =
        to_ns(*result.kernel.stopped_at) - first_call_ns(result.kernel.trace);
    if (kernel_ns - kStopMarginNs < until) {
      until = kernel_ns - kStopMarginNs;
      cut.cut = ComparisonNote::Cut::KernelStopped;
      cut.kernel_stopped_by = result.kernel.stopped_by;
    }
  }
  until = std::max<std::int64_t>(0, until);
  cut.compared = Duration{until};
  result.notes.push_back(cut);
  result.comparison = compare_traces(truncated(result.model.trace, until),
                                     truncated(result.kernel.trace, until), options.compare);
  return result;
}

std::string format_backend_comparison(const BackendComparison& r) {
  std::string out;
  for (const auto& n : r.notes) out += "note: " + comparison_note_text(n) + "\n";
  if (!r.kernel_ran) {
    out += "the kernel cannot run this lesson here:\n";
    for (const auto& why : r.kernel_cannot_run) out += "  - " + why + "\n";
    return out;
  }
  for (const auto& w : r.kernel.trace.warnings) out += "kernel: " + present::message_text(w) + "\n";
  if (r.not_compared) return out + "not compared: " + not_compared_text(*r.not_compared) + "\n";
  out += format_comparison(r.comparison);
  if (!r.comparison.agree() && r.lesson_explains_kernel)
    out += "(the lesson's note on the kernel explains the differences)\n";
  return out;
}

}  // namespace tcplab
