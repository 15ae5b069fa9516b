#include "export/pcap_writer.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include "export/tcp_packet.h"
#include "sample_traces.h"
#include "test_files.h"

namespace tcplab {
namespace {

struct RawPacket {
  std::int64_t ts_ns;
  std::vector<std::uint8_t> bytes;
};
struct RawFile {
  int linktype = -1;
  std::vector<RawPacket> packets;
};

// Reads a pcap file with libpcap directly, nanosecond timestamps.
RawFile read_raw(const std::string& path) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  EXPECT_NE(p, nullptr) << errbuf;
  RawFile file;
  if (p == nullptr) return file;
  file.linktype = pcap_datalink(p);
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(p, &h, &data) == 1) {
    EXPECT_EQ(h->caplen, h->len);
    file.packets.push_back({static_cast<std::int64_t>(h->ts.tv_sec) * 1'000'000'000 +
                                static_cast<std::int64_t>(h->ts.tv_usec),
                            std::vector<std::uint8_t>(data, data + h->caplen)});
  }
  pcap_close(p);
  return file;
}

std::uint16_t be16(const std::vector<std::uint8_t>& b, std::size_t at) {
  return static_cast<std::uint16_t>((b.at(at) << 8) | b.at(at + 1));
}

TEST(InternetChecksum, MatchesTheTextbookIpv4Example) {
  // An IPv4 header whose checksum is 0xb861 (the classic worked example).
  const std::vector<std::uint8_t> header = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
                                            0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
                                            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
  EXPECT_EQ(internet_checksum(header), 0xb861);
  EXPECT_EQ(internet_checksum(std::vector<std::uint8_t>{0x01}), 0xfeff);  // odd length pads
}

TEST(PcapWriter, OnePacketPerDeliveredSegmentDroppedLeftOut) {
  const std::string path = testing::temp_path("lost.pcap");
  const PcapExportResult r = write_pcap(samples::lost_last_ack(), path);
  EXPECT_EQ(r.packets, 12u);
  EXPECT_EQ(r.dropped_left_out, 1u);
  EXPECT_EQ(read_raw(path).packets.size(), 12u);
}

TEST(PcapWriter, EthernetIpv4TcpHeadersWithCorrectLengthsAndChecksums) {
  const std::string path = testing::temp_path("close.pcap");
  const Trace trace = samples::four_way_close();
  write_pcap(trace, path);
  const RawFile file = read_raw(path);
  ASSERT_EQ(file.linktype, DLT_EN10MB);
  ASSERT_EQ(file.packets.size(), trace.segment_count());
  for (std::size_t i = 0; i < file.packets.size(); ++i) {
    SCOPED_TRACE("packet " + std::to_string(i + 1));
    const auto& b = file.packets[i].bytes;
    const Segment& seg = trace.segment_by_id(i + 1)->segment;
    const std::vector<std::uint8_t> options = encode_tcp_options(seg.options);
    ASSERT_EQ(b.size(), 14 + 20 + 20 + options.size() + seg.payload.size());
    EXPECT_EQ(be16(b, 12), 0x0800);         // EtherType IPv4
    EXPECT_EQ(b[14], 0x45);                 // IPv4, 20-byte header
    EXPECT_EQ(be16(b, 16), b.size() - 14);  // total length
    EXPECT_EQ(be16(b, 20), 0x4000);         // DF, no fragment offset
    EXPECT_EQ(b[22], 64);                   // TTL
    EXPECT_EQ(b[23], 6);                    // TCP
    const std::span<const std::uint8_t> ip(b.data() + 14, 20);
    EXPECT_EQ(internet_checksum(ip), 0);  // a correct checksum sums to zero
    // TCP checksum over the pseudo header (src, dst, zero, protocol, TCP length) and segment.
    std::vector<std::uint8_t> pseudo(b.begin() + 26, b.begin() + 34);
    const std::size_t tcp_len = b.size() - 34;
    pseudo.insert(pseudo.end(), {0, 6, static_cast<std::uint8_t>(tcp_len >> 8),
                                 static_cast<std::uint8_t>(tcp_len)});
    pseudo.insert(pseudo.end(), b.begin() + 34, b.end());
    EXPECT_EQ(internet_checksum(pseudo), 0);
    EXPECT_EQ(be16(b, 34), seg.src.port);
    EXPECT_EQ(be16(b, 36), seg.dst.port);
    EXPECT_EQ(b[46], ((20 + options.size()) / 4) << 4);  // data offset in words
    EXPECT_EQ(b[47], seg.flags.bits());
    const auto payload_at = b.begin() + static_cast<std::ptrdiff_t>(54 + options.size());
    EXPECT_EQ(std::vector<std::uint8_t>(b.begin() + 54, payload_at), options);
    EXPECT_EQ(std::string(payload_at, b.end()), seg.payload);
  }
}

TEST(PcapWriter, MacsAreStablePerHostAndLocallyAdministered) {
  const auto client = fake_mac_for_host("client");
  EXPECT_EQ(client, fake_mac_for_host("client"));
  EXPECT_NE(client, fake_mac_for_host("server"));
  EXPECT_EQ(client[0], 0x02);
  const std::string path = testing::temp_path("macs.pcap");
  write_pcap(samples::four_way_close(), path);
  const RawFile file = read_raw(path);
  const auto& syn = file.packets.at(0).bytes;  // client -> server
  EXPECT_TRUE(std::equal(client.begin(), client.end(), syn.begin() + 6));
  const auto server = fake_mac_for_host("server");
  EXPECT_TRUE(std::equal(server.begin(), server.end(), syn.begin()));
}

TEST(PcapWriter, IpIdCountsEachHostsPacketsLostOnesIncluded) {
  const std::string path = testing::temp_path("ipid.pcap");
  write_pcap(samples::lost_last_ack(), path);
  std::vector<std::uint16_t> client_ids;
  for (const auto& p : read_raw(path).packets) {
    if (p.bytes.at(29) == 1) client_ids.push_back(be16(p.bytes, 18));  // src 127.0.0.1
  }
  // Client sent 7 packets; the 6th (its last ACK) was lost, so ID 6 is missing.
  EXPECT_EQ(client_ids, (std::vector<std::uint16_t>{1, 2, 3, 4, 5, 7}));
}

TEST(PcapWriter, TimestampsAreArrivalTimesInNanosecondsPlusTheEpoch) {
  const std::string path = testing::temp_path("ts.pcap");
  PcapExportOptions options;
  options.epoch_ns = 1'700'000'000'000'000'000;
  write_pcap(samples::four_way_close(), path, options);
  const RawFile file = read_raw(path);
  EXPECT_EQ(file.packets.at(0).ts_ns, options.epoch_ns + 1'100'000);  // SYN sent at 1 ms + 100 µs
  EXPECT_EQ(file.packets.at(1).ts_ns, options.epoch_ns + 1'200'000);
  options.timestamp = PcapTimestamp::Send;
  write_pcap(samples::four_way_close(), path, options);
  EXPECT_EQ(read_raw(path).packets.at(0).ts_ns, options.epoch_ns + 1'000'000);
}

TEST(PcapWriter, KeepDroppedMarksThemWithDscpLowerEffort) {
  const std::string path = testing::temp_path("keep.pcap");
  PcapExportOptions options;
  options.keep_dropped = true;
  const PcapExportResult r = write_pcap(samples::lost_last_ack(), path, options);
  EXPECT_EQ(r.packets, 13u);
  EXPECT_EQ(r.dropped_left_out, 0u);
  std::vector<int> dscp;
  for (const auto& p : read_raw(path).packets) dscp.push_back(p.bytes.at(15) >> 2);
  EXPECT_EQ(std::count(dscp.begin(), dscp.end(), kDroppedSegmentDscp), 1);
  EXPECT_EQ(dscp.at(10), kDroppedSegmentDscp);  // the client's last ACK, lost at 12.1 ms
}

TEST(PcapWriter, RawIpv4LinkHasNoEthernetHeader) {
  const std::string path = testing::temp_path("raw.pcap");
  PcapExportOptions options;
  options.link = PcapLink::RawIpv4;
  write_pcap(samples::rst_close(), path, options);
  const RawFile file = read_raw(path);
  EXPECT_EQ(file.linktype, DLT_RAW);
  EXPECT_EQ(file.packets.at(0).bytes.at(0), 0x45);
}

TEST(PcapWriter, UnwritablePathIsAClearError) {
  try {
    write_pcap(samples::rst_close(), "/nonexistent-dir/x.pcap");
    FAIL() << "no error";
  } catch (const PcapExportError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.pcap: "), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace tcplab
