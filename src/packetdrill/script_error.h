#pragma once
// Where a packetdrill script was written, and the error that names it: every mistake in a script
// (a stray character, a flag tcpdump would not print, a construct tcplab does not run) says
// "file:line:col: what".
#include <stdexcept>
#include <string>

namespace tcplab::packetdrill {

struct ScriptPlace {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

class ScriptError : public std::runtime_error {
 public:
  ScriptError(ScriptPlace where, const std::string& what)
      : std::runtime_error(where.to_string() + ": " + what), where_(std::move(where)) {}
  const ScriptPlace& where() const { return where_; }

 private:
  ScriptPlace where_;
};

}  // namespace tcplab::packetdrill
