#include "core/state_transitions.h"

#include <array>

// Marks the figure's words for the message catalog (po/extract.sh); the views translate them.
#define N_(msgid) msgid

namespace tcplab {

namespace {
using S = TcpState;
constexpr std::array<StateTransition, 19> kFigure5{{
    {S::Closed, S::Listen, N_("passive OPEN")},
    {S::Closed, S::SynSent, N_("active OPEN / snd SYN")},
    {S::Listen, S::SynReceived, N_("rcv SYN / snd SYN,ACK")},
    {S::Listen, S::SynSent, N_("SEND / snd SYN")},
    {S::Listen, S::Closed, N_("CLOSE")},
    {S::SynSent, S::SynReceived, N_("rcv SYN / snd SYN,ACK")},
    {S::SynSent, S::Established, N_("rcv SYN,ACK / snd ACK")},
    {S::SynSent, S::Closed, N_("CLOSE")},
    {S::SynReceived, S::Established, N_("rcv ACK of SYN")},
    {S::SynReceived, S::FinWait1, N_("CLOSE / snd FIN")},
    {S::Established, S::FinWait1, N_("CLOSE / snd FIN")},
    {S::Established, S::CloseWait, N_("rcv FIN / snd ACK")},
    {S::FinWait1, S::FinWait2, N_("rcv ACK of FIN")},
    {S::FinWait1, S::Closing, N_("rcv FIN / snd ACK")},
    {S::FinWait2, S::TimeWait, N_("rcv FIN / snd ACK")},
    {S::Closing, S::TimeWait, N_("rcv ACK of FIN")},
    {S::CloseWait, S::LastAck, N_("CLOSE / snd FIN")},
    {S::LastAck, S::Closed, N_("rcv ACK of FIN")},
    {S::TimeWait, S::Closed, N_("Timeout=2MSL")},
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
