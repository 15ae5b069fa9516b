#pragma once
// The current-state chips above the ladder: one per live socket at the cursor, its state in large
// type and the running timer's time left ("client#1 TIME-WAIT | 42 s left", "server#2 LAST-ACK |
// retransmit, 210 ms left"), so the back row reads where each endpoint is without following the
// bands.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/tcp_state.h"
#include "present/state_replay.h"

namespace tcplab::gui {

class SideBySide;

struct StateChip {
  std::string socket;  // "client#1"; side by side "client#1 (kernel)", or "client#1" on both
  TcpState state = TcpState::Closed;
  std::string state_text;   // "TIME-WAIT"
  std::string timer_text;   // "42 s left", "retransmit, 210 ms left"; "" when no timer runs
  bool both_sides = false;  // side by side: the model's and the kernel's socket show this alike
};

// More sockets than this (port exhaustion has thousands) are counted in one last chip.
inline constexpr std::size_t kMaxStateChips = 4;

struct StateChips {
  std::vector<StateChip> chips;  // sorted by host, then socket
  std::size_t more = 0;          // live sockets not shown
};

// The chips at the replay's step: the sockets alive then, the soonest timer of each.
StateChips state_chips(const present::StateReplay& states);

// Side by side (sockets named "client#1 (model)" and "client#1 (kernel)" in one replay): a socket
// both runs show in the same state with the same time left is one chip, so agreement costs the
// projector no room and the chips left over are the differences.
StateChips paired_state_chips(const present::StateReplay& states, const SideBySide& pair);

}  // namespace tcplab::gui
