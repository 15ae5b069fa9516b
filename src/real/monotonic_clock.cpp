#include "real/monotonic_clock.h"

#include <cerrno>
#include <ctime>

namespace tcplab::real {

namespace {
std::int64_t read_clock(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}
}  // namespace

std::int64_t monotonic_now_ns() { return read_clock(CLOCK_MONOTONIC); }

std::int64_t realtime_minus_monotonic_ns() {
  // Bracket the wall-clock read between two monotonic reads and take the midpoint.
  const std::int64_t m1 = read_clock(CLOCK_MONOTONIC);
  const std::int64_t r = read_clock(CLOCK_REALTIME);
  const std::int64_t m2 = read_clock(CLOCK_MONOTONIC);
  return r - (m1 + (m2 - m1) / 2);
}

void sleep_until_ns(std::int64_t deadline_ns) {
  timespec ts{};
  ts.tv_sec = deadline_ns / 1'000'000'000;
  ts.tv_nsec = deadline_ns % 1'000'000'000;
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

}  // namespace tcplab::real
