// `tcplab export` and `tcplab open`, run as a user would.
#include <gtest/gtest.h>

#include "test_files.h"

namespace tcplab {
namespace {

const std::string kTcplab = TCPLAB_BINARY;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliExport, LostLastAckAsPcapThenOpenedShowsTheRetransmittedFin) {
  const std::string pcap = testing::temp_path("cli-lost.pcap");
  const auto exported = testing::run(kTcplab + " export lost-last-ack --pcap " + pcap, true);
  ASSERT_EQ(exported.exit_code, 0) << exported.out;
  EXPECT_TRUE(contains(exported.out, "tcplab: wrote 8 packets to " + pcap +
                                         " (1 dropped segments "
                                         "left out"))
      << exported.out;
  const auto opened = testing::run(kTcplab + " open " + pcap);
  ASSERT_EQ(opened.exit_code, 0) << opened.out;
  EXPECT_TRUE(contains(opened.out, "F. seq 1 ack 2 (retransmit)")) << opened.out;
  EXPECT_TRUE(contains(opened.out, "receives the FIN again")) << opened.out;
  EXPECT_TRUE(contains(opened.out, "FIN-WAIT-2 → TIME-WAIT")) << opened.out;
  EXPECT_TRUE(contains(opened.out, "LAST-ACK → CLOSED")) << opened.out;

  const std::string tshark = testing::find_program("tshark");
  if (tshark.empty()) GTEST_SKIP() << "tshark not found: the Wireshark half of this test skipped";
  EXPECT_EQ(testing::run(tshark + " -n -r " + pcap +
                         " -Y tcp.analysis.retransmission -T fields -e ip.src -e tcp.flags.fin")
                .out,
            "127.0.0.2\t1\n");
}

TEST(CliExport, LingerZeroShowsTheRstAndNoTimeWait) {
  const std::string pcap = testing::temp_path("cli-linger.pcap");
  ASSERT_EQ(testing::run(kTcplab + " export linger-zero --pcap " + pcap).exit_code, 0);
  const auto opened = testing::run(kTcplab + " open " + pcap);
  ASSERT_EQ(opened.exit_code, 0);
  // The lesson's "abort" host (127.0.0.1) closes with RST; "polite" (127.0.0.3) closes normally.
  EXPECT_TRUE(contains(opened.out, "R. seq")) << opened.out;
  EXPECT_TRUE(contains(opened.out,
                       "127.0.0.1:32768: ESTABLISHED → CLOSED (inferred from capture: "
                       "sent RST)"))
      << opened.out;
  EXPECT_FALSE(contains(opened.out, "127.0.0.1:32768: FIN-WAIT")) << opened.out;
  EXPECT_TRUE(contains(opened.out, "127.0.0.3:32768: FIN-WAIT-1 → TIME-WAIT")) << opened.out;
}

TEST(CliExport, JsonLinesToAFileReopenAsTheModelsTrace) {
  const std::string jsonl = testing::temp_path("cli.jsonl");
  ASSERT_EQ(testing::run(kTcplab + " export four-way-close --jsonl " + jsonl).exit_code, 0);
  const auto opened = testing::run(kTcplab + " open " + jsonl + " --format jsonl");
  ASSERT_EQ(opened.exit_code, 0);
  EXPECT_EQ(opened.out, [&] {
    std::string text;
    for (auto b : testing::read_bytes(jsonl)) text += static_cast<char>(b);
    return text;
  }());
  EXPECT_TRUE(opened.out.rfind(R"({"type":"trace","format":"tcplab-trace","version":1,)"
                               R"("backend":"model")",
                               0) == 0)
      << opened.out;
}

TEST(CliExport, BadInputExitsTwoWithTheReason) {
  auto r = testing::run(kTcplab + " export lost-last-ack", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "say where to write: --pcap FILE and/or --jsonl FILE")) << r.out;

  const std::string pcap = testing::temp_path("cli-cut.pcap");
  ASSERT_EQ(testing::run(kTcplab + " export lost-last-ack --pcap " + pcap).exit_code, 0);
  auto bytes = testing::read_bytes(pcap);
  bytes.resize(100);
  testing::write_bytes(pcap, bytes);
  r = testing::run(kTcplab + " open " + pcap, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "tcplab: " + pcap + ": packet 2: truncated dump file")) << r.out;

  r = testing::run(kTcplab + " open /nonexistent.pcap", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "/nonexistent.pcap: cannot open")) << r.out;
}

}  // namespace
}  // namespace tcplab
