#include "core/address.h"

#include <charconv>

namespace tcplab {

std::string to_string(Ipv4 ip) {
  return std::to_string(ip.value >> 24) + "." + std::to_string((ip.value >> 16) & 0xff) + "." +
         std::to_string((ip.value >> 8) & 0xff) + "." + std::to_string(ip.value & 0xff);
}

std::string to_string(SocketAddress address) {
  return to_string(address.ip) + ":" + std::to_string(address.port);
}

std::string to_string(const FourTuple& tuple) {
  return to_string(tuple.local) + " > " + to_string(tuple.remote);
}

std::optional<Ipv4> parse_ipv4(std::string_view text) {
  std::uint32_t value = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (text.empty() || text.front() != '.') return std::nullopt;
      text.remove_prefix(1);
    }
    unsigned octet = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), octet);
    if (ec != std::errc{} || end == text.data() || octet > 255 || end - text.data() > 3) {
      return std::nullopt;
    }
    value = (value << 8) | octet;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  }
  if (!text.empty()) return std::nullopt;
  return Ipv4{value};
}

std::optional<SocketAddress> parse_socket_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto ip = parse_ipv4(text.substr(0, colon));
  if (!ip) return std::nullopt;
  std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    return std::nullopt;
  }
  return SocketAddress{*ip, static_cast<std::uint16_t>(port)};
}

}  // namespace tcplab
