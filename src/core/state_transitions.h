#pragma once
// The transitions of RFC 9293 §3.3.2 (Figure 5), as data: from which state, on which event, to
// which state. The state diagram draws them; the quiz offers their targets as plausible answers.
// Transitions the figure leaves out (an RST, a simultaneous FIN that also ACKs) are not here.
#include <span>
#include <string_view>
#include <vector>

#include "core/tcp_state.h"

namespace tcplab {

struct StateTransition {
  TcpState from;
  TcpState to;
  std::string_view event;  // the figure's words: "rcv FIN / snd ACK", "Timeout=2MSL"
};

std::span<const StateTransition> rfc9293_transitions();
// The states Figure 5 leads to from `state`, in the figure's order.
std::vector<TcpState> rfc9293_next_states(TcpState state);

}  // namespace tcplab
