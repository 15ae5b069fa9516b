#include "present/time_text.h"

#include <cstdint>

#include "present/translate.h"

namespace tcplab::present {

namespace {

constexpr int kRoundedDigits = 3;

std::uint64_t power_of_ten(int n) {
  std::uint64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

int digit_count(std::uint64_t v) {
  int n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// `ns` (already rounded) in `unit_ns` units, without trailing zeros: 1250000000 / 1e9 -> "1.25".
std::string decimal(std::uint64_t ns, std::uint64_t unit_ns) {
  std::string out = std::to_string(ns / unit_ns);
  std::uint64_t rest = ns % unit_ns;
  if (rest == 0) return out;
  out += '.';
  for (std::uint64_t place = unit_ns / 10; rest != 0 && place != 0; place /= 10) {
    out += static_cast<char>('0' + rest / place);
    rest %= place;
  }
  return out;
}

}  // namespace

std::string duration_text(Duration d, int significant) {
  const std::int64_t ns = d.count();
  // Rounded half away from zero on the magnitude, so -1.5 ms and 1.5 ms read alike.
  std::uint64_t magnitude =
      ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  const int digits = digit_count(magnitude);
  if (significant > 0 && digits > significant) {
    const std::uint64_t step = power_of_ten(digits - significant);
    magnitude = (magnitude + step / 2) / step * step;
  }
  const std::string sign = ns < 0 && magnitude != 0 ? "-" : "";
  // Chosen after rounding: 999.96 ms to 3 digits is "1 s", not "1000 ms".
  auto with_unit = [&](const std::string& number, std::string_view unit) {
    return sign + number + " " + std::string(unit);
  };
  if (magnitude >= 1'000'000'000) return with_unit(decimal(magnitude, 1'000'000'000), tr("s"));
  if (magnitude >= 1'000'000) return with_unit(decimal(magnitude, 1'000'000), tr("ms"));
  if (magnitude >= 1'000) return with_unit(decimal(magnitude, 1'000), tr("us"));
  if (magnitude == 0) return with_unit("0", tr("s"));  // the start of a trace reads "0 s"
  return with_unit(std::to_string(magnitude), tr("ns"));
}

std::string rounded_duration_text(Duration d) {
  // Whole units from 10 up, as a teacher says them ("42 s left", "760 ms later"); below 10,
  // three digits keep a backoff's steps apart ("1.25 s").
  const std::int64_t ns = d.count();
  const std::uint64_t magnitude =
      ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  int unit_digits = 0;  // the unit duration_text will pick: 10^9, 10^6 or 10^3 ns
  for (int u : {9, 6, 3}) {
    if (magnitude >= power_of_ten(u)) {
      unit_digits = u;
      break;
    }
  }
  const int whole_digits = digit_count(magnitude) - unit_digits;
  return duration_text(d, whole_digits >= 2 ? whole_digits : kRoundedDigits);
}

std::string instant_text(Instant t) { return duration_text(t - kTimeZero); }

}  // namespace tcplab::present
