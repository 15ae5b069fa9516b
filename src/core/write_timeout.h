#pragma once
// When Linux gives up on a connection whose data goes unacknowledged (tcp_write_timeout,
// retransmits_timed_out, tcp_model_timeout) and how it cuts the last wait short for a user
// timeout (TCP_USER_TIMEOUT, RFC 5482; tcp_clamp_rto_to_user_timeout,
// tcp_clamp_probe0_to_user_timeout). Linux counts none of these in resends: each is a time, so
// a connection with a long RTO gives up after fewer resends than tcp_retries2 says.
#include <optional>

#include "core/time.h"

namespace tcplab {

// tcp_model_timeout: how long `boundary` resends take when the wait starts at `rto_base` and
// doubles each time, never above `rto_max`: (2^(boundary+1) - 1) x rto_base below the cap.
// tcp_retries2 = 15 with TCP_RTO_MIN (200 ms) is 924.6 s.
Duration model_timeout(int boundary, Duration rto_base, Duration rto_max);

// retransmits_timed_out: whether the time since the first resend (`first_resend`, Linux's
// retrans_stamp) has reached the user timeout when one is set, else model_timeout(boundary).
// Nothing resent yet (icsk_retransmits == 0) is never timed out.
bool retransmits_timed_out(Instant now, std::optional<Instant> first_resend, int boundary,
                           Duration rto_base, Duration rto_max, Duration user_timeout);

// tcp_clamp_rto_to_user_timeout: the next RTO, cut to what is left of the user timeout since the
// first resend, so the timer fires when the user timeout ends (1 ns once it has passed: at once).
Duration clamp_rto_to_user_timeout(Duration rto, Instant now, std::optional<Instant> first_resend,
                                   Duration user_timeout);

// tcp_clamp_probe0_to_user_timeout: the persist timer's next wait, cut to what is left of the
// user timeout since the first zero-window probe (icsk_probes_tstamp), at least `timeout_min`
// (TCP_TIMEOUT_MIN).
Duration clamp_probe0_to_user_timeout(Duration when, Instant now,
                                      std::optional<Instant> first_probe, Duration user_timeout,
                                      Duration timeout_min);

}  // namespace tcplab
