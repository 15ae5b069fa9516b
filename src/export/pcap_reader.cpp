#include "export/pcap_reader.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <set>
#include <variant>
#include <vector>

#include <pcap/pcap.h>

#include "export/state_observer.h"
#include "export/tcp_packet.h"

namespace tcplab {

namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::int64_t kLatestSecond = 9'000'000'000;  // year 2255: keeps ns in an int64
constexpr std::size_t kSllHeaderBytes = 16;
constexpr std::size_t kSll2HeaderBytes = 20;
constexpr std::size_t kNullHeaderBytes = 4;
constexpr std::size_t kVlanTagBytes = 4;
constexpr std::uint16_t kEtherTypeVlan = 0x8100;
constexpr std::uint16_t kEtherTypeQinQ = 0x88a8;
constexpr std::uint16_t kEtherTypeArp = 0x0806;
constexpr std::uint16_t kEtherTypeMinimum = 0x0600;  // below: an 802.3 length field
constexpr std::uint32_t kAfInet = 2;
constexpr std::uint32_t kAfInet6Values[] = {10, 24, 28, 30};  // Linux, BSDs, macOS, ...
constexpr std::size_t kMalformedListed = 10;  // skipped packets named one by one, then counted

struct PcapCloser {
  void operator()(pcap_t* p) const { pcap_close(p); }
};
using PcapHandle = std::unique_ptr<pcap_t, PcapCloser>;

// The IPv4 packet inside a frame.
struct Ipv4Bytes {
  std::span<const std::uint8_t> bytes;
  std::size_t wire_length;
};
using LinkResult = std::variant<Ipv4Bytes, NotTcp, Malformed>;

std::uint16_t get16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

std::string truncated(const char* what, std::size_t have, std::size_t need) {
  return std::string(what) + " header truncated (" + std::to_string(have) + " of " +
         std::to_string(need) + " bytes)";
}

LinkResult by_ethertype(std::uint16_t type, std::span<const std::uint8_t> rest,
                        std::size_t wire_rest) {
  if (type == kEtherTypeIpv4) return Ipv4Bytes{rest, wire_rest};
  if (type == kEtherTypeIpv6) return NotTcp{"IPv6"};
  if (type == kEtherTypeArp) return NotTcp{"ARP"};
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%04x", type);
  return NotTcp{std::string("EtherType ") + hex};
}

LinkResult by_ip_version(std::span<const std::uint8_t> data, std::size_t wire) {
  if (data.empty()) return Malformed{"empty packet"};
  const int version = data[0] >> 4;
  if (version == 4) return Ipv4Bytes{data, wire};
  if (version == 6) return NotTcp{"IPv6"};
  return Malformed{"IP version " + std::to_string(version) + " (expected 4 or 6)"};
}

// Strips the link-layer header. `wire` is the packet's length on the wire.
LinkResult strip_link(int linktype, std::span<const std::uint8_t> data, std::size_t wire) {
  auto rest = [&](std::size_t header) {
    return std::pair{data.subspan(header), wire > header ? wire - header : 0};
  };
  switch (linktype) {
    case DLT_EN10MB: {
      if (data.size() < kEthernetHeaderBytes) {
        return Malformed{truncated("Ethernet", data.size(), kEthernetHeaderBytes)};
      }
      std::size_t offset = 12;
      std::uint16_t type = get16(&data[offset]);
      while (type == kEtherTypeVlan || type == kEtherTypeQinQ) {  // 802.1Q / 802.1ad tags
        offset += kVlanTagBytes;
        if (data.size() < offset + 2) {
          return Malformed{truncated("VLAN-tagged Ethernet", data.size(), offset + 2)};
        }
        type = get16(&data[offset]);
      }
      if (type < kEtherTypeMinimum) return NotTcp{"802.3/LLC frame"};
      auto [bytes, w] = rest(offset + 2);
      return by_ethertype(type, bytes, w);
    }
    case DLT_RAW:
    case DLT_IPV4:
      return by_ip_version(data, wire);
    case DLT_LINUX_SLL: {
      if (data.size() < kSllHeaderBytes) {
        return Malformed{truncated("Linux cooked (SLL)", data.size(), kSllHeaderBytes)};
      }
      auto [bytes, w] = rest(kSllHeaderBytes);
      return by_ethertype(get16(&data[14]), bytes, w);
    }
    case DLT_LINUX_SLL2: {
      if (data.size() < kSll2HeaderBytes) {
        return Malformed{truncated("Linux cooked (SLL2)", data.size(), kSll2HeaderBytes)};
      }
      auto [bytes, w] = rest(kSll2HeaderBytes);
      return by_ethertype(get16(&data[0]), bytes, w);
    }
    case DLT_NULL:
    case DLT_LOOP: {
      if (data.size() < kNullHeaderBytes) {
        return Malformed{truncated("loopback", data.size(), kNullHeaderBytes)};
      }
      // DLT_NULL is in the capturing host's byte order, DLT_LOOP in network order: accept both.
      const std::uint32_t big = (std::uint32_t{data[0]} << 24) | (std::uint32_t{data[1]} << 16) |
                                (std::uint32_t{data[2]} << 8) | data[3];
      const std::uint32_t little = (std::uint32_t{data[3]} << 24) | (std::uint32_t{data[2]} << 16) |
                                   (std::uint32_t{data[1]} << 8) | data[0];
      auto [bytes, w] = rest(kNullHeaderBytes);
      if (big == kAfInet || little == kAfInet) return Ipv4Bytes{bytes, w};
      for (std::uint32_t v6 : kAfInet6Values) {
        if (big == v6 || little == v6) return NotTcp{"IPv6"};
      }
      return NotTcp{"address family " + std::to_string(std::min(big, little))};
    }
    default:
      return Malformed{"unsupported link type"};  // checked once per file, before any packet
  }
}

bool link_supported(int linktype) {
  switch (linktype) {
    case DLT_EN10MB:
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_NULL:
    case DLT_LOOP:
      return true;
    default:
      return false;
  }
}

std::string link_name(int linktype) {
  const char* name = pcap_datalink_val_to_name(linktype);
  return name != nullptr ? name : "linktype " + std::to_string(linktype);
}

std::string utc_text(std::int64_t epoch_ns) {
  const auto seconds = static_cast<std::time_t>(epoch_ns / kNsPerSecond);
  std::tm tm{};
  char date[40] = "?";
  if (gmtime_r(&seconds, &tm) != nullptr)
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
  char frac[16];
  std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(epoch_ns % kNsPerSecond));
  return std::string(date) + frac + " UTC";
}

struct CapturedSegment {
  std::size_t number;  // 1-based packet number in the file
  std::int64_t epoch_ns;
  DecodedTcp tcp;
};

// Names for every socket (local > remote): the host from the options, else "client"/"server",
// else the address; the label "host:port", with "#n" when the address has several connections.
std::map<FourTuple, EndpointName> name_endpoints(const std::vector<CapturedSegment>& segments,
                                                 const PcapImportOptions& options,
                                                 std::vector<std::string>& host_order) {
  struct Conversation {
    SocketAddress client, server;
    bool has_syn = false;
  };
  std::map<std::pair<SocketAddress, SocketAddress>, Conversation> conversations;
  for (const CapturedSegment& c : segments) {
    const Segment& s = c.tcp.segment;
    auto [it, fresh] = conversations.try_emplace(std::minmax(s.src, s.dst));
    if (!it->second.has_syn && s.flags.syn() && !s.flags.ack()) {
      it->second = {s.src, s.dst, true};
    }
  }
  std::set<Ipv4> client_ips, server_ips;
  bool all_have_syn = !conversations.empty();
  bool same_ip_somewhere = false;
  for (const auto& [key, conv] : conversations) {
    all_have_syn = all_have_syn && conv.has_syn;
    if (conv.has_syn) {
      client_ips.insert(conv.client.ip);
      server_ips.insert(conv.server.ip);
    }
    same_ip_somewhere = same_ip_somewhere || key.first.ip == key.second.ip;
  }
  // Roles are clear when every connection began with a SYN in the capture and no address both
  // connected and accepted. All clients on one address are "client", all servers on one address
  // "server"; several client (or server) addresses are named by their address.
  std::set<SocketAddress> servers;
  for (const auto& [key, conv] : conversations) servers.insert(conv.server);
  bool roles = all_have_syn;
  for (const auto& [key, conv] : conversations) roles = roles && !servers.contains(conv.client);
  std::map<SocketAddress, std::string> role_of;
  if (roles) {
    for (const auto& [key, conv] : conversations) {
      role_of[conv.client] = client_ips.size() == 1 ? "client" : to_string(conv.client.ip);
      role_of[conv.server] = server_ips.size() == 1 ? "server" : to_string(conv.server.ip);
    }
  }

  std::map<SocketAddress, EndpointName> names;
  std::set<std::string> hosts_named;  // host_order's members: thousands of peers are common
  auto name = [&](SocketAddress a) {
    if (names.contains(a)) return;
    std::string host;
    if (auto it = options.host_names.find(a.ip); it != options.host_names.end()) {
      host = it->second;
    } else if (auto r = role_of.find(a); r != role_of.end()) {
      host = r->second;
    } else if (same_ip_somewhere) {
      host = to_string(a);  // both ends share the address: the port tells them apart
    } else {
      host = to_string(a.ip);
    }
    const std::string label = host == to_string(a) ? host : host + ":" + std::to_string(a.port);
    names[a] = {host, label};
    if (hosts_named.insert(host).second) {
      host_order.push_back(host);
    }
  };
  // Each address's connections, in the order they first appear.
  std::map<SocketAddress, std::vector<SocketAddress>> peers;
  std::set<std::pair<SocketAddress, SocketAddress>> paired;  // a server may have thousands
  for (const CapturedSegment& c : segments) {
    const Segment& s = c.tcp.segment;
    name(s.src);
    name(s.dst);
    for (auto [local, remote] : {std::pair{s.src, s.dst}, std::pair{s.dst, s.src}}) {
      if (paired.insert({local, remote}).second) peers[local].push_back(remote);
    }
  }
  std::map<FourTuple, EndpointName> sockets;
  for (const auto& [local, remotes] : peers) {
    for (std::size_t i = 0; i < remotes.size(); ++i) {
      EndpointName n = names[local];
      if (remotes.size() > 1) n.label += "#" + std::to_string(i + 1);
      sockets[{local, remotes[i]}] = std::move(n);
    }
  }
  return sockets;
}

PcapImport read_open(pcap_t* pcap, const std::string& source, const PcapImportOptions& options) {
  PcapImport result;
  const int linktype = pcap_datalink(pcap);
  result.link_type = link_name(linktype);
  if (!link_supported(linktype)) {
    throw PcapImportError(source, 0,
                          "link type " + result.link_type +
                              " is not supported (Ethernet, raw IP, Linux cooked SLL/SLL2 or "
                              "loopback are)");
  }

  std::vector<CapturedSegment> segments;
  std::map<std::string, std::size_t> skipped;  // "IPv6" -> count
  std::vector<Message> warnings;
  std::size_t payload_cut = 0;
  bool have_first = false;

  std::size_t malformed_count = 0;
  for (std::size_t number = 1;; ++number) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    std::FILE* file = pcap_file(pcap);
    const long record_start = file != nullptr ? std::ftell(file) : -1;
    const std::string where =
        record_start >= 0 ? " (at byte offset " + std::to_string(record_start) + ")" : "";
    const int rc = pcap_next_ex(pcap, &header, &data);
    if (rc == PCAP_ERROR_BREAK) break;  // end of file
    if (rc != 1) {
      const std::string why = pcap_geterr(pcap);
      if (!options.skip_malformed) throw PcapImportError(source, number, why + where);
      result.stopped =
          PcapStop{number, static_cast<std::uint64_t>(std::max(record_start, 0L)), why};
      warnings.push_back(
          {N_("packet {0}: {1}{2}: reading stopped there, the rest of the file was not read"),
           {std::to_string(number), why, where}});
      break;
    }
    result.packets = number;
    auto malformed = [&](const std::string& why) {
      if (!options.skip_malformed) throw PcapImportError(source, number, why);
      if (++malformed_count <= kMalformedListed) {
        warnings.push_back({N_("packet {0}: {1} (skipped)"), {std::to_string(number), why}});
      }
    };
    const auto sec = static_cast<std::int64_t>(header->ts.tv_sec);
    const auto nsec = static_cast<std::int64_t>(header->ts.tv_usec);  // NANO precision
    if (sec < 0 || sec > kLatestSecond || nsec < 0 || nsec >= kNsPerSecond) {
      malformed("timestamp out of range (" + std::to_string(sec) + " s)");
      continue;
    }
    const std::int64_t epoch_ns = sec * kNsPerSecond + nsec;
    if (!have_first) {
      result.first_packet_epoch_ns = epoch_ns;
      have_first = true;
    }
    const std::span<const std::uint8_t> bytes(data, header->caplen);
    const std::size_t wire = std::max<std::size_t>(header->len, header->caplen);
    const LinkResult link = strip_link(linktype, bytes, wire);
    if (const auto* m = std::get_if<Malformed>(&link)) {
      malformed(m->what);
      continue;
    }
    if (const auto* n = std::get_if<NotTcp>(&link)) {
      ++skipped[n->what];
      continue;
    }
    const auto& ip = std::get<Ipv4Bytes>(link);
    DecodeResult decoded = decode_ipv4_tcp(ip.bytes, ip.wire_length);
    if (const auto* m = std::get_if<Malformed>(&decoded)) {
      malformed(m->what);
      continue;
    }
    if (const auto* n = std::get_if<NotTcp>(&decoded)) {
      ++skipped[n->what];
      continue;
    }
    auto& tcp = std::get<DecodedTcp>(decoded);
    if (segments.size() >= options.max_segments) {
      const std::string why = "more than " + std::to_string(options.max_segments) +
                              " TCP segments, the limit for a trace";
      if (!options.skip_malformed) throw PcapImportError(source, number, why + where);
      result.packets = number - 1;
      warnings.push_back(
          {N_("packet {0}{1}: {2}: reading stopped there, the rest of the file was not read"),
           {std::to_string(number), where, why}});
      break;
    }
    if (tcp.payload_missing > 0) ++payload_cut;
    segments.push_back({number, epoch_ns, std::move(tcp)});
  }

  if (malformed_count > kMalformedListed) {
    warnings.push_back({N_("and {0} more malformed packets skipped"),
                        {std::to_string(malformed_count - kMalformedListed)}});
  }
  Trace& trace = result.trace;
  trace.backend = "capture";
  const std::map<FourTuple, EndpointName> names = name_endpoints(segments, options, trace.hosts);
  if (!skipped.empty()) {
    std::size_t total = 0;
    std::string detail;
    for (const auto& [what, count] : skipped) {
      total += count;
      detail += (detail.empty() ? "" : ", ") + std::to_string(count) + " " + what;
    }
    trace.warnings.push_back({N_("skipped {0} packets that are not TCP over IPv4: {1}"),
                              {std::to_string(total), detail}});
  }
  if (payload_cut > 0) {
    trace.warnings.push_back({N_("{0} segments were cut short by the capture's snap length: their "
                                 "missing payload bytes are shown as zeros"),
                              {std::to_string(payload_cut)}});
  }
  trace.warnings.insert(trace.warnings.end(), warnings.begin(), warnings.end());

  trace.add(kTimeZero,
            NoteEvent{"", "capture " + source + ": " + std::to_string(result.packets) +
                              " packets, link type " + result.link_type + ", first packet at " +
                              utc_text(result.first_packet_epoch_ns)});
  StateObserver observer(EndpointNamer([&names](const FourTuple& socket) {
    auto it = names.find(socket);
    return it != names.end() ? it->second
                             : EndpointName{to_string(socket.local.ip), to_string(socket.local)};
  }));
  std::size_t out_of_order = 0;
  for (CapturedSegment& c : segments) {
    Instant at = instant_from_ns(c.epoch_ns - result.first_packet_epoch_ns);
    if (at < trace.end_time()) {  // a capture's clock can step back; keep file order
      ++out_of_order;
      at = trace.end_time();
    }
    SegmentEvent event;
    event.segment = std::move(c.tcp.segment);
    const EndpointName& sender = names.at({event.segment.src, event.segment.dst});
    event.from = sender.host;
    event.to = names.at({event.segment.dst, event.segment.src}).host;
    event.endpoint = sender.label;
    event.arrives_at = at;
    event.fate = SegmentFate::Delivered;
    event.reason = "packet " + std::to_string(c.number);
    if (c.tcp.payload_missing > 0) {
      event.reason +=
          ", " + std::to_string(c.tcp.payload_missing) + " payload bytes not captured (zeros)";
    }
    const std::uint64_t id = trace.add_segment(at, std::move(event));
    if (options.infer_states) observer.observe(at, *trace.segment_by_id(id), trace);
  }
  if (options.infer_states) observer.finish(trace);
  if (out_of_order > 0) {
    trace.warnings.push_back({N_("{0} packets have a timestamp earlier than the packet before "
                                 "them: shown at that packet's time, in file order"),
                              {std::to_string(out_of_order)}});
  }
  result.segments = trace.segment_count();
  return result;
}

}  // namespace

PcapImport read_pcap(const std::string& path, const PcapImportOptions& options) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  PcapHandle pcap(
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf));
  if (!pcap) throw PcapImportError(path, 0, errbuf);
  return read_open(pcap.get(), path, options);
}

PcapImport read_pcap_bytes(std::span<const std::uint8_t> bytes, const std::string& source_name,
                           const PcapImportOptions& options) {
  if (bytes.empty()) throw PcapImportError(source_name, 0, "empty: not a pcap or pcapng file");
  // fmemopen only reads through the pointer ("rb"), so casting away const is safe.
  std::FILE* file =
      fmemopen(const_cast<std::uint8_t*>(bytes.data()), bytes.size(), "rb");  // NOLINT
  if (file == nullptr) throw PcapImportError(source_name, 0, "cannot open the bytes as a file");
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  PcapHandle pcap(
      pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf));
  if (!pcap) {
    std::fclose(file);  // libpcap closes the file only once it has taken it
    throw PcapImportError(source_name, 0, errbuf);
  }
  return read_open(pcap.get(), source_name, options);
}

}  // namespace tcplab
