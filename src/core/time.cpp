#include "core/time.h"

#include <cstdio>

namespace tcplab {

std::string format_duration(Duration d) {
  const std::int64_t ns = d.count();
  const std::int64_t abs_ns = ns < 0 ? -ns : ns;
  char buf[48];
  if (abs_ns >= 1'000'000'000) {
    std::snprintf(buf, sizeof buf, "%.6g s", static_cast<double>(ns) / 1e9);
  } else if (abs_ns >= 1'000'000) {
    std::snprintf(buf, sizeof buf, "%.6g ms", static_cast<double>(ns) / 1e6);
  } else if (abs_ns >= 1'000) {
    std::snprintf(buf, sizeof buf, "%.6g us", static_cast<double>(ns) / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%lld ns", static_cast<long long>(ns));
  }
  return buf;
}

}  // namespace tcplab
