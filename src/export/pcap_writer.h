#pragma once
// A Trace as a pcap file, through libpcap's dump API, for Wireshark and tcpdump.
// Every segment becomes Ethernet (fake MAC per host) + IPv4 + TCP with correct lengths and
// checksums; timestamps are the trace's virtual time (nanosecond pcap), plus an optional epoch.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/trace.h"

namespace tcplab {

// The DSCP that marks a dropped segment when PcapExportOptions::keep_dropped is set:
// Lower-Effort (LE, RFC 8622), which Wireshark prints as "DSCP: LE". Filter: ip.dsfield.dscp == 1
inline constexpr std::uint8_t kDroppedSegmentDscp = 1;

enum class PcapLink {
  Ethernet,  // LINKTYPE_ETHERNET: what most captures are; fake MAC 02:xx:xx:xx:xx:xx per host
  RawIpv4,   // LINKTYPE_RAW: IPv4 with no link header
};

enum class PcapTimestamp {
  Arrival,  // a delivered segment's arrival (what the receiver's wire saw); the default
  Send,     // when the sender sent it
};

struct PcapExportOptions {
  PcapLink link = PcapLink::Ethernet;
  PcapTimestamp timestamp = PcapTimestamp::Arrival;
  // Dropped segments are left out (the receiver never saw them). With keep_dropped they are
  // written at the instant they were lost, with IP DSCP kDroppedSegmentDscp.
  bool keep_dropped = false;
  // Added to every virtual timestamp: 0 puts the trace at 1970-01-01 00:00:00 UTC.
  std::int64_t epoch_ns = 0;
};

struct PcapExportResult {
  std::size_t packets = 0;           // packets written
  std::size_t dropped_left_out = 0;  // dropped segments not written
};

class PcapExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `trace` to `path` ("-" is standard output). Throws PcapExportError (cannot open the file,
// a payload too large for IPv4).
PcapExportResult write_pcap(const Trace& trace, const std::string& path,
                            const PcapExportOptions& options = {});

// The Ethernet address tcplab gives `host` in exported captures: locally administered, unicast,
// derived from the host's name, so it is the same in every export.
std::array<std::uint8_t, 6> fake_mac_for_host(std::string_view host);

}  // namespace tcplab
