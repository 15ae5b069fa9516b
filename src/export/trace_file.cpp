#include "export/trace_file.h"

#include <cstring>
#include <fstream>
#include <stdexcept>

#include "export/jsonl.h"

namespace tcplab {

namespace {
bool ends_with(const std::string& text, const char* suffix) {
  const std::size_t n = std::strlen(suffix);
  if (text.size() < n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[text.size() - n + i];
    if (static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != suffix[i]) return false;
  }
  return true;
}
}  // namespace

std::optional<TraceFileFormat> format_for_path(const std::string& path) {
  if (ends_with(path, ".jsonl") || ends_with(path, ".json")) return TraceFileFormat::JsonLines;
  if (ends_with(path, ".pcap") || ends_with(path, ".pcapng") || ends_with(path, ".cap")) {
    return TraceFileFormat::Pcap;
  }
  return std::nullopt;
}

OpenedTrace open_trace(const std::string& path, const PcapImportOptions& capture_options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
  // JSON lines start with '{' (perhaps after blank space); pcap and pcapng start with a binary
  // magic number, never with a '{' or white space.
  char first = 0;
  while (in.get(first) && (first == ' ' || first == '\t' || first == '\r' || first == '\n')) {
  }
  if (in && first == '{') {
    in.clear();
    in.seekg(0);
    return {read_jsonl(in, path), std::nullopt};
  }
  PcapImport capture = read_pcap(path, capture_options);
  return {std::move(capture.trace), std::move(capture.stopped)};
}

Trace open_trace_file(const std::string& path, const PcapImportOptions& capture_options) {
  return open_trace(path, capture_options).trace;
}

void save_trace_file(const Trace& trace, const std::string& path, TraceFileFormat format,
                     const PcapExportOptions& pcap_options) {
  if (format == TraceFileFormat::Pcap) {
    write_pcap(trace, path, pcap_options);
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
  write_jsonl(trace, out);
  out.flush();
  if (!out) throw std::runtime_error(path + ": write failed");
}

}  // namespace tcplab
