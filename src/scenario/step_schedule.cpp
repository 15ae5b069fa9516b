#include "scenario/step_schedule.h"

#include <algorithm>

namespace tcplab {

Instant step_ready(const Step& step, const StepStart& start) {
  Instant ready = start.previous_return;
  if (start.later_round) ready += start.pause;
  if (start.awaited_return) ready = std::max(ready, *start.awaited_return);
  ready += step.when.delay;
  if (step.when.at) ready = std::max(ready, kTimeZero + *step.when.at);
  return ready;
}

std::size_t awaited_return_index(int round, int awaited_rounds) {
  return static_cast<std::size_t>(std::max(0, std::min(round, std::max(1, awaited_rounds) - 1)));
}

}  // namespace tcplab
