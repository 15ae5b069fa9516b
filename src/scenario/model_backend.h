#pragma once
// The model backend: runs a Scenario on the simulated network of src/core, deterministically.
#include "scenario/backend.h"

namespace tcplab {

class ModelBackend final : public Backend {
 public:
  std::string name() const override { return "model"; }
  // Throws ScenarioError for a scenario that cannot run (unknown host, bad knob, limit reached
  // is NOT an error: the result says completed = false and the trace carries a warning).
  RunResult run(const Scenario& scenario, const RunOptions& options) override;
};

}  // namespace tcplab
