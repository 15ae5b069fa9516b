#pragma once
// A connection state's name as views show it: the RFC's ("TIME-WAIT"), or `ss`'s where room is
// short ("ESTAB"), or `netstat`'s where the seed documents count them ("TIME_WAIT").
#include <string_view>

#include "core/tcp_state.h"

namespace tcplab::present {

std::string_view state_name(TcpState state);          // "FIN-WAIT-1"
std::string_view short_state_name(TcpState state);    // "ESTAB", "SYN-RECV"
std::string_view netstat_state_name(TcpState state);  // "FIN_WAIT1"

}  // namespace tcplab::present
