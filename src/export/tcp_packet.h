#pragma once
// IPv4 + TCP packets on the wire: building them for pcap export, taking them apart on import.
// Byte order, header lengths and the Internet checksum (RFC 1071) live here and nowhere else.
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/segment.h"

namespace tcplab {

inline constexpr std::size_t kIpv4HeaderBytes = 20;  // without options
inline constexpr std::size_t kTcpHeaderBytes = 20;   // without options
inline constexpr std::size_t kEthernetHeaderBytes = 14;
inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
inline constexpr std::uint8_t kIpProtoTcp = 6;

// RFC 1071: one's complement of the one's-complement sum of 16-bit words, starting from `initial`.
std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t initial = 0);

struct Ipv4Fields {
  std::uint16_t id = 0;
  std::uint8_t ttl = 64;
  std::uint8_t tos = 0;  // DSCP << 2 | ECN
  bool dont_fragment = true;
};

// IPv4 header (20 bytes, checksum filled in) + TCP header (20 bytes, checksum over the pseudo
// header filled in) + payload.
std::vector<std::uint8_t> encode_ipv4_tcp(const Segment& segment, const Ipv4Fields& ip);

// What decode_ipv4_tcp found in an IPv4 packet.
struct DecodedTcp {
  Segment segment;
  Ipv4Fields ip;
  std::uint32_t payload_missing = 0;  // payload bytes cut off by the capture's snap length
};
struct NotTcp {
  std::string what;  // "UDP", "ICMP", "IPv4 fragment" ...
};
struct Malformed {
  std::string what;  // "IPv4 header truncated (12 of 20 bytes)"
};
using DecodeResult = std::variant<DecodedTcp, NotTcp, Malformed>;

// `bytes` start at the IPv4 header. `wire_length` is how many bytes the packet had on the wire
// from that point (larger than bytes.size() when the capture cut it short).
DecodeResult decode_ipv4_tcp(std::span<const std::uint8_t> bytes, std::size_t wire_length);

}  // namespace tcplab
