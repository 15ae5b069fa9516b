#include "scenario/call_args.h"

#include "present/quoted.h"

namespace tcplab {

std::string call_args(const CallSpec& c) {
  switch (c.kind) {
    case CallKind::Socket:
      return c.nonblocking ? "AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0" : "AF_INET, SOCK_STREAM, 0";
    case CallKind::SetReuseAddr:
      return std::string("SO_REUSEADDR, ") + (c.flag ? "1" : "0");
    case CallKind::SetLinger:
      return std::string("SO_LINGER, {") + (c.flag ? "1" : "0") + ", " +
             std::to_string(c.linger_seconds) + "}";
    case CallKind::SetNoDelay:
      return std::string("TCP_NODELAY, ") + (c.flag ? "1" : "0");
    case CallKind::SetQuickAck:
      return std::string("TCP_QUICKACK, ") + (c.flag ? "1" : "0");
    case CallKind::SetOption:
      return std::string(socket_option_name(c.option)) + ", " + std::to_string(c.option_value);
    case CallKind::Bind:
    case CallKind::Connect:
      return to_string(c.address);
    case CallKind::Listen:
      return std::to_string(c.backlog);
    case CallKind::Send:
      return present::quoted(c.data) + ", " + std::to_string(c.data.size());
    case CallKind::Recv:
      return std::to_string(c.max_bytes);
    case CallKind::Shutdown:
      return c.how == ShutdownHow::Write  ? "SHUT_WR"
             : c.how == ShutdownHow::Read ? "SHUT_RD"
                                          : "SHUT_RDWR";
    case CallKind::Accept:
    case CallKind::Close:
    case CallKind::Exit:
      return "";
  }
  return "";
}

present::CallNames call_names(const Scenario& scenario, const CallEvent& call) {
  const Step* step = scenario.step(call.step);
  if (!step) return {};
  return {step->call.socket, step->call.result_var};
}

}  // namespace tcplab
