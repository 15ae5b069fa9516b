#include "gui/kernel_recording.h"

#include <utility>

#include "present/translate.h"

namespace tcplab::gui {

namespace {

// The recorded run as a Backend, so that compare_backends() treats it as it treats a live one.
class RecordedKernel : public Backend {
 public:
  explicit RecordedKernel(Trace trace) : trace_(std::move(trace)) {}
  std::string name() const override { return "kernel"; }
  RunResult run(const Scenario& scenario, const RunOptions& options) override {
    RunResult result;
    result.profile = resolve_profile(scenario, options);
    result.trace = trace_;
    return result;  // tcplab record keeps only runs that completed
  }

 private:
  Trace trace_;
};

class ModelThrough : public Backend {
 public:
  explicit ModelThrough(const LessonRunner& run) : run_(run) {}
  std::string name() const override { return "model"; }
  RunResult run(const Scenario& scenario, const RunOptions& options) override {
    return run_(scenario, options);
  }

 private:
  const LessonRunner& run_;
};

bool digits_then(const std::string& text, std::size_t& at) {
  const std::size_t start = at;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  return at > start;
}

}  // namespace

std::string linux_version(const std::string& release) {
  std::size_t at = 0;
  if (!digits_then(release, at) || at >= release.size() || release[at] != '.') return release;
  ++at;
  if (!digits_then(release, at)) return release;
  return release.substr(0, at);
}

std::string recording_label(const Trace& recording) {
  const std::string version =
      recording.kernel_release.empty() ? std::string("?") : linux_version(recording.kernel_release);
  const std::string date = recording.recorded_on.empty() ? std::string("?") : recording.recorded_on;
  // TRANSLATORS: {0} the Linux version ("6.1"), {1} the day it was recorded ("2026-12-03").
  return present::fill(present::tr("a recording from Linux {0}, {1}"), {version, date});
}

BackendComparison compare_with_recording(const Scenario& scenario, Trace recording,
                                         const LessonRunner& model) {
  ModelThrough model_backend(model);
  RecordedKernel kernel(std::move(recording));
  return compare_backends(scenario, model_backend, kernel, {}, CompareRunOptions{});
}

}  // namespace tcplab::gui
