#include "core/tcp_state.h"

#include <cctype>
#include <string>

namespace tcplab {

namespace {
struct StateNames {
  TcpState state;
  std::string_view rfc, ss, netstat;
};
constexpr StateNames kNames[] = {
    {TcpState::Closed, "CLOSED", "UNCONN", "CLOSE"},
    {TcpState::Listen, "LISTEN", "LISTEN", "LISTEN"},
    {TcpState::SynSent, "SYN-SENT", "SYN-SENT", "SYN_SENT"},
    {TcpState::SynReceived, "SYN-RECEIVED", "SYN-RECV", "SYN_RECV"},
    {TcpState::Established, "ESTABLISHED", "ESTAB", "ESTABLISHED"},
    {TcpState::FinWait1, "FIN-WAIT-1", "FIN-WAIT-1", "FIN_WAIT1"},
    {TcpState::FinWait2, "FIN-WAIT-2", "FIN-WAIT-2", "FIN_WAIT2"},
    {TcpState::CloseWait, "CLOSE-WAIT", "CLOSE-WAIT", "CLOSE_WAIT"},
    {TcpState::Closing, "CLOSING", "CLOSING", "CLOSING"},
    {TcpState::LastAck, "LAST-ACK", "LAST-ACK", "LAST_ACK"},
    {TcpState::TimeWait, "TIME-WAIT", "TIME-WAIT", "TIME_WAIT"},
};
const StateNames& names_of(TcpState s) { return kNames[static_cast<int>(s)]; }

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::string_view rfc_name(TcpState state) { return names_of(state).rfc; }
std::string_view ss_name(TcpState state) { return names_of(state).ss; }
std::string_view netstat_name(TcpState state) { return names_of(state).netstat; }

std::optional<TcpState> parse_tcp_state(std::string_view text) {
  const std::string wanted = upper(text);
  for (const auto& n : kNames) {
    if (wanted == n.rfc || wanted == n.ss || wanted == n.netstat) return n.state;
  }
  if (wanted == "FIN_WAIT_1") return TcpState::FinWait1;
  if (wanted == "FIN_WAIT_2") return TcpState::FinWait2;
  if (wanted == "SYN_RECEIVED") return TcpState::SynReceived;
  return std::nullopt;
}

}  // namespace tcplab
