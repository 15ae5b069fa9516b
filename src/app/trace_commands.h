#pragma once
// `tcplab export` and `tcplab open`: a lesson's trace written as pcap / JSON lines, and a capture
// or saved trace drawn as the same ladder `tcplab run` prints. Formats: docs/trace-format.md.
#include <cstdint>
#include <string>

#include "core/trace.h"
#include "scenario/ladder_text.h"

namespace tcplab {

struct TraceExportSettings {
  std::string pcap_path;   // "" = no pcap; "-" = standard output
  std::string jsonl_path;  // "" = no JSON lines; "-" = standard output
  bool keep_dropped = false;
  bool raw_ip = false;         // LINKTYPE_RAW instead of Ethernet
  bool send_times = false;     // stamp segments when sent, not when they arrived
  double epoch_seconds = 0.0;  // Unix time of the trace's t = 0 in the pcap
};

// Writes `trace` where `settings` say; reports what it wrote on standard error.
// Returns 0, or 2 after printing the error.
int export_trace_files(const Trace& trace, const TraceExportSettings& settings);

// Reads a pcap/pcapng capture or a JSON-lines trace and prints it: "text" (the ladder) or
// "jsonl". Returns 0, or 2 after printing the error (with the packet or line number).
int open_trace_command(const std::string& path, const std::string& format,
                       const LadderOptions& ladder);

}  // namespace tcplab
