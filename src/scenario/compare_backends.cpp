#include "scenario/compare_backends.h"

namespace tcplab {

bool BackendComparison::agree() const {
  if (!kernel_ran) return lesson_explains_kernel;
  return comparison.agree();
}

BackendComparison compare_backends(const Scenario& scenario, Backend& model, Backend& kernel,
                                   const std::vector<std::string>& kernel_cannot_run,
                                   const CompareRunOptions& options) {
  BackendComparison result;
  if (!scenario.kernel_note.empty()) {
    result.notes.push_back("lesson's note on the kernel: " + scenario.kernel_note);
    result.lesson_explains_kernel = true;
  }

  Scenario for_model = scenario;
  if (options.model_latency && *options.model_latency != scenario.link.latency) {
    for_model.link.latency = *options.model_latency;
    result.notes.push_back("the model ran with a " + format_duration(*options.model_latency) +
                           " link (loopback-like) instead of the lesson's " +
                           format_duration(scenario.link.latency) + ", so that timings compare");
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
  result.comparison = compare_traces(result.model.trace, result.kernel.trace, options.compare);
  return result;
}

std::string format_backend_comparison(const BackendComparison& r) {
  std::string out;
  for (const auto& n : r.notes) out += "note: " + n + "\n";
  if (!r.kernel_ran) {
    out += "the kernel cannot run this lesson here:\n";
    for (const auto& why : r.kernel_cannot_run) out += "  - " + why + "\n";
    return out;
  }
  for (const auto& w : r.kernel.trace.warnings) out += "kernel: " + w + "\n";
  out += format_comparison(r.comparison);
  return out;
}

}  // namespace tcplab
