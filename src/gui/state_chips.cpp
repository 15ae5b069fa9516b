#include "gui/state_chips.h"

#include <optional>

#include "present/state_name.h"
#include "present/time_text.h"
#include "present/timer_label.h"
#include "present/translate.h"

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
      // The TIME-WAIT (FIN-WAIT-2) timer of a socket in TIME-WAIT (FIN-WAIT-2): the chip
      // already says the name, so "60 s left" alone.
      const bool named_by_state =
          (what.kind == TimerKind::TimeWait && s->state == TcpState::TimeWait) ||
          (what.kind == TimerKind::FinWait2 && s->state == TcpState::FinWait2);
      chip.timer_text =
          named_by_state
              // TRANSLATORS: {0} the time left until the timer of the state shown beside fires.
              ? present::fill(present::tr("{0} left"), {present::rounded_duration_text(*what.left)})
              : present::timer_span_label(what);
    }
    out.chips.push_back(std::move(chip));
  }
  return out;
}

}  // namespace tcplab::gui
