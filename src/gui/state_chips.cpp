#include "gui/state_chips.h"

#include <optional>

#include "present/state_name.h"
#include "present/timer_label.h"

namespace tcplab::gui {

StateChips state_chips(const present::StateReplay& states) {
  StateChips out;
  for (const present::SocketState* s : states.sockets()) {
    if (out.chips.size() == kMaxStateChips) {
      ++out.more;
      continue;
    }
    StateChip chip{s->endpoint, s->state, std::string(present::state_name(s->state)), ""};
    // The timer that fires first is the one the class waits for.
    std::optional<std::size_t> soonest;
    for (std::size_t k = 0; k < s->timers.size(); ++k) {
      if (s->timers[k] && (!soonest || *s->timers[k] < *s->timers[*soonest])) soonest = k;
    }
    if (soonest) {
      present::TimerSpanText what;
      what.kind = static_cast<TimerKind>(*soonest);
      what.left = *s->timers[*soonest] - states.now();
      chip.timer_text = present::timer_span_label(what);
    }
    out.chips.push_back(std::move(chip));
  }
  return out;
}

}  // namespace tcplab::gui
