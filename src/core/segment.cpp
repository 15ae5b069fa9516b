#include "core/segment.h"

namespace tcplab {

std::string tcpdump_flags(TcpFlags flags) {
  // tcpdump prints F S R P (and U E W, which tcplab never sets) then '.' for ACK.
  std::string out;
  if (flags.fin()) out += 'F';
  if (flags.syn()) out += 'S';
  if (flags.rst()) out += 'R';
  if (flags.psh()) out += 'P';
  if (flags.ack()) out += '.';
  if (out.empty()) out = "none";
  return out;
}

std::optional<TcpFlags> parse_tcpdump_flags(std::string_view text) {
  if (text == "none") return TcpFlags{};
  TcpFlags flags;
  for (char c : text) {
    TcpFlag f;
    switch (c) {
      case 'F':
        f = TcpFlag::Fin;
        break;
      case 'S':
        f = TcpFlag::Syn;
        break;
      case 'R':
        f = TcpFlag::Rst;
        break;
      case 'P':
        f = TcpFlag::Psh;
        break;
      case '.':
        f = TcpFlag::Ack;
        break;
      default:
        return std::nullopt;
    }
    if (flags.has(f)) return std::nullopt;
    flags = flags | f;
  }
  if (text.empty() || tcpdump_flags(flags) != text) return std::nullopt;  // tcpdump's order only
  return flags;
}

}  // namespace tcplab
