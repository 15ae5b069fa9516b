#include "core/oow_rate_limit.h"

namespace tcplab {

std::uint32_t oow_ms_clock(Instant now) {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(to_ns(now) / 1'000'000));
}

bool oow_rate_limit_applies(const Segment& seg) { return seg.seq_len() == 0 || seg.flags.syn(); }

bool oow_rate_limited(const Segment& seg, std::uint32_t last_answer_ms, Instant now,
                      Duration limit) {
  if (!oow_rate_limit_applies(seg)) return false;  // data or a FIN: always answered
  if (last_answer_ms == 0) return false;  // __tcp_oow_rate_limited: nothing sent yet
  const auto elapsed = static_cast<std::int32_t>(oow_ms_clock(now) - last_answer_ms);
  return elapsed >= 0 && std::chrono::milliseconds(elapsed) < limit;
}

}  // namespace tcplab
