#pragma once
// When a lesson's program may issue a step: the one rule every backend follows
// (lessons/README.md, "When a step runs"), so that a lesson makes the same calls in the same order
// on the model and on the kernel.
//   ready = the previous call's return (+ the phase's `pause` before rounds 2, 3 ...)
//           then no earlier than the `after` step's return (the same round's, when it repeats too)
//           then + `delay`, then no earlier than `at`.
#include <cstddef>
#include <optional>

#include "core/time.h"
#include "scenario/scenario.h"

namespace tcplab {

struct StepStart {
  Instant previous_return = kTimeZero;    // the program's previous call returned (zero: none yet)
  bool later_round = false;               // the first step of round 2, 3 ... of a repeated phase
  Duration pause{0};                      // the phase's pause between rounds
  std::optional<Instant> awaited_return;  // `after`: the awaited step's return (see below)
};

Instant step_ready(const Step& step, const StepStart& start);
// The same rule for anything with a Trigger (an injection: no previous call, no rounds).
Instant trigger_ready(const Trigger& when, const StepStart& start);

// Which return of its `after` step a step in round `round` (0-based) waits for, 0-based: the same
// round's, or the awaited step's last when it repeats fewer times (`awaited_rounds`).
std::size_t awaited_return_index(int round, int awaited_rounds);

}  // namespace tcplab
