#pragma once
// The eleven connection states of RFC 9293 §3.3.2, named as the RFC prints them.
#include <array>
#include <optional>
#include <string_view>

namespace tcplab {

enum class TcpState {
  Closed,
  Listen,
  SynSent,
  SynReceived,
  Established,
  FinWait1,
  FinWait2,
  CloseWait,
  Closing,
  LastAck,
  TimeWait,
};

inline constexpr std::array kAllTcpStates{
    TcpState::Closed,      TcpState::Listen,   TcpState::SynSent,  TcpState::SynReceived,
    TcpState::Established, TcpState::FinWait1, TcpState::FinWait2, TcpState::CloseWait,
    TcpState::Closing,     TcpState::LastAck,  TcpState::TimeWait,
};

// "FIN-WAIT-1", "TIME-WAIT" (RFC spelling).
std::string_view rfc_name(TcpState state);
// "FIN-WAIT-1", "ESTAB", "SYN-RECV": what `ss -tan` prints.
std::string_view ss_name(TcpState state);
// "FIN_WAIT1", "TIME_WAIT": what `netstat -ant` prints (the seed documents count these).
std::string_view netstat_name(TcpState state);
// Accepts any of the three spellings, case-insensitive.
std::optional<TcpState> parse_tcp_state(std::string_view text);

// States in which the connection is synchronized (RFC 9293 §3.10.7.4).
constexpr bool is_synchronized(TcpState s) {
  return s != TcpState::Closed && s != TcpState::Listen && s != TcpState::SynSent &&
         s != TcpState::SynReceived;
}
// States in which the peer's FIN has been received.
constexpr bool fin_received_in(TcpState s) {
  return s == TcpState::CloseWait || s == TcpState::Closing || s == TcpState::LastAck ||
         s == TcpState::TimeWait;
}

}  // namespace tcplab
