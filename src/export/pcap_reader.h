#pragma once
// Opens a capture (pcap or pcapng, through libpcap) as a Trace: every TCP segment over IPv4
// becomes a SegmentEvent, and a StateObserver infers each endpoint's state from them.
// Link types: Ethernet (with VLAN tags), raw IP, Linux cooked (SLL, SLL2), BSD loopback (NULL,
// LOOP). IPv6 and non-TCP packets are skipped and counted in trace.warnings.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "core/trace.h"
#include "export/trace_limits.h"

namespace tcplab {

struct PcapImportOptions {
  // Host names by address ("10.0.0.1" -> "client"); others are named automatically: "client" and
  // "server" by who sent the first SYN when that is unambiguous, otherwise by address.
  std::map<Ipv4, std::string> host_names;
  // Malformed packets are an error (PcapImportError) unless this is set: then they are skipped
  // and listed in trace.warnings (the first ten, then a count), and a file cut in the middle of
  // a packet keeps the packets before the cut (PcapImport::stopped says where).
  bool skip_malformed = false;
  // Infer endpoint states (StateEvents, NoteEvents) with a StateObserver.
  bool infer_states = true;
  // TCP segments read at most: one more is an error, or with skip_malformed the reading stops
  // there with a warning naming the packet and its byte offset.
  std::size_t max_segments = kMaxCaptureSegments;
};

// Where a lenient read stopped before the end of the file, and why.
struct PcapStop {
  std::size_t packet = 0;         // 1-based number of the packet that could not be read
  std::uint64_t byte_offset = 0;  // where that packet's record starts in the file
  std::string why;                // libpcap's reason: "truncated dump file; tried to read ..."
};

struct PcapImport {
  Trace trace;                             // backend "capture"; t = 0 is the first packet
  std::size_t packets = 0;                 // packets in the file
  std::size_t segments = 0;                // TCP segments in the trace
  std::int64_t first_packet_epoch_ns = 0;  // when the first packet was captured (Unix time)
  std::string link_type;                   // libpcap's name: "EN10MB", "LINUX_SLL2" ...
  std::optional<PcapStop> stopped;         // skip_malformed: the rest of the file was unreadable
};

// A capture that cannot be read: "capture.pcap: packet 17: IPv4 header truncated (12 of 20 bytes)".
class PcapImportError : public std::runtime_error {
 public:
  PcapImportError(const std::string& source, std::size_t packet, const std::string& what)
      : std::runtime_error(source + ": " +
                           (packet > 0 ? "packet " + std::to_string(packet) + ": " : "") + what),
        packet_(packet) {}
  std::size_t packet() const { return packet_; }  // 1-based; 0 for the file as a whole

 private:
  std::size_t packet_;
};

// Reads the capture at `path`. Throws PcapImportError.
PcapImport read_pcap(const std::string& path, const PcapImportOptions& options = {});
// Reads a capture held in memory (tests, fuzzing); `source_name` names it in errors.
PcapImport read_pcap_bytes(std::span<const std::uint8_t> bytes, const std::string& source_name,
                           const PcapImportOptions& options = {});

}  // namespace tcplab
