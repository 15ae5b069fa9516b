#pragma once
// Judges a lesson's checks against a Trace. Only the Trace is read, so the model's runs and the
// kernel's runs are held to the same checks.
#include <string>
#include <vector>

#include "core/trace.h"
#include "scenario/scenario.h"

namespace tcplab {

struct CheckOutcome {
  std::size_t index = 0;  // 1-based position of the check in the lesson
  CheckSpec spec;
  bool passed = false;
  std::string expected;  // "client's socket 's' in TIME-WAIT at 61 s after client.close"
  std::string actual;    // "CLOSED"
};

struct CheckReport {
  std::string lesson;  // the scenario's id
  std::string file;
  std::vector<CheckOutcome> outcomes;

  bool all_passed() const;
  std::size_t failures() const;
};

CheckReport evaluate_checks(const Scenario& scenario, const Trace& trace);

// "check 3 (state, lessons/x.toml:40:1)": how a report names a check.
std::string check_name(const CheckOutcome& outcome);

}  // namespace tcplab
