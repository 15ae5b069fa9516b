#pragma once
// A packetdrill script as a backend, so tcplab-gui opens FILE.pkt like a lesson: the script runs
// on the model, or on the real kernel, and the two runs stand side by side and are compared as a
// lesson's are. The scenario is packetdrill::scenario_for()'s: its source_file is the script.
#include <string>
#include <utility>

#include "app/backends.h"
#include "packetdrill/script_runner.h"
#include "scenario/backend.h"

namespace tcplab {

// True for a scenario made from a packetdrill script (its source file is a .pkt).
bool is_script_scenario(const Scenario& scenario);

// The script's verdict as a line the views show: "FILE:12:3: the script failed: expected ...".
// Empty when every expectation was met.
std::string script_failure_line(const packetdrill::ScriptRun& run);

class ScriptBackend : public Backend {
 public:
  enum class On { Model, Kernel };
  // `hooks` run around the kernel run's fork (the GUI's fork gate).
  explicit ScriptBackend(On on, ForkCallbacks hooks = {}) : on_(on), hooks_(std::move(hooks)) {}
  std::string name() const override { return on_ == On::Model ? "model" : "kernel"; }
  // Loads scenario.source_file and runs it; a failed expectation becomes the trace's warning
  // (the run stops there, as packetdrill does). Throws ScriptError for a script that cannot run.
  RunResult run(const Scenario& scenario, const RunOptions& options) override;

 private:
  On on_;
  ForkCallbacks hooks_;
};

}  // namespace tcplab
