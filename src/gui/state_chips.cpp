#include "gui/state_chips.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/side_by_side.h"
#include "present/state_name.h"
#include "present/time_text.h"
#include "present/timer_label.h"
#include "present/translate.h"

namespace tcplab::gui {

namespace {

StateChip chip_of(const present::StateReplay& states, const present::SocketState* s) {
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
  return chip;
}

StateChips capped(std::vector<StateChip> all) {
  StateChips out;
  for (StateChip& c : all) {
    if (out.chips.size() == kMaxStateChips) {
      ++out.more;
    } else {
      out.chips.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace

StateChips state_chips(const present::StateReplay& states) {
  std::vector<StateChip> all;
  for (const present::SocketState* s : states.sockets()) all.push_back(chip_of(states, s));
  return capped(std::move(all));
}

StateChips paired_state_chips(const present::StateReplay& states, const SideBySide& pair) {
  std::vector<StateChip> all;
  for (const present::SocketState* s : states.sockets()) all.push_back(chip_of(states, s));
  std::vector<bool> folded(all.size(), false);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto* left = pair.own_socket(all[i].socket);
    if (!left || left->first != Side::Left || folded[i]) continue;
    for (std::size_t j = 0; j < all.size(); ++j) {
      const auto* right = pair.own_socket(all[j].socket);
      if (folded[j] || !right || right->first != Side::Right || right->second != left->second)
        continue;
      // The state alike but the time left not (a retransmission 216 ms vs 210 ms): both stay.
      if (all[j].state == all[i].state && all[j].timer_text == all[i].timer_text) {
        all[i].socket = left->second;
        all[i].both_sides = true;
        folded[j] = true;
      }
      break;
    }
  }
  std::vector<StateChip> kept;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!folded[i]) kept.push_back(std::move(all[i]));
  }
  return capped(std::move(kept));
}

}  // namespace tcplab::gui
