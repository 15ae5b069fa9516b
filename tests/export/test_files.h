#pragma once
// Small helpers for tests that write files and run tools (tshark, editcap).
#include <cstdint>
#include <string>
#include <vector>

namespace tcplab::testing {

// A fresh path in the test temp directory: "<tmp>/tcplab-<pid>-<name>".
std::string temp_path(const std::string& name);
std::vector<std::uint8_t> read_bytes(const std::string& path);
// Where packet `number` (1-based) starts in a little-endian pcap file's bytes: the 24-byte file
// header, then each record's 16-byte header and captured bytes.
std::size_t pcap_record_start(const std::vector<std::uint8_t>& pcap, std::size_t number);
void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output (standard error is discarded)
};
// Runs `command` with /bin/sh; standard error is discarded, or merged into `out`.
CommandResult run(const std::string& command, bool with_stderr = false);
// The program's path if it is on PATH, "" otherwise.
std::string find_program(const std::string& name);

}  // namespace tcplab::testing
