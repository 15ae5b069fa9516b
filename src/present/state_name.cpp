#include "present/state_name.h"

#include "present/translate.h"

namespace tcplab::present {

// The names are core's (parse_tcp_state reads them back); a catalog may still translate them.
std::string_view state_name(TcpState state) { return tr(rfc_name(state)); }
std::string_view short_state_name(TcpState state) { return tr(ss_name(state)); }
std::string_view netstat_state_name(TcpState state) { return tr(netstat_name(state)); }

}  // namespace tcplab::present
