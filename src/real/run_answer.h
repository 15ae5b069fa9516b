#pragma once
// The kernel run's answer as it crosses the pipe from the sandboxed child to the caller: one JSON
// line saying how the run ended and how many events follow, then the trace in src/export's JSON
// lines (docs/trace-format.md), so the pipe carries every field a trace file does.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "core/trace.h"

namespace tcplab::real {

// An injection that could not be made stopped the run, as it stops the model's: which one (its
// index in Scenario::injections) and why (resolve_injection's words). The caller turns it into the
// model's ScenarioError naming the injection's place in the lesson.
struct InjectionFailure {
  std::size_t index = 0;
  std::string why;
};

struct RunAnswer {
  Trace trace;
  bool completed = true;
  std::int64_t end_ns = 0;  // when the run ended, on the trace's clock
  std::optional<InjectionFailure> injection_failure;
};

// Names the answer in read errors: "kernel run answer:1: run: ..." for the run line, "kernel run
// answer, trace:7: segment: ..." for the trace's lines (numbered from its header).
inline constexpr const char* kRunAnswerSource = "kernel run answer";

void write_run_answer(const Trace& trace, bool completed, std::int64_t end_ns, std::ostream& out,
                      const std::optional<InjectionFailure>& injection_failure = std::nullopt);
// Reads what write_run_answer wrote, as it arrives, within src/export's trace limits. Throws
// TraceFormatError naming the line and what is wrong, including an answer that stops short.
RunAnswer read_run_answer(std::istream& in);

}  // namespace tcplab::real
