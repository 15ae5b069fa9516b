#include "export/pcap_reader.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include "export/pcap_writer.h"
#include "export/tcp_packet.h"
#include "sample_traces.h"
#include "support/trace_text.h"
#include "test_files.h"

namespace tcplab {
namespace {

using samples::kClient;
using samples::kServer;

// Writes `frames` (link-layer bytes as `dlt` has them) to a pcap file, 1 ms apart.
void write_frames(const std::string& path, int dlt,
                  const std::vector<std::vector<std::uint8_t>>& frames) {
  pcap_t* dead = pcap_open_dead(dlt, 262144);
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  ASSERT_NE(dumper, nullptr);
  long usec = 0;
  for (const auto& f : frames) {
    pcap_pkthdr h{};
    h.ts.tv_sec = 1'700'000'000;
    h.ts.tv_usec = usec += 1000;
    h.caplen = static_cast<bpf_u_int32>(f.size());
    h.len = h.caplen;
    pcap_dump(reinterpret_cast<u_char*>(dumper), &h, f.data());  // NOLINT
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
}

Segment syn_segment() {
  Segment s;
  s.src = kClient;
  s.dst = kServer;
  s.seq = SeqNum(77);
  s.flags = TcpFlag::Syn;
  s.window = 1024;
  return s;
}

std::vector<std::uint8_t> ip_syn() { return encode_ipv4_tcp(syn_segment(), Ipv4Fields{}); }

std::vector<std::uint8_t> with_prefix(std::vector<std::uint8_t> prefix,
                                      const std::vector<std::uint8_t>& rest) {
  prefix.insert(prefix.end(), rest.begin(), rest.end());
  return prefix;
}

std::vector<std::uint8_t> ethernet(std::uint16_t type, const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> h(12, 0x22);
  h.push_back(static_cast<std::uint8_t>(type >> 8));
  h.push_back(static_cast<std::uint8_t>(type));
  return with_prefix(h, payload);
}

std::string import_error(const std::string& path, PcapImportOptions options = {}) {
  try {
    read_pcap(path, options);
  } catch (const PcapImportError& e) {
    return e.what();
  }
  return "";
}

void expect_same_segments(const Trace& original, const Trace& imported) {
  std::vector<const SegmentEvent*> delivered;
  for (const auto& e : original.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body);
        s && s->fate == SegmentFate::Delivered) {
      delivered.push_back(s);
    }
  }
  ASSERT_EQ(imported.segment_count(), delivered.size());
  for (std::size_t i = 0; i < delivered.size(); ++i) {
    SCOPED_TRACE("segment " + std::to_string(i + 1));
    const Segment& a = delivered[i]->segment;
    const SegmentEvent& got = *imported.segment_by_id(i + 1);
    const Segment& b = got.segment;
    EXPECT_EQ(b.src, a.src);
    EXPECT_EQ(b.dst, a.dst);
    EXPECT_EQ(b.flags, a.flags);
    EXPECT_EQ(b.seq, a.seq);
    EXPECT_EQ(b.options, a.options) << tcpdump_options(b.options);
    if (a.flags.ack()) {
      EXPECT_EQ(b.ack, a.ack);
    }
    EXPECT_EQ(b.window, a.window);
    EXPECT_EQ(b.payload, a.payload);
    EXPECT_EQ(b.payload_len(), a.payload_len());
    EXPECT_EQ(got.from, delivered[i]->from);  // "client"/"server" from the first SYN
    EXPECT_EQ(got.to, delivered[i]->to);
    EXPECT_EQ(got.fate, SegmentFate::Delivered);
    EXPECT_EQ(got.rel_seq, delivered[i]->rel_seq);
    EXPECT_EQ(got.rel_ack, delivered[i]->rel_ack);
  }
}

TEST(PcapRoundTrip, ExportThenImportGivesTheSameSegments) {
  for (PcapLink link : {PcapLink::Ethernet, PcapLink::RawIpv4}) {
    int n = 0;
    for (const Trace& trace : {samples::four_way_close(), samples::lost_last_ack(),
                               samples::rst_close(), samples::refused()}) {
      SCOPED_TRACE("trace " + std::to_string(++n));
      const std::string path = testing::temp_path("rt.pcap");
      PcapExportOptions options;
      options.link = link;
      write_pcap(trace, path, options);
      const PcapImport imported = read_pcap(path);
      expect_same_segments(trace, imported.trace);
      EXPECT_EQ(imported.trace.backend, "capture");
      EXPECT_EQ(imported.trace.hosts, (std::vector<std::string>{"client", "server"}));
      EXPECT_TRUE(imported.trace.warnings.empty());
    }
  }
}

TEST(PcapRoundTrip, OptionsComeBackExactlyIncludingSackBlocks) {
  Trace trace = samples::four_way_close();
  SegmentEvent ack = *trace.segment_by_id(3);
  ack.segment.options.sack = {{SeqNum(5000), SeqNum(6000)}, {SeqNum(7000), SeqNum(7100)}};
  Trace one;
  one.backend = "model";
  one.hosts = trace.hosts;
  one.add_segment(kTimeZero, ack);
  const std::string path = testing::temp_path("sack.pcap");
  write_pcap(one, path, {});
  const PcapImport imported = read_pcap(path);
  ASSERT_EQ(imported.trace.segment_count(), 1u);
  const TcpOptions& got = imported.trace.segment_by_id(1)->segment.options;
  EXPECT_EQ(got, ack.segment.options);
  EXPECT_EQ(tcpdump_options(got).substr(0, 10), "nop,nop,TS");
  EXPECT_NE(tcpdump_options(got).find(",nop,nop,sack 2 {5000:6000} {7000:7100}"), std::string::npos)
      << tcpdump_options(got);
}

TEST(PcapReaderErrors, AMalformedOptionListNamesThePacket) {
  Segment s = syn_segment();
  s.options.mss = 1460;
  auto packet = encode_ipv4_tcp(s, {});
  packet.at(kIpv4HeaderBytes + kTcpHeaderBytes + 1) = 9;  // MSS option length 9, beyond the header
  DecodeResult r = decode_ipv4_tcp(packet, packet.size());
  ASSERT_TRUE(std::holds_alternative<Malformed>(r));
  EXPECT_EQ(std::get<Malformed>(r).what,
            "TCP option kind 2 has length 9, beyond the header's 4 option bytes at option byte 0");
}

TEST(PcapRoundTrip, TimesAreRelativeToTheFirstPacket) {
  const std::string path = testing::temp_path("times.pcap");
  PcapExportOptions options;
  options.epoch_ns = 1'763'700'000'123'456'789;
  write_pcap(samples::four_way_close(), path, options);
  const PcapImport imported = read_pcap(path);
  EXPECT_EQ(imported.first_packet_epoch_ns, options.epoch_ns + 1'100'000);
  EXPECT_EQ(imported.packets, 11u);
  EXPECT_EQ(imported.segments, 11u);
  EXPECT_EQ(imported.link_type, "EN10MB");
  std::vector<std::int64_t> times;
  for (const auto& e : imported.trace.events()) {
    if (holds_alternative<SegmentEvent>(e.body)) times.push_back(to_ns(e.at));
  }
  EXPECT_EQ(times.at(0), 0);
  EXPECT_EQ(times.at(1), 100'000);
  const auto& first = get<NoteEvent>(imported.trace.events().front().body);
  EXPECT_EQ(first.text, "capture " + path +
                            ": 11 packets, link type EN10MB, first packet at 2025-11-21 "
                            "04:40:00.124556789 UTC");
}

TEST(PcapRoundTrip, CaptureOfTheLostAckLessonShowsTheRetransmittedFin) {
  const std::string path = testing::temp_path("lla.pcap");
  write_pcap(samples::lost_last_ack(), path);
  const Trace t = read_pcap(path).trace;
  std::size_t retransmissions = 0;
  for (std::uint64_t id = 1; id <= t.segment_count(); ++id) {
    if (t.segment_by_id(id)->retransmission) {
      ++retransmissions;
      EXPECT_TRUE(t.segment_by_id(id)->segment.flags.fin());
    }
  }
  EXPECT_EQ(retransmissions, 1u);
}

TEST(PcapReaderNames, HostNamesFromOptionsOrAddresses) {
  const std::string path = testing::temp_path("names.pcap");
  write_pcap(samples::four_way_close(), path);
  PcapImportOptions options;
  options.host_names[kServer.ip] = "web";
  const Trace t = read_pcap(path, options).trace;
  EXPECT_EQ(t.hosts, (std::vector<std::string>{"client", "web"}));
  EXPECT_EQ(t.segment_by_id(2)->endpoint, "web:5555");

  // Without the SYN nobody is known to be the client: hosts are named by address.
  write_frames(path, DLT_RAW, {[] {
                 Segment s = syn_segment();
                 s.flags = TcpFlag::Ack;
                 return encode_ipv4_tcp(s, {});
               }()});
  const Trace mid = read_pcap(path).trace;
  EXPECT_EQ(mid.hosts, (std::vector<std::string>{"127.0.0.1", "127.0.0.2"}));
  EXPECT_EQ(mid.segment_by_id(1)->endpoint, "127.0.0.1:40000");
}

struct LinkCase {
  const char* name;
  int dlt;
  std::vector<std::uint8_t> frame;
};

TEST(PcapReaderLinks, EveryLinkTypeGivesTheSameSegment) {
  const auto ip = ip_syn();
  std::vector<std::uint8_t> sll(16, 0);
  sll[14] = 0x08;  // protocol 0x0800
  std::vector<std::uint8_t> sll2(20, 0);
  sll2[0] = 0x08;
  const std::vector<LinkCase> cases = {
      {"ethernet", DLT_EN10MB, ethernet(0x0800, ip)},
      {"ethernet+vlan", DLT_EN10MB, ethernet(0x8100, with_prefix({0x00, 0x05, 0x08, 0x00}, ip))},
      {"raw", DLT_RAW, ip},
      {"sll", DLT_LINUX_SLL, with_prefix(sll, ip)},
      {"sll2", DLT_LINUX_SLL2, with_prefix(sll2, ip)},
      {"null little-endian", DLT_NULL, with_prefix({2, 0, 0, 0}, ip)},
      {"null big-endian", DLT_NULL, with_prefix({0, 0, 0, 2}, ip)},
      {"loop", DLT_LOOP, with_prefix({0, 0, 0, 2}, ip)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = testing::temp_path("link.pcap");
    write_frames(path, c.dlt, {c.frame});
    const PcapImport imported = read_pcap(path);
    ASSERT_EQ(imported.trace.segment_count(), 1u);
    const Segment& s = imported.trace.segment_by_id(1)->segment;
    EXPECT_EQ(s.src, kClient);
    EXPECT_EQ(s.dst, kServer);
    EXPECT_EQ(s.seq, SeqNum(77));
    EXPECT_EQ(s.flags, TcpFlags(TcpFlag::Syn));
    EXPECT_EQ(s.window, 1024);
  }
}

TEST(PcapReaderLinks, Ipv6AndNonTcpPacketsAreSkippedAndCounted) {
  auto udp = ip_syn();
  udp[9] = 17;
  std::vector<std::uint8_t> ipv6(40, 0);
  ipv6[0] = 0x60;
  const std::string path = testing::temp_path("mixed.pcap");
  write_frames(path, DLT_EN10MB,
               {ethernet(0x86dd, ipv6), ethernet(0x0800, ip_syn()), ethernet(0x0800, udp),
                ethernet(0x0806, std::vector<std::uint8_t>(28, 0)), ethernet(0x86dd, ipv6)});
  const PcapImport imported = read_pcap(path);
  EXPECT_EQ(imported.packets, 5u);
  EXPECT_EQ(imported.segments, 1u);
  EXPECT_EQ(testing::warning_texts(imported.trace),
            (std::vector<std::string>{
                "skipped 4 packets that are not TCP over IPv4: 1 ARP, 2 IPv6, 1 UDP"}));
}

TEST(PcapReaderLinks, ReadsPcapngFiles) {
  const std::string editcap = testing::find_program("editcap");
  if (editcap.empty()) GTEST_SKIP() << "editcap not found (package wireshark-common / tshark)";
  const std::string pcap = testing::temp_path("ng-src.pcap");
  const std::string pcapng = testing::temp_path("ng.pcapng");
  write_pcap(samples::four_way_close(), pcap);
  ASSERT_EQ(testing::run(editcap + " -F pcapng " + pcap + " " + pcapng).exit_code, 0);
  const PcapImport imported = read_pcap(pcapng);
  expect_same_segments(samples::four_way_close(), imported.trace);
}

TEST(PcapReaderLinks, SnapLengthCutPayloadKeepsItsLengthAndSaysSo) {
  auto ip = encode_ipv4_tcp(
      [] {
        Segment s = syn_segment();
        s.flags = TcpFlag::Psh | TcpFlag::Ack;
        s.payload = "0123456789";
        return s;
      }(),
      {});
  const std::string path = testing::temp_path("snap.pcap");
  pcap_t* dead = pcap_open_dead(DLT_RAW, 44);
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  pcap_pkthdr h{};
  h.caplen = 44;  // 4 of the 10 payload bytes
  h.len = static_cast<bpf_u_int32>(ip.size());
  pcap_dump(reinterpret_cast<u_char*>(dumper), &h, ip.data());  // NOLINT
  pcap_dump_close(dumper);
  pcap_close(dead);
  const PcapImport imported = read_pcap(path);
  const SegmentEvent& e = *imported.trace.segment_by_id(1);
  EXPECT_EQ(e.segment.payload, std::string("0123") + std::string(6, '\0'));
  EXPECT_EQ(e.reason, "packet 1, 6 payload bytes not captured (zeros)");
  ASSERT_EQ(imported.trace.warnings.size(), 1u);
  EXPECT_NE(testing::warning_texts(imported.trace)[0].find("cut short by the capture's snap length"),
            std::string::npos);
}

// --- Bad input: a clear error with the packet number, never a crash --------------------------

TEST(PcapReaderErrors, TruncatedHeadersNameThePacket) {
  const std::string path = testing::temp_path("bad.pcap");
  auto ip = ip_syn();
  write_frames(path, DLT_EN10MB,
               {ethernet(0x0800, ip),
                ethernet(0x0800, std::vector<std::uint8_t>(ip.begin(), ip.begin() + 12))});
  EXPECT_EQ(import_error(path), path + ": packet 2: IPv4 header truncated (12 of 20 bytes)");

  write_frames(path, DLT_EN10MB, {std::vector<std::uint8_t>(10, 0)});
  EXPECT_EQ(import_error(path), path + ": packet 1: Ethernet header truncated (10 of 14 bytes)");

  auto short_tcp = ip;
  short_tcp.resize(30);
  short_tcp[3] = 30;  // total length says 30: 10 bytes of TCP
  write_frames(path, DLT_RAW, {short_tcp});
  EXPECT_EQ(import_error(path),
            path + ": packet 1: IPv4 total length 30 leaves 10 bytes for a 20-byte TCP header");

  auto bad_offset = ip;
  bad_offset[32] = 0x20;  // TCP data offset 2 words
  write_frames(path, DLT_RAW, {bad_offset});
  EXPECT_EQ(import_error(path),
            path + ": packet 1: TCP header length 8 bytes, below the minimum 20");

  auto long_total = ip;
  long_total[3] = 200;
  write_frames(path, DLT_RAW, {long_total});
  EXPECT_EQ(import_error(path),
            path + ": packet 1: IPv4 total length 200 exceeds the packet's 40 bytes");
}

TEST(PcapReaderErrors, TsoZeroLengthWithAHugeWireLengthIsAnError) {
  // Found by fuzzing: IPv4 total length 0 (left to the NIC by TSO) and a record claiming 4 GB on
  // the wire made the reader allocate that much payload.
  auto ip = ip_syn();
  ip[2] = ip[3] = 0;
  const std::string path = testing::temp_path("tso.pcap");
  pcap_t* dead = pcap_open_dead(DLT_RAW, 262144);
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  pcap_pkthdr h{};
  h.caplen = static_cast<bpf_u_int32>(ip.size());
  h.len = 0xfffffff0u;
  pcap_dump(reinterpret_cast<u_char*>(dumper), &h, ip.data());  // NOLINT
  pcap_dump_close(dumper);
  pcap_close(dead);
  EXPECT_EQ(import_error(path), path +
                                    ": packet 1: IPv4 total length 0 and 4294967280 bytes on "
                                    "the wire, more than an IPv4 packet can hold");
  // A plausible TSO packet (total length 0, the wire length fits) reads.
  write_frames(path, DLT_RAW, {ip});
  EXPECT_EQ(read_pcap(path).segments, 1u);
}

TEST(PcapReaderErrors, TruncatedFileNamesThePacket) {
  const std::string path = testing::temp_path("cut.pcap");
  write_pcap(samples::four_way_close(), path);
  auto bytes = testing::read_bytes(path);
  bytes.resize(bytes.size() - 10);
  testing::write_bytes(path, bytes);
  const std::size_t offset = testing::pcap_record_start(bytes, 11);
  const std::string error = import_error(path);
  EXPECT_EQ(error.rfind(path + ": packet 11: truncated dump file", 0), 0u) << error;
  EXPECT_NE(error.find("(at byte offset " + std::to_string(offset) + ")"), std::string::npos)
      << error;

  PcapImportOptions lenient;
  lenient.skip_malformed = true;
  const PcapImport imported = read_pcap(path, lenient);
  EXPECT_EQ(imported.segments, 10u);
  ASSERT_EQ(imported.trace.warnings.size(), 1u);
  EXPECT_NE(testing::warning_texts(imported.trace)[0].find("packet 11: truncated dump file"), std::string::npos);
  EXPECT_NE(testing::warning_texts(imported.trace)[0].find(
                "(at byte offset " + std::to_string(offset) +
                "): reading stopped there, the rest of the file was not read"),
            std::string::npos)
      << testing::warning_texts(imported.trace)[0];
  ASSERT_TRUE(imported.stopped.has_value());
  EXPECT_EQ(imported.stopped->packet, 11u);
  EXPECT_EQ(imported.stopped->byte_offset, offset);
  EXPECT_EQ(imported.stopped->why.rfind("truncated dump file; tried to read ", 0), 0u)
      << imported.stopped->why;
}

TEST(PcapReaderErrors, ACutInsideARecordHeaderStopsThere) {
  const std::string path = testing::temp_path("cut-header.pcap");
  write_pcap(samples::four_way_close(), path);
  auto bytes = testing::read_bytes(path);
  const std::size_t offset = testing::pcap_record_start(bytes, 4);
  bytes.resize(offset + 6);  // 6 of the 16 bytes of packet 4's record header
  testing::write_bytes(path, bytes);
  PcapImportOptions lenient;
  lenient.skip_malformed = true;
  const PcapImport imported = read_pcap(path, lenient);
  EXPECT_EQ(imported.segments, 3u);
  ASSERT_TRUE(imported.stopped.has_value());
  EXPECT_EQ(imported.stopped->packet, 4u);
  EXPECT_EQ(imported.stopped->byte_offset, offset);
  // A complete file has no stop.
  write_pcap(samples::four_way_close(), path);
  EXPECT_FALSE(read_pcap(path, lenient).stopped.has_value());
}

TEST(PcapReaderErrors, SkipMalformedKeepsTheRest) {
  const std::string path = testing::temp_path("skip.pcap");
  auto ip = ip_syn();
  write_frames(path, DLT_RAW, {std::vector<std::uint8_t>(ip.begin(), ip.begin() + 30), ip});
  PcapImportOptions lenient;
  lenient.skip_malformed = true;
  const PcapImport imported = read_pcap(path, lenient);
  EXPECT_EQ(imported.segments, 1u);
  EXPECT_EQ(testing::warning_texts(imported.trace),
            (std::vector<std::string>{
                "packet 1: IPv4 total length 40 exceeds the packet's 30 bytes (skipped)"}));
}

TEST(PcapReaderErrors, MoreSegmentsThanTheLimitStopTheReading) {
  const std::string path = testing::temp_path("long.pcap");
  write_pcap(samples::four_way_close(), path);
  const std::size_t offset = testing::pcap_record_start(testing::read_bytes(path), 4);
  PcapImportOptions options;
  options.max_segments = 3;
  EXPECT_EQ(import_error(path, options),
            path + ": packet 4: more than 3 TCP segments, the limit for a trace (at byte offset " +
                std::to_string(offset) + ")");
  options.skip_malformed = true;
  const PcapImport imported = read_pcap(path, options);
  EXPECT_EQ(imported.segments, 3u);
  EXPECT_EQ(imported.packets, 3u);
  EXPECT_FALSE(imported.stopped.has_value());  // the file is whole: nothing to call damaged
  EXPECT_EQ(testing::warning_texts(imported.trace),
            (std::vector<std::string>{"packet 4 (at byte offset " + std::to_string(offset) +
                                      "): more than 3 TCP segments, the limit for a trace: reading "
                                      "stopped there, the rest of the file was not read"}));
  EXPECT_EQ(PcapImportOptions{}.max_segments, 250'000u);
}

TEST(PcapReaderErrors, SkippedPacketsAreListedUpToTenThenCounted) {
  const std::string path = testing::temp_path("many-bad.pcap");
  auto ip = ip_syn();
  std::vector<std::vector<std::uint8_t>> frames(
      13, std::vector<std::uint8_t>(ip.begin(), ip.begin() + 30));
  frames.push_back(ip);
  write_frames(path, DLT_RAW, frames);
  PcapImportOptions lenient;
  lenient.skip_malformed = true;
  const PcapImport imported = read_pcap(path, lenient);
  EXPECT_EQ(imported.segments, 1u);
  ASSERT_EQ(imported.trace.warnings.size(), 11u);
  EXPECT_EQ(testing::warning_texts(imported.trace)[9],
            "packet 10: IPv4 total length 40 exceeds the packet's 30 bytes (skipped)");
  EXPECT_EQ(testing::warning_texts(imported.trace)[10], "and 3 more malformed packets skipped");
}

TEST(PcapReaderErrors, NotACaptureOrUnsupportedLinkIsAFileError) {
  const std::string path = testing::temp_path("text.pcap");
  testing::write_bytes(path, {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '\n'});
  const std::string error = import_error(path);
  EXPECT_EQ(error.rfind(path + ": ", 0), 0u);
  EXPECT_EQ(error.find("packet"), std::string::npos) << error;

  write_frames(path, DLT_IEEE802_11, {std::vector<std::uint8_t>(30, 0)});
  EXPECT_EQ(import_error(path),
            path +
                ": link type IEEE802_11 is not supported (Ethernet, raw IP, Linux cooked "
                "SLL/SLL2 or loopback are)");

  EXPECT_EQ(import_error(testing::temp_path("missing.pcap"))
                .rfind(testing::temp_path("missing.pcap") + ": ", 0),
            0u);
  try {
    read_pcap_bytes({}, "empty");
    FAIL();
  } catch (const PcapImportError& e) {
    EXPECT_STREQ(e.what(), "empty: empty: not a pcap or pcapng file");
  }
}

TEST(PcapReaderErrors, BytesInMemoryReadLikeAFile) {
  const std::string path = testing::temp_path("mem.pcap");
  write_pcap(samples::rst_close(), path);
  const auto bytes = testing::read_bytes(path);
  const PcapImport imported = read_pcap_bytes(bytes, "mem");
  EXPECT_EQ(imported.segments, samples::rst_close().segment_count());
}

}  // namespace
}  // namespace tcplab

namespace tcplab {
namespace {

// A real capture: Linux 6.x loopback (dumpcap -i lo, pcapng), a client that sends "hello", gets
// "world\n" and closes first (the server closes 50 ms later), then a second client that closes
// with SO_LINGER {1, 0}. Real SYNs carry options (MSS, SACK, timestamps, window scale).
const std::string kLoopbackCapture =
    std::string(TCPLAB_SOURCE_DIR) + "/tests/export/data/loopback-close-and-linger.pcapng";

std::vector<std::string> states_of(const Trace& t, const std::string& endpoint) {
  std::vector<std::string> out;
  for (const auto& e : t.events()) {
    if (const auto* s = get_if<StateEvent>(&e.body); s && s->endpoint == endpoint) {
      if (out.empty()) out.emplace_back(rfc_name(s->from));
      out.emplace_back(rfc_name(s->to));
    }
  }
  return out;
}

TEST(PcapReaderKernelCapture, LoopbackPcapngGivesTheStatesTheKernelWentThrough) {
  const PcapImport imported = read_pcap(kLoopbackCapture);
  const Trace& t = imported.trace;
  EXPECT_EQ(imported.link_type, "EN10MB");
  EXPECT_EQ(imported.packets, 15u);
  EXPECT_EQ(imported.segments, 15u);
  EXPECT_TRUE(t.warnings.empty());
  // One server socket, two clients on the same address: named by role.
  EXPECT_EQ(t.hosts, (std::vector<std::string>{"client", "server"}));
  EXPECT_EQ(states_of(t, "client:42168"),
            (std::vector<std::string>{"CLOSED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1",
                                      "FIN-WAIT-2", "TIME-WAIT"}));
  EXPECT_EQ(states_of(t, "client:42178"),
            (std::vector<std::string>{"CLOSED", "SYN-SENT", "ESTABLISHED", "CLOSED"}));
  // The server's two accepted sockets share its address: numbered by connection.
  EXPECT_EQ(states_of(t, "server:47001#1"),
            (std::vector<std::string>{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "CLOSE-WAIT",
                                      "LAST-ACK", "CLOSED"}));
  EXPECT_EQ(states_of(t, "server:47001#2"),
            (std::vector<std::string>{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "CLOSED"}));
  EXPECT_EQ(t.segment_by_id(2)->endpoint, "server:47001#1");
  const SegmentEvent& hello = *t.segment_by_id(4);
  EXPECT_EQ(hello.segment.payload, "hello");  // after 12 bytes of TCP timestamp option
  EXPECT_EQ(hello.rel_seq, 1u);
}

}  // namespace
}  // namespace tcplab
