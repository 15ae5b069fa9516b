#pragma once
// TCP options (RFC 9293 §3.2, RFC 7323, RFC 2018) as typed fields, and the one codec that lays
// them out on the wire in Linux's order (tcp_options_write) and reads them back.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/seq.h"
#include "core/time.h"

namespace tcplab {

// Option kinds (IANA "TCP Option Kind Numbers").
enum class TcpOptionKind : std::uint8_t {
  End = 0,
  Nop = 1,
  Mss = 2,
  WindowScale = 3,
  SackPermitted = 4,
  Sack = 5,
  Timestamps = 8,
};

// RFC 7323 §3: TSval is the sender's clock, TSecr echoes the peer's latest TS.Recent.
struct TcpTimestamps {
  std::uint32_t val = 0;
  std::uint32_t ecr = 0;
  bool operator==(const TcpTimestamps&) const = default;
};

// One SACK block (RFC 2018 §3): bytes [left, right) the receiver holds beyond its ACK.
struct SackBlock {
  SeqNum left;
  SeqNum right;
  bool operator==(const SackBlock&) const = default;
};

// The SACK blocks of one segment (at most 4 fit), on the heap: 8 bytes in every segment a trace
// keeps, where a std::vector took 24 and nearly every segment has none. Reads like a vector.
class SackBlocks {
 public:
  SackBlocks() = default;
  SackBlocks(std::vector<SackBlock> blocks)  // NOLINT(google-explicit-constructor)
      : blocks_(blocks.empty() ? nullptr
                               : std::make_unique<std::vector<SackBlock>>(std::move(blocks))) {}
  SackBlocks(std::initializer_list<SackBlock> blocks)
      : SackBlocks(std::vector<SackBlock>(blocks)) {}
  SackBlocks(const SackBlocks& o) : SackBlocks(o.blocks_ ? *o.blocks_ : std::vector<SackBlock>{}) {}
  SackBlocks(SackBlocks&&) noexcept = default;
  SackBlocks& operator=(const SackBlocks& o) {
    if (this != &o) *this = SackBlocks(o);
    return *this;
  }
  SackBlocks& operator=(SackBlocks&&) noexcept = default;
  ~SackBlocks() = default;

  bool empty() const { return !blocks_; }
  std::size_t size() const { return blocks_ ? blocks_->size() : 0; }
  const SackBlock& operator[](std::size_t i) const { return (*blocks_)[i]; }
  const SackBlock* begin() const { return blocks_ ? blocks_->data() : nullptr; }
  const SackBlock* end() const { return blocks_ ? blocks_->data() + blocks_->size() : nullptr; }
  void push_back(SackBlock b) {
    if (!blocks_) blocks_ = std::make_unique<std::vector<SackBlock>>();
    blocks_->push_back(b);
  }
  void clear() { blocks_.reset(); }
  friend bool operator==(const SackBlocks& a, const SackBlocks& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::unique_ptr<std::vector<SackBlock>> blocks_;
};

struct TcpOptions {
  std::optional<std::uint16_t> mss;          // SYN only (RFC 9293 §3.7.1)
  bool sack_permitted = false;               // SYN only (RFC 2018 §2)
  std::optional<TcpTimestamps> timestamps;   // SYN, and every segment once both sent it
  std::optional<std::uint8_t> window_scale;  // SYN only (RFC 7323 §2.2): shift count
  SackBlocks sack;                           // what a receiver holds out of order (RFC 2018 §3)

  bool empty() const {
    return !mss && !sack_permitted && !timestamps && !window_scale && sack.empty();
  }
  bool operator==(const TcpOptions&) const = default;
};

// The bytes Linux's tcp_options_write puts on the wire, in its order: MSS; SACK-permitted and
// timestamps sharing one word ("sackOK,TS") or NOP,NOP,TS; NOP,NOP,SACK-permitted without
// timestamps; NOP,window scale; NOP,NOP,SACK blocks. Always a multiple of 4 bytes.
std::vector<std::uint8_t> encode_tcp_options(const TcpOptions& options);
// How many bytes encode_tcp_options writes (what the options add to the TCP header).
std::size_t tcp_options_length(const TcpOptions& options);
// The layout as a list of kinds, NOPs included: what tcpdump prints in order.
std::vector<TcpOptionKind> tcp_options_layout(const TcpOptions& options);

// Reads the option bytes of a TCP header. Unknown kinds are skipped by their length (RFC 9293
// §3.2: "must be prepared to handle an illegal option length"); a malformed list is an error
// sentence naming the byte offset.
std::variant<TcpOptions, std::string> decode_tcp_options(std::span<const std::uint8_t> bytes);

// tcpdump's notation, wire order: "mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 7";
// "nop,nop,TS val 7 ecr 3" on later segments; "" without options.
std::string tcpdump_options(const TcpOptions& options);
// The same with the timestamp values left out ("TS" or "TS ecr 0"): what a comparison with a
// kernel requires to be equal, since each side's clock and offset are its own.
// SACK blocks count by number only: their edges are each side's own sequence numbers.
std::string tcp_options_key(const TcpOptions& options);

// The timestamp clock at `now`: Linux's tcp_time_stamp_ms (1 ms ticks of the monotonic clock,
// wrapping at 2^32) plus the connection's offset (tp->tsoffset).
constexpr std::uint32_t tsval_at(Instant now, std::uint32_t offset) {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(to_ns(now) / 1'000'000)) + offset;
}

// Timestamp option bytes on every segment (TCPOLEN_TSTAMP_ALIGNED): what Linux subtracts from the
// MSS to size data segments once timestamps are on.
inline constexpr std::uint32_t kTimestampOptionBytes = 12;

}  // namespace tcplab
