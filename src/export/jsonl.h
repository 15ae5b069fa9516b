#pragma once
// The Trace as JSON lines: one header line, then one event per line (format: docs/trace-format.md).
// Same Trace => byte-identical output: keys are always written in the same order.
#include <cstddef>
#include <iosfwd>
#include <stdexcept>
#include <string>

#include "core/trace.h"

namespace tcplab {

inline constexpr int kTraceFormatVersion = 1;

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

// Reads what write_jsonl wrote (blank lines are ignored). `source_name` names the input in errors
// ("lesson.jsonl:7: segment: field \"seq\" must be an integer in 0..4294967295").
// Throws TraceFormatError.
Trace read_jsonl(std::istream& in, const std::string& source_name);

}  // namespace tcplab
