#include "export/pcap_writer.h"

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include <pcap/pcap.h>

#include "export/tcp_packet.h"

namespace tcplab {

namespace {

constexpr int kSnapLength = 262144;
constexpr std::uint8_t kTtl = 64;
constexpr std::uint16_t kFirstIpId = 1;

struct PcapCloser {
  void operator()(pcap_t* p) const { pcap_close(p); }
};
struct DumperCloser {
  void operator()(pcap_dumper_t* d) const { pcap_dump_close(d); }
};

struct Packet {
  Instant at;
  std::size_t order;  // position in the trace: ties keep trace order
  std::vector<std::uint8_t> bytes;
};

std::string host_of(const std::string& name, SocketAddress address) {
  return name.empty() ? to_string(address.ip) : name;
}

std::vector<std::uint8_t> ethernet_frame(const std::string& from, const std::string& to,
                                         const std::vector<std::uint8_t>& ip_packet) {
  std::vector<std::uint8_t> frame;
  frame.reserve(kEthernetHeaderBytes + ip_packet.size());
  const auto dst = fake_mac_for_host(to);
  const auto src = fake_mac_for_host(from);
  frame.insert(frame.end(), dst.begin(), dst.end());
  frame.insert(frame.end(), src.begin(), src.end());
  frame.push_back(static_cast<std::uint8_t>(kEtherTypeIpv4 >> 8));
  frame.push_back(static_cast<std::uint8_t>(kEtherTypeIpv4 & 0xff));
  frame.insert(frame.end(), ip_packet.begin(), ip_packet.end());
  return frame;
}

}  // namespace

std::array<std::uint8_t, 6> fake_mac_for_host(std::string_view host) {
  // FNV-1a, 64 bit: stable across runs and machines.
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : host) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  std::array<std::uint8_t, 6> mac{};
  mac[0] = 0x02;  // locally administered, unicast
  for (std::size_t i = 1; i < mac.size(); ++i) {
    mac[i] = static_cast<std::uint8_t>(h >> (8 * (i - 1)));
  }
  return mac;
}

PcapExportResult write_pcap(const Trace& trace, const std::string& path,
                            const PcapExportOptions& options) {
  PcapExportResult result;
  std::map<std::string, std::uint16_t> next_ip_id;  // per sending host
  std::vector<Packet> packets;

  for (std::size_t i = 0; i < trace.events().size(); ++i) {
    const TraceEvent& event = trace.events()[i];
    const auto* seg = get_if<SegmentEvent>(&event.body);
    if (seg == nullptr) continue;
    const std::string from = host_of(seg->from, seg->segment.src);
    const std::string to = host_of(seg->to, seg->segment.dst);
    // The IP ID counts every packet the host sent, lost ones too: a gap shows a loss.
    auto [it, fresh] = next_ip_id.try_emplace(from, kFirstIpId);
    Ipv4Fields ip;
    ip.id = it->second++;
    ip.ttl = kTtl;
    ip.dont_fragment = true;
    const bool dropped = seg->fate == SegmentFate::Dropped;
    if (dropped && !options.keep_dropped) {
      ++result.dropped_left_out;
      continue;
    }
    if (dropped) ip.tos = static_cast<std::uint8_t>(kDroppedSegmentDscp << 2);

    std::vector<std::uint8_t> bytes;
    try {
      bytes = encode_ipv4_tcp(seg->segment, ip);
    } catch (const std::invalid_argument& e) {
      throw PcapExportError("segment " + std::to_string(seg->id) + ": " + e.what());
    }
    if (options.link == PcapLink::Ethernet) bytes = ethernet_frame(from, to, bytes);

    Instant at = event.at;
    if ((dropped || options.timestamp == PcapTimestamp::Arrival) && seg->arrives_at > at) {
      at = seg->arrives_at;
    }
    packets.push_back({at, i, std::move(bytes)});
  }
  // Arrivals can be out of send order (a delayed or reordered segment): a capture is in time order.
  std::stable_sort(packets.begin(), packets.end(),
                   [](const Packet& a, const Packet& b) { return a.at < b.at; });

  const int linktype = options.link == PcapLink::Ethernet ? DLT_EN10MB : DLT_RAW;
  std::unique_ptr<pcap_t, PcapCloser> dead(
      pcap_open_dead_with_tstamp_precision(linktype, kSnapLength, PCAP_TSTAMP_PRECISION_NANO));
  if (!dead) throw PcapExportError("libpcap: cannot create a capture handle");
  std::unique_ptr<pcap_dumper_t, DumperCloser> dumper(pcap_dump_open(dead.get(), path.c_str()));
  if (!dumper) throw PcapExportError(path + ": " + pcap_geterr(dead.get()));

  constexpr std::int64_t kNsPerSecond = 1'000'000'000;
  for (const Packet& packet : packets) {
    const std::int64_t ns = options.epoch_ns + to_ns(packet.at);
    if (ns < 0) throw PcapExportError("a timestamp before 1970: pcap cannot store it");
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(ns / kNsPerSecond);
    header.ts.tv_usec = static_cast<suseconds_t>(ns % kNsPerSecond);  // nanoseconds: NANO file
    header.caplen = static_cast<bpf_u_int32>(packet.bytes.size());
    header.len = header.caplen;
    pcap_dump(reinterpret_cast<u_char*>(dumper.get()), &header, packet.bytes.data());  // NOLINT
    ++result.packets;
  }
  if (pcap_dump_flush(dumper.get()) != 0) throw PcapExportError(path + ": write failed");
  return result;
}

}  // namespace tcplab
