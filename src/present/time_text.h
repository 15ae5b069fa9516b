#pragma once
// Every time and duration a view shows, in one formatter: "0 s", "180 ms", "1.204 s", "60 s".
#include <string>

#include "core/time.h"

namespace tcplab::present {

// A duration to `significant` digits, trailing zeros dropped, in s, ms, us or ns (whichever
// keeps the number at least 1): 6 digits keeps every step of a trace apart ("180.04 ms").
std::string duration_text(Duration d, int significant = 6);
// A duration for a reader, not a log, as a teacher would say it: whole units from 10 up ("60 s"
// for 59.964 s, "42 s", "760 ms" for 759.852 ms), else 3 digits ("1.25 s", "4.5 ms").
std::string rounded_duration_text(Duration d);
// An instant of a trace: its time since the start, exact ("0 s", "100 ms", "60.11 s").
std::string instant_text(Instant t);

}  // namespace tcplab::present
