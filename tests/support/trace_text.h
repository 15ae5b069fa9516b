#pragma once
// A compact text form of a trace for test failure messages and golden comparisons.
#include <string>

#include "core/trace.h"

namespace tcplab::testing {

std::string describe(const TraceEvent& event);
std::string describe(const Trace& trace);
// Only the segments, one per line: "client>server F. 1:1 delivered".
std::string segment_summary(const Trace& trace);

}  // namespace tcplab::testing
