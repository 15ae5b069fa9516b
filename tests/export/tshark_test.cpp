// Exported captures checked with the real thing: tshark (Wireshark's command line) must read every
// packet, find nothing malformed and no bad checksums, and its TCP analysis must agree with the
// lesson. Skips, saying why, when tshark is not installed (scripts/setup.sh installs it).
#include <sstream>

#include <gtest/gtest.h>

#include "export/pcap_writer.h"
#include "sample_traces.h"
#include "test_files.h"

namespace tcplab {
namespace {

class Tshark : public ::testing::Test {
 protected:
  void SetUp() override {
    tshark_ = testing::find_program("tshark");
    if (tshark_.empty()) {
      GTEST_SKIP() << "tshark not found on PATH: install it with scripts/setup.sh";
    }
  }

  // Exports `trace` and returns the file's path.
  std::string export_trace(const Trace& trace, const std::string& name,
                           const PcapExportOptions& options = {}) {
    const std::string path = testing::temp_path(name);
    packets_ = write_pcap(trace, path, options).packets;
    return path;
  }

  // tshark -r FILE with checksum validation on, and `args`; standard output.
  std::string tshark(const std::string& path, const std::string& args) {
    const auto r = testing::run(tshark_ + " -n -r " + path +
                                " -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE " + args);
    EXPECT_EQ(r.exit_code, 0) << "tshark " << args;
    return r.out;
  }

  static std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  // Every packet read, none malformed, every IP and TCP checksum good, no expert errors.
  void expect_clean(const std::string& path) {
    const auto status = lines(
        tshark(path, "-T fields -e frame.number -e ip.checksum.status -e tcp.checksum.status"));
    ASSERT_EQ(status.size(), packets_) << "tshark did not read every packet";
    for (std::size_t i = 0; i < status.size(); ++i) {
      // Wireshark's checksum status: 0 bad, 1 good, 2 unverified.
      EXPECT_EQ(status[i], std::to_string(i + 1) + "\t1\t1");
    }
    EXPECT_EQ(tshark(path, "-Y _ws.malformed -T fields -e frame.number"), "");
    const std::string expert = tshark(path, "-q -z expert,error");
    EXPECT_EQ(expert.find("Errors ("), std::string::npos) << expert;
    EXPECT_EQ(expert.find("Malformed"), std::string::npos) << expert;
  }

  std::string tshark_;
  std::size_t packets_ = 0;
};

TEST_F(Tshark, FourWayCloseIsCleanAndItsRelativeNumbersMatchTheTrace) {
  const Trace trace = samples::four_way_close();
  const std::string path = export_trace(trace, "ts-close.pcap");
  expect_clean(path);
  const auto fields = lines(tshark(path, "-T fields -e tcp.seq -e tcp.ack -e tcp.len"));
  ASSERT_EQ(fields.size(), trace.segment_count());
  for (std::uint64_t id = 1; id <= trace.segment_count(); ++id) {
    const SegmentEvent& e = *trace.segment_by_id(id);
    std::istringstream row(fields[id - 1]);
    std::string seq, ack, len;
    std::getline(row, seq, '\t');
    std::getline(row, ack, '\t');
    std::getline(row, len, '\t');
    EXPECT_EQ(seq, std::to_string(e.rel_seq)) << "segment " << id;
    if (e.segment.flags.ack()) {
      EXPECT_EQ(ack, std::to_string(e.rel_ack)) << "segment " << id;
    }
    EXPECT_EQ(len, std::to_string(e.segment.payload_len())) << "segment " << id;
  }
  EXPECT_EQ(tshark(path, "-Y tcp.flags.fin==1 -T fields -e frame.number"), "8\n10\n");
  EXPECT_EQ(tshark(path, "-Y tcp.analysis.flags -T fields -e frame.number"), "")
      << "tshark found something odd (retransmission, lost segment...) in a clean close";
  // Virtual time, nanosecond precision: the SYN arrives at 1.1 ms.
  EXPECT_EQ(lines(tshark(path, "-T fields -e frame.time_epoch")).at(0), "0.001100000");
}

TEST_F(Tshark, LostLastAckTheServersSecondFinIsARetransmission) {
  const std::string path = export_trace(samples::lost_last_ack(), "ts-lost.pcap");
  expect_clean(path);
  EXPECT_EQ(tshark(path,
                   "-Y tcp.analysis.retransmission -T fields -e frame.number -e ip.src "
                   "-e tcp.flags.fin -e frame.time_relative"),
            "11\t127.0.0.2\t1\t0.211000000\n");
  // 200 ms after the first FIN (frame 10).
  EXPECT_EQ(tshark(path, "-Y frame.number==10 -T fields -e frame.time_relative"), "0.011000000\n");
}

TEST_F(Tshark, LostLastAckWithDroppedSegmentsKeptShowsThemByDscp) {
  PcapExportOptions options;
  options.keep_dropped = true;
  const std::string path = export_trace(samples::lost_last_ack(), "ts-keep.pcap", options);
  expect_clean(path);
  EXPECT_EQ(tshark(path, "-Y ip.dsfield.dscp==1 -T fields -e frame.number -e ip.src -e tcp.ack"),
            "11\t127.0.0.1\t8\n");
}

TEST_F(Tshark, LingerCloseTsharkSeesTheRst) {
  const std::string path = export_trace(samples::rst_close(), "ts-rst.pcap");
  expect_clean(path);
  EXPECT_EQ(
      tshark(path, "-Y tcp.flags.reset==1 -T fields -e ip.src -e tcp.srcport -e tcp.flags.ack"),
      "127.0.0.1\t40000\t1\n");
  EXPECT_EQ(tshark(path, "-Y tcp.flags.fin==1 -T fields -e frame.number"), "");
}

TEST_F(Tshark, RefusedConnectionAndRawIpLinkAreClean) {
  PcapExportOptions options;
  options.link = PcapLink::RawIpv4;
  const std::string path = export_trace(samples::refused(), "ts-refused.pcap", options);
  expect_clean(path);
  EXPECT_EQ(tshark(path, "-T fields -e tcp.flags.syn -e tcp.flags.reset"), "1\t0\n0\t1\n");
}

}  // namespace
}  // namespace tcplab
