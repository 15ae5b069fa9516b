#pragma once
// Virtual time. The model never reads a clock: instants come in from the simulator.
#include <chrono>
#include <cstdint>
#include <string>

namespace tcplab {

using Duration = std::chrono::nanoseconds;

// A clock with no now(): time_points on it exist only because the simulator hands them out.
struct VirtualClock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = Duration;
  using time_point = std::chrono::time_point<VirtualClock, Duration>;
  static constexpr bool is_steady = true;  // NOLINT(readability-identifier-naming): Clock wants it
};

using Instant = VirtualClock::time_point;

constexpr Instant kTimeZero{};

constexpr std::int64_t to_ns(Instant t) { return t.time_since_epoch().count(); }
constexpr std::int64_t to_ns(Duration d) { return d.count(); }
constexpr Instant instant_from_ns(std::int64_t ns) { return Instant{Duration{ns}}; }

// "1.204 s", "200 ms", "60 s": short and readable, for ladders and narration.
std::string format_duration(Duration d);

}  // namespace tcplab
