#pragma once
// Small helpers for tests that write files and run tools (tshark, editcap).
#include <cstdint>
#include <string>
#include <vector>

namespace tcplab::testing {

// A fresh path in the test temp directory: "<tmp>/tcplab-<pid>-<name>".
std::string temp_path(const std::string& name);
std::vector<std::uint8_t> read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output (standard error is discarded)
};
CommandResult run(const std::string& command);
// The program's path if it is on PATH, "" otherwise.
std::string find_program(const std::string& name);

}  // namespace tcplab::testing
