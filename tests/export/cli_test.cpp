// `tcplab export` and `tcplab open`, run as a user would.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <vector>

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
                       "snd RST)"))
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
  EXPECT_TRUE(opened.out.rfind(R"({"type":"trace","format":"tcplab-trace","version":4,)"
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
  bytes.resize(150);  // the file header, the 74-byte SYN, and 20 bytes of the SYN,ACK's 74
  testing::write_bytes(pcap, bytes);
  r = testing::run(kTcplab + " open " + pcap, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "tcplab: " + pcap + ": packet 2: truncated dump file")) << r.out;

  r = testing::run(kTcplab + " open /nonexistent.pcap", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "/nonexistent.pcap: cannot open")) << r.out;
}

// `tcplab record`: a lesson the kernel cannot run here (random loss is the model's alone) is
// skipped, its reason printed, and nothing written; that is decided before any kernel run.
TEST(CliRecord, ALessonTheKernelCannotRunIsSkippedWithItsReason) {
  std::vector<std::uint8_t> lesson =
      testing::read_bytes(TCPLAB_SOURCE_DIR "/lessons/01-four-way-close.toml");
  const std::string loss = "\n[[faults]]\nkind = \"random-loss\"\nprobability = 0.1\n";
  lesson.insert(lesson.end(), loss.begin(), loss.end());
  const std::string file = testing::temp_path("lossy-close.toml");
  testing::write_bytes(file, lesson);
  const std::string out = testing::temp_path("cli-recordings");
  auto r = testing::run(kTcplab + " record " + file + " --out " + out, true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "four-way-close: skipped, the kernel cannot run it here:")) << r.out;
  EXPECT_TRUE(contains(r.out, "random")) << r.out;
  EXPECT_FALSE(std::filesystem::exists(out + "/four-way-close.jsonl"));

  r = testing::run(kTcplab + " record --out " + out, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "name the lessons to record, or --all")) << r.out;
  r = testing::run(kTcplab + " record no-such-lesson --out " + out, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "no-such-lesson")) << r.out;
}

// As Wireshark does: the packets before the cut are shown, and where it stopped is said; exit 2
// as tshark's, since the file is damaged.
TEST(CliOpen, ACaptureCutInAPacketShowsThePacketsBeforeTheCut) {
  const std::string pcap = testing::temp_path("cli-cut-late.pcap");
  ASSERT_EQ(testing::run(kTcplab + " export lost-last-ack --pcap " + pcap).exit_code, 0);
  auto bytes = testing::read_bytes(pcap);
  const std::size_t offset = testing::pcap_record_start(bytes, 8);
  bytes.resize(bytes.size() - 5);  // the last packet, the 8th, loses its last 5 bytes
  testing::write_bytes(pcap, bytes);
  const auto r = testing::run(kTcplab + " open " + pcap, true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(contains(r.out, "tcplab: warning: packet 8: truncated dump file; tried to read "))
      << r.out;
  EXPECT_TRUE(contains(r.out, "F. seq 1 ack 2 (retransmit)")) << r.out;  // packet 7
  EXPECT_TRUE(contains(r.out, "(capture trace: 7 segments, ")) << r.out;
  EXPECT_TRUE(contains(r.out, " (at byte offset " + std::to_string(offset) +
                                  "): the capture stops there; the 7 packets before it are "
                                  "shown\n"))
      << r.out;
  const auto jsonl = testing::run(kTcplab + " open " + pcap + " --format jsonl");
  EXPECT_EQ(jsonl.exit_code, 2);
  EXPECT_TRUE(contains(jsonl.out, R"("warnings":[{"pattern":"packet {0}: {1}{2}: reading stopped there, the rest of the file was not read","args":["8","truncated dump file; tried to read )"))
      << jsonl.out;
}

TEST(CliOpen, ATenMegabyteLineIsRefusedNamingTheLineAndTheLimit) {
  const std::string path = testing::temp_path("bracket.jsonl");
  const std::string text = std::string(R"({"type":"trace","version":1})") + "\n" +
                           std::string(10 * 1024 * 1024, '[') + "\n";
  testing::write_bytes(path, std::vector<std::uint8_t>(text.begin(), text.end()));
  const auto r = testing::run(kTcplab + " open " + path, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out,
            "tcplab: " + path + ":2: line longer than 1 MiB, the limit for one line of a trace\n");
}

// A lesson with a server and `clients` hosts that each connect once and close.
std::string crowded_lesson(int clients) {
  std::ostringstream toml;
  toml << "id = \"crowded\"\ntitle = { en = \"Crowded\", zh = \"拥挤\" }\n"
       << "summary = { en = \"s\", zh = \"s\" }\nhosts = [\n"
       << "  { name = \"server\", address = \"10.0.0.1\" },\n";
  for (int i = 0; i < clients; ++i) {
    toml << "  { name = \"h" << i << "\", address = \"10.1." << i / 256 << "." << i % 256
         << "\" },\n";
  }
  toml
      << "]\n[[programs]]\nhost = \"server\"\nsteps = [\n"
      << "  { call = \"socket\", as = \"l\" },\n"
      << "  { call = \"bind\", socket = \"l\", address = \"server:80\" },\n"
      << "  { call = \"listen\", socket = \"l\", backlog = 4096, label = \"server.listen\" },\n]\n";
  for (int i = 0; i < clients; ++i) {
    toml << "[[programs]]\nhost = \"h" << i << "\"\nsteps = [\n"
         << "  { call = \"socket\", as = \"s\", after = \"server.listen\" },\n"
         << "  { call = \"connect\", socket = \"s\", to = \"server:80\" },\n"
         << "  { call = \"close\", socket = \"s\" },\n]\n";
  }
  toml << "[[checks]]\nkind = \"call\"\nstep = \"server.listen\"\nresult = 0\n"
       << "en = \"The server listens\"\nzh = \"服务器在监听\"\n";
  return toml.str();
}

std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    widest = std::max(widest, end - start);
    start = end + 1;
  }
  return widest;
}

// 3,001 hosts, run and then opened as a capture: eight lanes and a count of the rest, where the
// ladder once grew with hosts × events (gigabytes) and never finished.
TEST(CliLadder, ThousandsOfHostsGetEightLanesAndACountOfTheRest) {
  const std::string lesson = testing::temp_path("crowded.toml");
  {
    const std::string text = crowded_lesson(3000);
    testing::write_bytes(lesson, std::vector<std::uint8_t>(text.begin(), text.end()));
  }
  const auto ran = testing::run(kTcplab + " run " + lesson);
  ASSERT_EQ(ran.exit_code, 0) << ran.out.substr(0, 3000);
  EXPECT_TRUE(contains(ran.out,
                       "\n3001 hosts: the first 8 are drawn as lanes (--lanes N, up to 64), 2993 "
                       "are not: pick them with --hosts A,B; --format jsonl has every event\n"
                       "      time  server 10.0.0.1                     h0 10.1.0.0"))
      << ran.out.substr(0, 3000);
  EXPECT_TRUE(contains(ran.out, "\n… 2993 hosts not drawn, ")) << ran.out.substr(0, 3000);
  EXPECT_TRUE(contains(ran.out, "crowded: 1 of 1 checks passed")) << ran.out.substr(0, 3000);
  // Bounded by the lanes (eight of 36 columns, a cell running over), not by the hosts.
  EXPECT_LT(widest_line(ran.out), 1000u);

  const auto chosen = testing::run(kTcplab + " run " + lesson + " --hosts h7,server");
  ASSERT_EQ(chosen.exit_code, 0);
  EXPECT_TRUE(contains(chosen.out,
                       "\n      time  h7 10.1.0.7" + std::string(25, ' ') + "server 10.0.0.1\n"))
      << chosen.out.substr(0, 3000);
  EXPECT_TRUE(contains(chosen.out, "├─ S seq 0 ─")) << chosen.out.substr(0, 3000);
  const auto unknown = testing::run(kTcplab + " run " + lesson + " --hosts h7,nobody", true);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.out,
                       "tcplab: --hosts: no host 'nobody' in this trace (its hosts: server, h0, "
                       "h1, h2, h3, h4, h5, h6, h7, h8, …)\n"))
      << unknown.out.substr(unknown.out.size() - std::min<std::size_t>(unknown.out.size(), 500));

  const std::string pcap = testing::temp_path("crowded.pcap");
  ASSERT_EQ(testing::run(kTcplab + " export " + lesson + " --pcap " + pcap).exit_code, 0);
  const auto opened = testing::run(kTcplab + " open " + pcap);
  ASSERT_EQ(opened.exit_code, 0);
  EXPECT_TRUE(contains(opened.out,
                       "\n3001 hosts: the first 8 are drawn as lanes (--lanes N, up to 64), 2993 "
                       "are not"))
      << opened.out.substr(0, 3000);
  EXPECT_TRUE(contains(opened.out, "\n… 2993 hosts not drawn, ")) << opened.out.substr(0, 3000);
  EXPECT_LT(widest_line(opened.out), 1000u);
  const auto lanes = testing::run(kTcplab + " open " + pcap + " --lanes 3");
  EXPECT_TRUE(contains(lanes.out,
                       "\n3001 hosts: the first 3 are drawn as lanes (--lanes N, up to 64), 2998 "
                       "are not"))
      << lanes.out.substr(0, 3000);
}

}  // namespace
}  // namespace tcplab
