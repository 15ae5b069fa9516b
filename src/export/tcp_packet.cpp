#include "export/tcp_packet.h"

#include <algorithm>
#include <stdexcept>

namespace tcplab {

namespace {

constexpr std::uint16_t kFlagDontFragment = 0x4000;
constexpr std::uint16_t kFlagMoreFragments = 0x2000;
constexpr std::uint16_t kFragmentOffsetMask = 0x1fff;
constexpr std::size_t kMaxIpv4Bytes = 65535;

void put16(std::vector<std::uint8_t>& out, std::size_t at, std::uint16_t v) {
  out.at(at) = static_cast<std::uint8_t>(v >> 8);
  out.at(at + 1) = static_cast<std::uint8_t>(v);
}
void put32(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t v) {
  put16(out, at, static_cast<std::uint16_t>(v >> 16));
  put16(out, at + 2, static_cast<std::uint16_t>(v));
}
std::uint16_t get16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t get32(const std::uint8_t* p) {
  return (std::uint32_t{get16(p)} << 16) | get16(p + 2);
}

std::string of_bytes(std::size_t have, std::size_t need) {
  return "(" + std::to_string(have) + " of " + std::to_string(need) + " bytes)";
}

std::string protocol_name(std::uint8_t proto) {
  switch (proto) {
    case 1:
      return "ICMP";
    case 17:
      return "UDP";
    case 58:
      return "ICMPv6";
    case 132:
      return "SCTP";
    default:
      return "IP protocol " + std::to_string(proto);
  }
}

// The TCP pseudo header's contribution to the checksum (RFC 9293 §3.1).
std::uint32_t pseudo_header_sum(Ipv4 src, Ipv4 dst, std::size_t tcp_length) {
  std::uint32_t sum = 0;
  sum += src.value >> 16;
  sum += src.value & 0xffff;
  sum += dst.value >> 16;
  sum += dst.value & 0xffff;
  sum += kIpProtoTcp;
  sum += static_cast<std::uint32_t>(tcp_length);
  return sum;
}

}  // namespace

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t initial) {
  std::uint64_t sum = initial;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += get16(&bytes[i]);
  if (i < bytes.size()) sum += std::uint32_t{bytes[i]} << 8;  // odd length: pad with a zero byte
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::vector<std::uint8_t> encode_ipv4_tcp(const Segment& segment, const Ipv4Fields& ip) {
  const std::vector<std::uint8_t> options = encode_tcp_options(segment.options);
  const std::size_t header = kTcpHeaderBytes + options.size();
  const std::size_t tcp_length = header + segment.payload.size();
  const std::size_t total = kIpv4HeaderBytes + tcp_length;
  if (total > kMaxIpv4Bytes) {
    throw std::invalid_argument("segment payload of " + std::to_string(segment.payload.size()) +
                                " bytes does not fit in one IPv4 packet");
  }
  std::vector<std::uint8_t> packet(total, 0);
  std::span<const std::uint8_t> view(packet);
  packet[0] = 0x45;  // version 4, header length 5 words
  packet[1] = ip.tos;
  put16(packet, 2, static_cast<std::uint16_t>(total));
  put16(packet, 4, ip.id);
  put16(packet, 6, ip.dont_fragment ? kFlagDontFragment : 0);
  packet[8] = ip.ttl;
  packet[9] = kIpProtoTcp;
  put32(packet, 12, segment.src.ip.value);
  put32(packet, 16, segment.dst.ip.value);
  put16(packet, 10, internet_checksum(view.first(kIpv4HeaderBytes)));

  constexpr std::size_t t = kIpv4HeaderBytes;
  put16(packet, t + 0, segment.src.port);
  put16(packet, t + 2, segment.dst.port);
  put32(packet, t + 4, segment.seq.raw());
  put32(packet, t + 8, segment.flags.ack() ? segment.ack.raw() : 0);
  packet[t + 12] = static_cast<std::uint8_t>((header / 4) << 4);
  packet[t + 13] = segment.flags.bits();
  put16(packet, t + 14, segment.window);
  std::copy(options.begin(), options.end(),
            packet.begin() + static_cast<std::ptrdiff_t>(t + kTcpHeaderBytes));
  std::copy(segment.payload.begin(), segment.payload.end(),
            packet.begin() + static_cast<std::ptrdiff_t>(t + header));
  put16(packet, t + 16,
        internet_checksum(view.subspan(t),
                          pseudo_header_sum(segment.src.ip, segment.dst.ip, tcp_length)));
  return packet;
}

DecodeResult decode_ipv4_tcp(std::span<const std::uint8_t> bytes, std::size_t wire_length) {
  if (bytes.size() < kIpv4HeaderBytes) {
    return Malformed{"IPv4 header truncated " + of_bytes(bytes.size(), kIpv4HeaderBytes)};
  }
  const std::uint8_t* h = bytes.data();
  if ((h[0] >> 4) != 4) return Malformed{"IP version " + std::to_string(h[0] >> 4) + ", not 4"};
  const std::size_t ihl = std::size_t{h[0] & 0x0fu} * 4;
  if (ihl < kIpv4HeaderBytes) {
    return Malformed{"IPv4 header length " + std::to_string(ihl) + " bytes, below the minimum 20"};
  }
  if (bytes.size() < ihl) return Malformed{"IPv4 header truncated " + of_bytes(bytes.size(), ihl)};
  std::size_t total = get16(h + 2);
  if (total == 0) {  // TSO: the kernel left the length to the NIC; the wire length tells it
    total = std::max(wire_length, bytes.size());
    if (total > kMaxIpv4Bytes) {
      return Malformed{"IPv4 total length 0 and " + std::to_string(total) +
                       " bytes on the wire, more than an IPv4 packet can hold"};
    }
  }
  if (total < ihl) {
    return Malformed{"IPv4 total length " + std::to_string(total) + " is shorter than its " +
                     std::to_string(ihl) + "-byte header"};
  }
  if (total > std::max(wire_length, bytes.size())) {
    return Malformed{"IPv4 total length " + std::to_string(total) + " exceeds the packet's " +
                     std::to_string(std::max(wire_length, bytes.size())) + " bytes"};
  }
  const std::uint16_t frag = get16(h + 6);
  if ((frag & kFlagMoreFragments) != 0 || (frag & kFragmentOffsetMask) != 0) {
    return NotTcp{"IPv4 fragment"};
  }
  if (h[9] != kIpProtoTcp) return NotTcp{protocol_name(h[9])};

  DecodedTcp out;
  out.ip.tos = h[1];
  out.ip.id = get16(h + 4);
  out.ip.ttl = h[8];
  out.ip.dont_fragment = (frag & kFlagDontFragment) != 0;
  Segment& s = out.segment;
  s.src.ip = Ipv4{get32(h + 12)};
  s.dst.ip = Ipv4{get32(h + 16)};

  const std::size_t tcp_length = total - ihl;                        // on the wire
  const std::size_t tcp_have = std::min(bytes.size(), total) - ihl;  // in the capture
  if (tcp_length < kTcpHeaderBytes) {
    return Malformed{"IPv4 total length " + std::to_string(total) + " leaves " +
                     std::to_string(tcp_length) + " bytes for a 20-byte TCP header"};
  }
  if (tcp_have < kTcpHeaderBytes) {
    return Malformed{"TCP header truncated " + of_bytes(tcp_have, kTcpHeaderBytes)};
  }
  const std::uint8_t* t = h + ihl;
  const std::size_t doff = std::size_t{static_cast<std::uint8_t>(t[12] >> 4)} * 4;
  if (doff < kTcpHeaderBytes) {
    return Malformed{"TCP header length " + std::to_string(doff) + " bytes, below the minimum 20"};
  }
  if (doff > tcp_length) {
    return Malformed{"TCP header length " + std::to_string(doff) + " exceeds the segment's " +
                     std::to_string(tcp_length) + " bytes"};
  }
  if (tcp_have < doff) return Malformed{"TCP header truncated " + of_bytes(tcp_have, doff)};

  s.src.port = get16(t + 0);
  s.dst.port = get16(t + 2);
  s.seq = SeqNum(get32(t + 4));
  s.flags = TcpFlags::from_bits(t[13]);
  s.ack = SeqNum(s.flags.ack() ? get32(t + 8) : 0);
  s.window = get16(t + 14);
  auto options = decode_tcp_options(
      std::span<const std::uint8_t>(t + kTcpHeaderBytes, doff - kTcpHeaderBytes));
  if (const auto* error = std::get_if<std::string>(&options)) return Malformed{"TCP " + *error};
  s.options = std::move(std::get<TcpOptions>(options));
  const std::size_t payload_length = tcp_length - doff;
  const std::size_t payload_have = tcp_have - doff;
  s.payload.assign(reinterpret_cast<const char*>(t + doff), payload_have);  // NOLINT
  s.payload.resize(payload_length, '\0');
  out.payload_missing = static_cast<std::uint32_t>(payload_length - payload_have);
  return out;
}

}  // namespace tcplab
