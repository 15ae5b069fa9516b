#pragma once
// A TCP segment as the model sends it: header fields that matter for a lesson, and its payload.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/address.h"
#include "core/compact_string.h"
#include "core/seq.h"
#include "core/tcp_options.h"

namespace tcplab {

// Control bits (RFC 9293 §3.1). Values are the wire bits, so pcap export can copy them.
enum class TcpFlag : std::uint8_t { Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10 };

class TcpFlags {
 public:
  constexpr TcpFlags() = default;
  constexpr TcpFlags(TcpFlag f)
      : bits_(static_cast<std::uint8_t>(f)) {}  // NOLINT: implicit on purpose
  static constexpr TcpFlags from_bits(std::uint8_t bits) {
    TcpFlags f;
    f.bits_ = bits & 0x1f;
    return f;
  }

  constexpr bool has(TcpFlag f) const { return (bits_ & static_cast<std::uint8_t>(f)) != 0; }
  constexpr bool syn() const { return has(TcpFlag::Syn); }
  constexpr bool ack() const { return has(TcpFlag::Ack); }
  constexpr bool fin() const { return has(TcpFlag::Fin); }
  constexpr bool rst() const { return has(TcpFlag::Rst); }
  constexpr bool psh() const { return has(TcpFlag::Psh); }
  constexpr std::uint8_t bits() const { return bits_; }

  constexpr TcpFlags operator|(TcpFlags o) const { return from_bits(bits_ | o.bits_); }
  constexpr bool operator==(const TcpFlags&) const = default;

 private:
  std::uint8_t bits_ = 0;
};

constexpr TcpFlags operator|(TcpFlag a, TcpFlag b) { return TcpFlags(a) | TcpFlags(b); }

// tcpdump's letters, in tcpdump's order: "S", "S.", "F.", "R", "R.", "P.", "FP.", "." (bare ACK).
std::string tcpdump_flags(TcpFlags flags);
// The inverse, for lessons and checks; nullopt for anything tcpdump would not print.
std::optional<TcpFlags> parse_tcpdump_flags(std::string_view text);

struct Segment {
  SocketAddress src;
  SocketAddress dst;
  SeqNum seq;
  SeqNum ack;  // meaningful only with the ACK flag
  TcpFlags flags;
  std::uint16_t window = 0;  // as on the wire: scaled by the window-scale shift after the SYN
  TcpOptions options;
  // The bytes the application sent (lessons send short text); 8 bytes, nothing allocated empty.
  CompactString payload;

  std::uint32_t payload_len() const { return static_cast<std::uint32_t>(payload.size()); }
  // Sequence space the segment occupies: payload plus one for SYN and one for FIN (RFC 9293 §3.4).
  std::uint32_t seq_len() const {
    return payload_len() + (flags.syn() ? 1u : 0u) + (flags.fin() ? 1u : 0u);
  }
  // The receiver's view of the connection the segment belongs to.
  FourTuple tuple_at_receiver() const { return {dst, src}; }
};

}  // namespace tcplab
