#include "core/write_timeout.h"

#include <algorithm>

namespace tcplab {

Duration model_timeout(int boundary, Duration rto_base, Duration rto_max) {
  // linear_backoff_thresh = ilog2(TCP_RTO_MAX / rto_base): the doublings before the cap.
  int threshold = 0;
  for (auto ratio = rto_max / rto_base; ratio > 1; ratio /= 2) ++threshold;
  if (boundary <= threshold) return ((std::int64_t{2} << boundary) - 1) * rto_base;
  return ((std::int64_t{2} << threshold) - 1) * rto_base + (boundary - threshold) * rto_max;
}

bool retransmits_timed_out(Instant now, std::optional<Instant> first_resend, int boundary,
                           Duration rto_base, Duration rto_max, Duration user_timeout) {
  if (!first_resend) return false;
  const Duration limit =
      user_timeout > Duration{0} ? user_timeout : model_timeout(boundary, rto_base, rto_max);
  return now - *first_resend >= limit;
}

Duration clamp_rto_to_user_timeout(Duration rto, Instant now, std::optional<Instant> first_resend,
                                   Duration user_timeout) {
  if (user_timeout <= Duration{0} || !first_resend) return rto;
  const Duration remaining = user_timeout - (now - *first_resend);
  if (remaining <= Duration{0}) return Duration{1};  // "user timeout has passed; fire ASAP"
  return std::min(rto, remaining);
}

Duration clamp_probe0_to_user_timeout(Duration when, Instant now,
                                      std::optional<Instant> first_probe, Duration user_timeout,
                                      Duration timeout_min) {
  if (user_timeout <= Duration{0} || !first_probe) return when;
  const Duration elapsed = std::max(Duration{0}, now - *first_probe);
  const Duration remaining = std::max(user_timeout - elapsed, timeout_min);
  return std::min(remaining, when);
}

}  // namespace tcplab
