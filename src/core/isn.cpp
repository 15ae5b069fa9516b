#include "core/isn.h"

namespace tcplab {

namespace {
// SplitMix64's finaliser: a cheap, well-mixed keyed hash (not cryptographic; the model needs
// ISNs that look unpredictable and are reproducible, not secrecy).
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return x;
}
}  // namespace

SeqNum IsnGenerator::isn(Instant now, const FourTuple& tuple, const Profile& profile) const {
  if (!profile.isn_keyed_hash) return SeqNum(0);
  const std::uint64_t a = (std::uint64_t{tuple.local.ip.value} << 16) | tuple.local.port;
  const std::uint64_t b = (std::uint64_t{tuple.remote.ip.value} << 16) | tuple.remote.port;
  const auto f = static_cast<std::uint32_t>(mix(mix(a ^ secret_) ^ b));
  const auto m = static_cast<std::uint32_t>(to_ns(now) / to_ns(profile.isn_clock_tick));
  return SeqNum(m + f);
}

}  // namespace tcplab
