#pragma once
// `tcplab compare`: one scenario run on the model (under the linux profile) and on the real
// kernel, and the comparison of the two traces. Backend-independent: the kernel backend is passed
// in, so this file builds where src/real does not.
#include <string>
#include <vector>

#include "scenario/backend.h"
#include "scenario/compare.h"
#include "scenario/comparison_note.h"

namespace tcplab {

struct CompareRunOptions {
  RunOptions run;  // given to both backends (the model's profile is forced to linux)
  CompareOptions compare;
  // The model's one-way latency instead of the lesson's; nullopt (the default) keeps the lesson's,
  // which the kernel backend applies too (its netfilter queue holds every segment that long,
  // real/nfqueue_faults.h), so both run on the same link.
  std::optional<Duration> model_latency;
};

struct BackendComparison {
  RunResult model;
  RunResult kernel;
  Comparison comparison;
  bool kernel_ran = false;
  // Why the kernel could not run the lesson (one sentence each), when it could not.
  std::vector<std::string> kernel_cannot_run;
  // What to tell the reader besides the differences: the lesson's kernel note, the latency used.
  std::vector<ComparisonNote> notes;
  bool lesson_explains_kernel = false;  // the lesson has a kernel_note
  // Why the two runs were not compared although the kernel ran (the model stopped at a limit on
  // events, so there is no model run to compare with); nullopt when they were.
  std::optional<NotCompared> not_compared;

  // The runs agree, or the lesson says why the kernel cannot (fully) run it (its kernel_note):
  // then the differences are shown beside the note, not counted as a failure.
  bool agree() const;
};

// Runs both and compares. `kernel_cannot_run(scenario)` (the kernel backend's own check) decides
// whether the kernel is tried; any other failure of either run propagates as an exception.
BackendComparison compare_backends(const Scenario& scenario, Backend& model, Backend& kernel,
                                   const std::vector<std::string>& kernel_cannot_run,
                                   const CompareRunOptions& options = {});

// The report `tcplab compare` prints: notes, then format_comparison(), or why the kernel could not
// run.
std::string format_backend_comparison(const BackendComparison& result);

}  // namespace tcplab
