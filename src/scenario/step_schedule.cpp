#include "scenario/step_schedule.h"

#include <algorithm>

namespace tcplab {

Instant trigger_ready(const Trigger& when, const StepStart& start) {
  Instant ready = start.previous_return;
  if (start.later_round) ready += start.pause;
  if (start.awaited_return) ready = std::max(ready, *start.awaited_return);
  ready += when.delay;
  if (when.at) ready = std::max(ready, kTimeZero + *when.at);
  return ready;
}

Instant step_ready(const Step& step, const StepStart& start) {
  return trigger_ready(step.when, start);
}

std::size_t awaited_return_index(int round, int awaited_rounds) {
  return static_cast<std::size_t>(std::max(0, std::min(round, std::max(1, awaited_rounds) - 1)));
}

}  // namespace tcplab
