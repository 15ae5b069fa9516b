#pragma once
// Initial sequence numbers as RFC 6528 §3 recommends: ISN = M + F(4-tuple, secretkey), where M is a
// clock ticking every profile.isn_clock_tick (RFC 6528: 4 us; Linux: 64 ns) and F a keyed hash. The
// secret comes from the run's seed: same seed, same ISNs.
#include <cstdint>

#include "core/address.h"
#include "core/profile.h"
#include "core/seq.h"
#include "core/time.h"

namespace tcplab {

class IsnGenerator {
 public:
  explicit IsnGenerator(std::uint64_t secret) : secret_(secret) {}
  SeqNum isn(Instant now, const FourTuple& tuple, const Profile& profile) const;

 private:
  std::uint64_t secret_;
};

}  // namespace tcplab
