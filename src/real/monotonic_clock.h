#pragma once
// The kernel backend's clock: CLOCK_MONOTONIC in nanoseconds, and the offset that turns the
// capture's wall-clock timestamps into it. Trace times are relative to the scenario's start.
#include <cstdint>

namespace tcplab::real {

std::int64_t monotonic_now_ns();
// CLOCK_REALTIME minus CLOCK_MONOTONIC, sampled now (pcap timestamps are wall-clock).
std::int64_t realtime_minus_monotonic_ns();
// Sleeps until the monotonic instant `deadline_ns` (returns at once if it has passed).
void sleep_until_ns(std::int64_t deadline_ns);

}  // namespace tcplab::real
