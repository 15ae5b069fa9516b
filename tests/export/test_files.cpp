#include "test_files.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tcplab::testing {

std::string temp_path(const std::string& name) {
  std::string dir = ::testing::TempDir();
  if (!dir.empty() && dir.back() != '/') dir += '/';
  return dir + "tcplab-" + std::to_string(::getpid()) + "-" + name;
}

std::vector<std::uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t pcap_record_start(const std::vector<std::uint8_t>& pcap, std::size_t number) {
  constexpr std::size_t kFileHeader = 24;
  constexpr std::size_t kRecordHeader = 16;
  constexpr std::size_t kCaplenAt = 8;
  std::size_t at = kFileHeader;
  for (std::size_t n = 1; n < number && at + kRecordHeader <= pcap.size(); ++n) {
    const std::size_t caplen = std::size_t{pcap[at + kCaplenAt]} |
                               (std::size_t{pcap[at + kCaplenAt + 1]} << 8) |
                               (std::size_t{pcap[at + kCaplenAt + 2]} << 16) |
                               (std::size_t{pcap[at + kCaplenAt + 3]} << 24);
    at += kRecordHeader + caplen;
  }
  return at;
}

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),  // NOLINT
            static_cast<std::streamsize>(bytes.size()));
}

CommandResult run(const std::string& command, bool with_stderr) {
  CommandResult result;
  std::FILE* pipe = ::popen((command + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string find_program(const std::string& name) {
  CommandResult r = run("command -v " + name);
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == ' ')) r.out.pop_back();
  return r.exit_code == 0 ? r.out : "";
}

}  // namespace tcplab::testing
