#pragma once
// Opening and saving a Trace as a file, whatever its form: what `tcplab open` and the GUI's
// File → Open / Save call. Formats: docs/trace-format.md.
#include <optional>
#include <string>

#include "core/trace.h"
#include "export/pcap_reader.h"
#include "export/pcap_writer.h"

namespace tcplab {

enum class TraceFileFormat {
  JsonLines,  // .jsonl
  Pcap,       // .pcap (write); .pcap or .pcapng (read)
};

// The format a file name asks for: ".jsonl"/".json" -> JsonLines, ".pcap"/".pcapng"/".cap" ->
// Pcap; nullopt otherwise.
std::optional<TraceFileFormat> format_for_path(const std::string& path);

// A trace file as read, and where a capture read with skip_malformed stopped before its end.
struct OpenedTrace {
  Trace trace;
  std::optional<PcapStop> stopped;
};

// Reads a JSON-lines trace or a pcap/pcapng capture, told apart by the file's first bytes (not its
// name). Throws TraceFormatError, PcapImportError, or std::runtime_error if it cannot be opened.
OpenedTrace open_trace(const std::string& path, const PcapImportOptions& capture_options = {});
// The same, for callers that read strictly (a capture cut short is then an error).
Trace open_trace_file(const std::string& path, const PcapImportOptions& capture_options = {});

// Writes `trace` in `format` (JSON lines or pcap with `pcap_options`). Throws PcapExportError or
// std::runtime_error if the file cannot be written.
void save_trace_file(const Trace& trace, const std::string& path, TraceFileFormat format,
                     const PcapExportOptions& pcap_options = {});

}  // namespace tcplab
