#include "app/trace_commands.h"

#include <cmath>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <unordered_map>

#include <fmt/core.h>

#include "app/exit_codes.h"
#include "export/jsonl.h"
#include "export/trace_file.h"
#include "present/message_text.h"
#include "scenario/scenario.h"

namespace tcplab {

namespace {
constexpr double kNsPerSecond = 1e9;
}  // namespace

int export_trace_files(const Trace& trace, const TraceExportSettings& settings) {
  if (settings.pcap_path.empty() && settings.jsonl_path.empty()) {
    fmt::print(stderr, "tcplab: export: say where to write: --pcap FILE and/or --jsonl FILE\n");
    return kExitBadInput;
  }
  try {
    if (!settings.pcap_path.empty()) {
      PcapExportOptions options;
      options.keep_dropped = settings.keep_dropped;
      options.link = settings.raw_ip ? PcapLink::RawIpv4 : PcapLink::Ethernet;
      options.timestamp = settings.send_times ? PcapTimestamp::Send : PcapTimestamp::Arrival;
      options.epoch_ns = std::llround(settings.epoch_seconds * kNsPerSecond);
      const PcapExportResult r = write_pcap(trace, settings.pcap_path, options);
      fmt::print(stderr, "tcplab: wrote {} packets to {}", r.packets, settings.pcap_path);
      if (r.dropped_left_out > 0) {
        fmt::print(stderr,
                   " ({} dropped segments left out: the receiver never saw them; --keep-dropped "
                   "writes them with IP DSCP LE, filter ip.dsfield.dscp == 1)",
                   r.dropped_left_out);
      } else if (settings.keep_dropped) {
        fmt::print(stderr, " (dropped segments marked with IP DSCP LE: ip.dsfield.dscp == 1)");
      }
      fmt::print(stderr, "\n");
    }
    if (!settings.jsonl_path.empty()) {
      if (settings.jsonl_path == "-") {
        write_jsonl(trace, std::cout);
      } else {
        save_trace_file(trace, settings.jsonl_path, TraceFileFormat::JsonLines);
      }
      fmt::print(stderr, "tcplab: wrote {} events to {}\n", trace.size(), settings.jsonl_path);
    }
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "tcplab: {}\n", e.what());
    return kExitBadInput;
  }
  return kExitOk;
}

int open_trace_command(const std::string& path, const std::string& format,
                       const LadderOptions& ladder) {
  OpenedTrace opened;
  try {
    // As Wireshark does: malformed packets are skipped and a capture cut short shows what it has.
    PcapImportOptions lenient;
    lenient.skip_malformed = true;
    opened = open_trace(path, lenient);
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "tcplab: {}\n", e.what());
    return kExitBadInput;
  }
  const Trace& trace = opened.trace;
  for (const auto& warning : trace.warnings)
    fmt::print(stderr, "tcplab: warning: {}\n", present::message_text(warning));
  // A capture cut short is still damaged input: exit 2 after showing its packets, as tshark does.
  const auto cut_short = [&] {
    if (!opened.stopped) return kExitOk;
    const PcapStop& stop = *opened.stopped;
    std::cout.flush();
    const std::size_t before = stop.packet - 1;
    fmt::print(stderr,
               "tcplab: {}: packet {}: {} (at byte offset {}): the capture stops there; {}\n", path,
               stop.packet, stop.why, stop.byte_offset,
               before == 1 ? "the packet before it is shown"
                           : "the " + std::to_string(before) + " packets before it are shown");
    return kExitBadInput;
  };
  if (format == "jsonl") {
    write_jsonl(trace, std::cout);
    return cut_short();
  }
  // The ladder needs a scenario only for its hosts' addresses and narration: a capture has no
  // lesson, so its hosts are the trace's, each with the address it sent from.
  Scenario view;
  view.id = std::filesystem::path(path).filename().string();
  view.link.latency = Duration{0};
  std::unordered_map<std::string, Ipv4> sent_from;  // one pass, however many hosts
  std::size_t states = 0;
  for (const auto& e : trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body)) {
      sent_from.try_emplace(s->from, s->segment.src.ip);
    }
    states += holds_alternative<StateEvent>(e.body);
  }
  for (const auto& host : trace.hosts) {
    if (auto it = sent_from.find(host); it != sent_from.end())
      view.hosts.push_back({host, it->second});
  }
  fmt::print("{}  ({} trace: {} segments, {} state changes{})\n\n", view.id, trace.backend,
             trace.segment_count(), states,
             trace.backend == "capture" ? " inferred from the segments" : "");
  write_ladder(view, trace, ladder, std::cout);
  std::cout << '\n';
  return cut_short();
}

}  // namespace tcplab
