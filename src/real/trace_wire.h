#pragma once
// The kernel run's answer as it crosses the pipe from the sandboxed child to the caller: a Trace
// and whether the run completed, as tab-separated text lines (one per event). Private to
// src/real; the public, documented form of a trace is src/export's JSON lines.
#include <string>

#include "core/trace.h"

namespace tcplab::real {

struct WireRun {
  Trace trace;
  bool completed = true;
  std::int64_t end_ns = 0;  // when the run ended, on the trace's clock
};

std::string encode_run(const WireRun& run);
// Throws std::runtime_error on text that encode_run() did not write.
WireRun decode_run(const std::string& text);

}  // namespace tcplab::real
