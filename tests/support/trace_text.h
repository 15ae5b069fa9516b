#pragma once
// A compact text form of a trace for test failure messages and golden comparisons.
#include <ostream>
#include <string>
#include <vector>

#include "core/trace.h"

namespace tcplab {
// How googletest prints a Message in a failure: its English words, then its pattern.
void PrintTo(const Message& message, std::ostream* out);
}  // namespace tcplab

namespace tcplab::testing {

std::string describe(const TraceEvent& event);
std::string describe(const Trace& trace);
// The trace's warnings as the current language words them (English unless a test switched).
std::vector<std::string> warning_texts(const Trace& trace);
// Only the segments, one per line: "client>server F. 1:1 delivered".
std::string segment_summary(const Trace& trace);

}  // namespace tcplab::testing
