#include "scenario/call_args.h"

namespace tcplab {

std::string quoted(std::string_view data) {
  std::string out = "\"";
  for (char c : data) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string call_args(const CallSpec& c) {
  switch (c.kind) {
    case CallKind::Socket:
      return "AF_INET, SOCK_STREAM, 0";
    case CallKind::SetReuseAddr:
      return std::string("SO_REUSEADDR, ") + (c.flag ? "1" : "0");
    case CallKind::SetLinger:
      return std::string("SO_LINGER, {") + (c.flag ? "1" : "0") + ", " +
             std::to_string(c.linger_seconds) + "}";
    case CallKind::Bind:
    case CallKind::Connect:
      return to_string(c.address);
    case CallKind::Listen:
      return std::to_string(c.backlog);
    case CallKind::Send:
      return quoted(c.data) + ", " + std::to_string(c.data.size());
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

}  // namespace tcplab
