#pragma once
// A backend runs a Scenario and returns its Trace: the model (src/core simulator) or the real
// Linux kernel (src/real). Views and checks only ever see the Trace.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/profile.h"
#include "core/trace.h"
#include "scenario/scenario.h"

namespace tcplab {

// A mistake in a scenario or in the options given to run it: says where and what.
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, const std::string& what)
      : std::runtime_error(where.to_string().empty() ? what : where.to_string() + ": " + what),
        where_(std::move(where)) {}
  const SourceLocation& where() const { return where_; }

 private:
  SourceLocation where_;
};

// Events a model run's trace may hold unless told otherwise (`--max-events`): lessons make a few
// hundred, the 28,000-connection port exhaustion about 990,000. As many as a trace file may hold
// (export/trace_limits.h), so that what a run writes can be read back; about 300 MB.
inline constexpr std::uint64_t kDefaultMaxEvents = 1'000'000;

struct RunOptions {
  std::optional<std::string> profile;                      // overrides the lesson's profile
  std::vector<std::pair<std::string, std::string>> knobs;  // applied after the lesson's own
  std::optional<std::uint64_t> seed;
  std::vector<FaultSpec> extra_faults;  // GUI: "drop this one"
  std::optional<Duration> time_limit;   // kernel: stop waiting earlier
  // The model stops once its trace holds this many events (completed = false, a warning says so).
  std::uint64_t max_events = kDefaultMaxEvents;
  bool record_trace = true;  // false: run for the outcome only (benchmarks); the trace stays empty
};

// What ended a run before the scenario was done.
enum class StopCause { None, TimeLimit, EventLimit, TraceLimit, Asked };
// Worded by stop_cause_text() (scenario/comparison_note.h).

struct RunResult {
  Trace trace;
  Profile profile;        // the profile the run used, overrides applied
  bool completed = true;  // false when a limit stopped the run (see trace.warnings)
  StopCause stopped_by = StopCause::None;
  // When it stopped early (a limit, or the caller asked), on the trace's clock, if known.
  std::optional<Instant> stopped_at;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;  // "model", "kernel"
  virtual RunResult run(const Scenario& scenario, const RunOptions& options) = 0;
};

// The profile a scenario runs with: named profile, then the lesson's knobs, then the options'.
// Throws ScenarioError naming the bad knob.
Profile resolve_profile(const Scenario& scenario, const RunOptions& options);

}  // namespace tcplab
