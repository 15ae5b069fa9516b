#include "core/tcp_options.h"

#include <algorithm>

namespace tcplab {

namespace {

constexpr std::uint8_t kind(TcpOptionKind k) { return static_cast<std::uint8_t>(k); }

// Option lengths (the second byte of each option).
constexpr std::uint8_t kMssLength = 4;
constexpr std::uint8_t kWindowScaleLength = 3;
constexpr std::uint8_t kSackPermittedLength = 2;
constexpr std::uint8_t kTimestampsLength = 10;
constexpr std::uint8_t kSackBlockBytes = 8;
constexpr std::size_t kMaxSackBlocks = 4;  // 40 option bytes hold at most four (RFC 2018 §3)

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}
std::uint32_t get32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

}  // namespace

std::vector<TcpOptionKind> tcp_options_layout(const TcpOptions& o) {
  using K = TcpOptionKind;
  std::vector<K> layout;
  if (o.mss) layout.push_back(K::Mss);
  if (o.timestamps) {
    // tcp_options_write: SACK-permitted shares the timestamps' word instead of two NOPs.
    if (o.sack_permitted) {
      layout.push_back(K::SackPermitted);
    } else {
      layout.insert(layout.end(), {K::Nop, K::Nop});
    }
    layout.push_back(K::Timestamps);
  } else if (o.sack_permitted) {
    layout.insert(layout.end(), {K::Nop, K::Nop, K::SackPermitted});
  }
  if (o.window_scale) layout.insert(layout.end(), {K::Nop, K::WindowScale});
  if (!o.sack.empty()) layout.insert(layout.end(), {K::Nop, K::Nop, K::Sack});
  return layout;
}

std::vector<std::uint8_t> encode_tcp_options(const TcpOptions& o) {
  std::vector<std::uint8_t> out;
  for (TcpOptionKind k : tcp_options_layout(o)) {
    switch (k) {
      case TcpOptionKind::Mss:
        out.insert(out.end(), {kind(k), kMssLength});
        put16(out, *o.mss);
        break;
      case TcpOptionKind::SackPermitted:
        out.insert(out.end(), {kind(k), kSackPermittedLength});
        break;
      case TcpOptionKind::Timestamps:
        out.insert(out.end(), {kind(k), kTimestampsLength});
        put32(out, o.timestamps->val);
        put32(out, o.timestamps->ecr);
        break;
      case TcpOptionKind::WindowScale:
        out.insert(out.end(), {kind(k), kWindowScaleLength, *o.window_scale});
        break;
      case TcpOptionKind::Sack: {
        const std::size_t n = std::min(o.sack.size(), kMaxSackBlocks);
        out.insert(out.end(), {kind(k), static_cast<std::uint8_t>(2 + n * kSackBlockBytes)});
        for (std::size_t i = 0; i < n; ++i) {
          put32(out, o.sack[i].left.raw());
          put32(out, o.sack[i].right.raw());
        }
        break;
      }
      case TcpOptionKind::Nop:
      case TcpOptionKind::End:
        out.push_back(kind(k));
        break;
    }
  }
  while (out.size() % 4 != 0) out.push_back(kind(TcpOptionKind::End));
  return out;
}

std::size_t tcp_options_length(const TcpOptions& options) {
  return encode_tcp_options(options).size();
}

std::variant<TcpOptions, std::string> decode_tcp_options(std::span<const std::uint8_t> bytes) {
  TcpOptions o;
  std::size_t i = 0;
  auto at = [&](std::size_t offset) { return " at option byte " + std::to_string(offset); };
  while (i < bytes.size()) {
    const std::uint8_t k = bytes[i];
    if (k == kind(TcpOptionKind::End)) break;
    if (k == kind(TcpOptionKind::Nop)) {
      ++i;
      continue;
    }
    if (i + 1 >= bytes.size())
      return "option kind " + std::to_string(k) + " without a length" + at(i);
    const std::uint8_t len = bytes[i + 1];
    if (len < 2 || i + len > bytes.size()) {
      return "option kind " + std::to_string(k) + " has length " + std::to_string(len) +
             ", beyond the header's " + std::to_string(bytes.size()) + " option bytes" + at(i);
    }
    const std::uint8_t* p = bytes.data() + i + 2;
    auto bad_length = [&](std::uint8_t want) {
      return "option kind " + std::to_string(k) + " has length " + std::to_string(len) + ", not " +
             std::to_string(want) + at(i);
    };
    switch (static_cast<TcpOptionKind>(k)) {
      case TcpOptionKind::Mss:
        if (len != kMssLength) return bad_length(kMssLength);
        o.mss = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
        break;
      case TcpOptionKind::WindowScale:
        if (len != kWindowScaleLength) return bad_length(kWindowScaleLength);
        o.window_scale = p[0];
        break;
      case TcpOptionKind::SackPermitted:
        if (len != kSackPermittedLength) return bad_length(kSackPermittedLength);
        o.sack_permitted = true;
        break;
      case TcpOptionKind::Timestamps:
        if (len != kTimestampsLength) return bad_length(kTimestampsLength);
        o.timestamps = TcpTimestamps{get32(p), get32(p + 4)};
        break;
      case TcpOptionKind::Sack:
        if ((len - 2) % kSackBlockBytes != 0) {
          return "SACK option length " + std::to_string(len) + " is not 2 + 8n" + at(i);
        }
        for (std::size_t b = 0; b + kSackBlockBytes <= std::size_t{len} - 2; b += kSackBlockBytes) {
          o.sack.push_back({SeqNum(get32(p + b)), SeqNum(get32(p + b + 4))});
        }
        break;
      default:
        break;  // an option tcplab does not model (MD5, TFO, MPTCP ...): skipped by its length
    }
    i += len;
  }
  return o;
}

namespace {

std::string options_text(const TcpOptions& o, bool with_timestamp_values) {
  std::string out;
  for (TcpOptionKind k : tcp_options_layout(o)) {
    if (!out.empty()) out += ',';
    switch (k) {
      case TcpOptionKind::Mss:
        out += "mss " + std::to_string(*o.mss);
        break;
      case TcpOptionKind::SackPermitted:
        out += "sackOK";
        break;
      case TcpOptionKind::Timestamps:
        if (with_timestamp_values) {
          out += "TS val " + std::to_string(o.timestamps->val) + " ecr " +
                 std::to_string(o.timestamps->ecr);
        } else {
          out += o.timestamps->ecr == 0 ? "TS ecr 0" : "TS";
        }
        break;
      case TcpOptionKind::WindowScale:
        out += "wscale " + std::to_string(*o.window_scale);
        break;
      case TcpOptionKind::Sack:
        out += "sack " + std::to_string(o.sack.size());
        if (!with_timestamp_values) break;  // the key: how many blocks, not their numbers
        for (const SackBlock& b : o.sack) {
          out += " {" + std::to_string(b.left.raw()) + ":" + std::to_string(b.right.raw()) + "}";
        }
        break;
      case TcpOptionKind::Nop:
        out += "nop";
        break;
      case TcpOptionKind::End:
        out += "eol";
        break;
    }
  }
  return out;
}

}  // namespace

std::string tcpdump_options(const TcpOptions& options) { return options_text(options, true); }

std::string tcp_options_key(const TcpOptions& options) {
  return options_text(options, false);
}

}  // namespace tcplab
