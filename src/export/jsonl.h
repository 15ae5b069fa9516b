#pragma once
// The Trace as JSON lines: one header line, then one event per line (format: docs/trace-format.md).
// Same Trace => byte-identical output: keys are always written in the same order.
#include <cstddef>
#include <iosfwd>
#include <stdexcept>
#include <string>

#include "core/trace.h"
#include "export/trace_limits.h"

namespace tcplab {

inline constexpr int kTraceFormatVersion = 4;

// Writes the header line and every event of `trace`, each line ending in '\n'.
void write_jsonl(const Trace& trace, std::ostream& out);
// The same, as one string.
std::string to_jsonl(const Trace& trace);

// A JSON-lines trace that cannot be read: names the source, the line and what is wrong.
class TraceFormatError : public std::runtime_error {
 public:
  TraceFormatError(const std::string& source, std::size_t line, const std::string& what)
      : std::runtime_error(source + ":" + std::to_string(line) + ": " + what),
        source_(source),
        line_(line) {}
  const std::string& source() const { return source_; }
  std::size_t line() const { return line_; }

 private:
  std::string source_;
  std::size_t line_;
};

// What read_jsonl accepts at most; more is an error naming the line and the limit, found before
// the memory is spent (a 10 MB line of '[' once took 773 MB to refuse).
struct JsonlLimits {
  std::size_t max_line_bytes =
      std::size_t{1024} * 1024;  // a segment with a 64 KiB payload in hex: 128 KiB
  int max_depth = 16;            // the format itself nests 3 deep (the header's warnings)
  std::size_t max_events = kMaxTraceFileEvents;
  std::size_t max_hosts = 100'000;  // names in the header's "hosts"
};

// Reads what write_jsonl wrote (blank lines are ignored). `source_name` names the input in errors
// ("lesson.jsonl:7: segment: field \"seq\" must be an integer in 0..4294967295").
// Throws TraceFormatError.
Trace read_jsonl(std::istream& in, const std::string& source_name, const JsonlLimits& limits = {});

}  // namespace tcplab
