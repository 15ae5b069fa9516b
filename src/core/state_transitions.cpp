#include "core/state_transitions.h"

#include <array>

namespace tcplab {

namespace {
using S = TcpState;
constexpr std::array<StateTransition, 19> kFigure5{{
    {S::Closed, S::Listen, "passive OPEN"},
    {S::Closed, S::SynSent, "active OPEN / snd SYN"},
    {S::Listen, S::SynReceived, "rcv SYN / snd SYN,ACK"},
    {S::Listen, S::SynSent, "SEND / snd SYN"},
    {S::Listen, S::Closed, "CLOSE"},
    {S::SynSent, S::SynReceived, "rcv SYN / snd SYN,ACK"},
    {S::SynSent, S::Established, "rcv SYN,ACK / snd ACK"},
    {S::SynSent, S::Closed, "CLOSE"},
    {S::SynReceived, S::Established, "rcv ACK of SYN"},
    {S::SynReceived, S::FinWait1, "CLOSE / snd FIN"},
    {S::Established, S::FinWait1, "CLOSE / snd FIN"},
    {S::Established, S::CloseWait, "rcv FIN / snd ACK"},
    {S::FinWait1, S::FinWait2, "rcv ACK of FIN"},
    {S::FinWait1, S::Closing, "rcv FIN / snd ACK"},
    {S::FinWait2, S::TimeWait, "rcv FIN / snd ACK"},
    {S::Closing, S::TimeWait, "rcv ACK of FIN"},
    {S::CloseWait, S::LastAck, "CLOSE / snd FIN"},
    {S::LastAck, S::Closed, "rcv ACK of FIN"},
    {S::TimeWait, S::Closed, "Timeout=2MSL"},
}};
}  // namespace

std::span<const StateTransition> rfc9293_transitions() { return kFigure5; }

std::vector<TcpState> rfc9293_next_states(TcpState state) {
  std::vector<TcpState> next;
  for (const StateTransition& t : kFigure5)
    if (t.from == state) next.push_back(t.to);
  return next;
}

}  // namespace tcplab
