// `tcplab run|check FILE.pkt` as a user runs them: the ladder and a PASS/FAIL line, and the exit
// codes 0 (pass), 1 (an expectation failed), 2 (malformed script); on the model and the kernel.
#include <array>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

namespace {

const std::string kScripts = TCPLAB_SOURCE_DIR "/tests/packetdrill/scripts/";

struct Result {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

Result tcplab(const std::string& args) {
  Result r;
  FILE* pipe = popen((std::string(TCPLAB_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
    r.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PacketdrillCli, RunDrawsTheLadderAndPasses) {
  const Result r = tcplab("run " + kScripts + "time-wait.pkt");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "PASS " + kScripts + "time-wait.pkt")) << r.output;
  EXPECT_TRUE(contains(r.output, "TIME-WAIT")) << r.output;
  // The script's comments narrate the ladder.
  EXPECT_TRUE(contains(r.output, "the server ACKs it and enters TIME-WAIT")) << r.output;
}

TEST(PacketdrillCli, AWrongExpectationExitsOneNamingItsLine) {
  const Result r = tcplab("run " + kScripts + "wrong-expectation.pkt");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "FAIL " + kScripts + "wrong-expectation.pkt:12:4: expected R. "))
      << r.output;
  EXPECT_TRUE(contains(r.output, "the host sent F. 1:1(0) ack 1")) << r.output;
}

TEST(PacketdrillCli, AMalformedScriptExitsTwoWithItsPlace) {
  const Result r = tcplab("check " + kScripts + "malformed.pkt");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, kScripts + "malformed.pkt:4:12: inconsistent sequence numbers: "
                                            "1:11 is not 5 bytes long"))
      << r.output;
}

TEST(PacketdrillCli, CheckRunsEveryScriptGiven) {
  std::string all;
  for (const char* name : {"passive-open-close", "active-open", "close-with-unread-data",
                           "shutdown-write", "blocking-read-eof", "connect-refused", "time-wait",
                           "rst-received", "blocking-accept", "timestamps-data"})
    all += " " + kScripts + name + ".pkt";
  const Result r = tcplab("check" + all);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(contains(r.output, "FAIL")) << r.output;
  const Result with_failure = tcplab("check" + all + " " + kScripts + "wrong-expectation.pkt");
  EXPECT_EQ(with_failure.exit_code, 1) << with_failure.output;
}

TEST(PacketdrillCli, TheKernelBackendRunsAScriptAndDrawsItsLadder) {
  const Result r = tcplab("run --backend kernel " + kScripts + "close-with-unread-data.pkt");
  if (contains(r.output, "no private network namespace"))
    GTEST_SKIP() << "no private namespace here: " << r.output;
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "backend kernel")) << r.output;
  EXPECT_TRUE(contains(r.output, "R. seq 1 ack 11")) << r.output;
  EXPECT_TRUE(contains(r.output, "PASS " + kScripts + "close-with-unread-data.pkt")) << r.output;
}

TEST(PacketdrillCli, OnTheKernelAWrongSegmentExitsOneAndAMalformedScriptTwo) {
  const Result wrong = tcplab("check --backend kernel " + kScripts + "wrong-expectation.pkt");
  if (contains(wrong.output, "no private network namespace"))
    GTEST_SKIP() << "no private namespace here: " << wrong.output;
  EXPECT_EQ(wrong.exit_code, 1) << wrong.output;
  EXPECT_TRUE(contains(wrong.output, "FAIL " + kScripts + "wrong-expectation.pkt:12:4: expected R. "))
      << wrong.output;
  const Result malformed = tcplab("check --backend kernel " + kScripts + "malformed.pkt");
  EXPECT_EQ(malformed.exit_code, 2) << malformed.output;
  EXPECT_TRUE(contains(malformed.output, kScripts + "malformed.pkt:4:12: ")) << malformed.output;
}

TEST(PacketdrillCli, CompareRunsAScriptOnBothBackends) {
  const Result r = tcplab("compare " + kScripts + "close-with-unread-data.pkt");
  if (contains(r.output, "no private network namespace"))
    GTEST_SKIP() << "no private namespace here: " << r.output;
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "model:  PASS")) << r.output;
  EXPECT_TRUE(contains(r.output, "kernel: PASS")) << r.output;
}

TEST(PacketdrillCli, AMissingScriptIsBadInput) {
  const Result r = tcplab("run " + kScripts + "no-such-script.pkt");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "cannot read the script")) << r.output;
}

}  // namespace
