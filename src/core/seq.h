#pragma once
// TCP sequence numbers: 32-bit, compared modulo 2^32 (RFC 9293 §3.4, RFC 1982 serial arithmetic).
#include <compare>
#include <cstdint>

namespace tcplab {

class SeqNum {
 public:
  constexpr SeqNum() = default;
  constexpr explicit SeqNum(std::uint32_t raw) : raw_(raw) {}

  constexpr std::uint32_t raw() const { return raw_; }

  constexpr SeqNum operator+(std::uint32_t n) const { return SeqNum(raw_ + n); }
  constexpr SeqNum operator-(std::uint32_t n) const { return SeqNum(raw_ - n); }
  constexpr SeqNum& operator+=(std::uint32_t n) {
    raw_ += n;
    return *this;
  }
  // Signed distance from `other` to this, valid while the two are within 2^31 of each other.
  constexpr std::int32_t operator-(SeqNum other) const {
    return static_cast<std::int32_t>(raw_ - other.raw_);
  }

  constexpr bool operator==(const SeqNum&) const = default;
  // a < b iff b is "after" a within half the number space (wraps at 2^32).
  constexpr std::strong_ordering operator<=>(const SeqNum& other) const {
    return (*this - other) <=> 0;
  }

 private:
  std::uint32_t raw_ = 0;
};

// lo <= x < hi, all modulo 2^32: the window test of RFC 9293 §3.4.
constexpr bool seq_in_window(SeqNum x, SeqNum lo, std::uint32_t size) {
  return static_cast<std::uint32_t>(x.raw() - lo.raw()) < size;
}

}  // namespace tcplab
