#pragma once
// Linux's tcp_oow_rate_limited() (RFC 5961 §7 in spirit): two stacks that each find the other's
// segments unacceptable could ACK each other forever, so a bare ACK or SYN outside the window is
// answered at most once per tcp_invalid_ratelimit. A segment with data or a FIN is always answered.
// Used by the endpoint (last_oow_ack_time) and by TIME-WAIT (tw_last_oow_ack_time).
#include <cstdint>

#include "core/segment.h"
#include "core/time.h"

namespace tcplab {

// The millisecond clock the limit is judged by (tcp_jiffies32, in ms).
std::uint32_t oow_ms_clock(Instant now);

// Whether `seg` is one the limit applies to: no data and no FIN, or a SYN.
bool oow_rate_limit_applies(const Segment& seg);

// Whether the answer to `seg` is skipped: an answer went out at `last_answer_ms` (0: none yet)
// less than `limit` ago. The caller records oow_ms_clock(now) when it does answer such a segment.
bool oow_rate_limited(const Segment& seg, std::uint32_t last_answer_ms, Instant now,
                      Duration limit);

}  // namespace tcplab
