#pragma once
// IPv4 addresses, socket addresses and four-tuples, printed as a teacher writes them.
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace tcplab {

struct Ipv4 {
  std::uint32_t value = 0;  // host byte order: 127.0.0.1 is 0x7f000001

  static constexpr Ipv4 any() { return Ipv4{0}; }
  constexpr bool is_any() const { return value == 0; }
  constexpr bool is_loopback() const { return (value >> 24) == 127; }
  auto operator<=>(const Ipv4&) const = default;
};

struct SocketAddress {
  Ipv4 ip;
  std::uint16_t port = 0;
  auto operator<=>(const SocketAddress&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const SocketAddress& a) {
    return H::combine(std::move(h), a.ip.value, a.port);
  }
};

// A connection, seen from one end.
struct FourTuple {
  SocketAddress local;
  SocketAddress remote;
  FourTuple reversed() const { return {remote, local}; }
  auto operator<=>(const FourTuple&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const FourTuple& t) {
    return H::combine(std::move(h), t.local, t.remote);
  }
};

std::string to_string(Ipv4 ip);
std::string to_string(SocketAddress address);   // "127.0.0.1:5555"
std::string to_string(const FourTuple& tuple);  // "127.0.0.1:40000 > 127.0.0.2:5555"
std::optional<Ipv4> parse_ipv4(std::string_view text);
// "127.0.0.1:5555"; the port is required.
std::optional<SocketAddress> parse_socket_address(std::string_view text);

struct FourTupleHash {
  std::size_t operator()(const FourTuple& t) const noexcept {
    std::uint64_t a = (std::uint64_t{t.local.ip.value} << 16) | t.local.port;
    std::uint64_t b = (std::uint64_t{t.remote.ip.value} << 16) | t.remote.port;
    return std::hash<std::uint64_t>{}(a * 0x9E3779B97F4A7C15ull ^ b);
  }
};

}  // namespace tcplab
