#include "present/quoted.h"

namespace tcplab::present {

std::string quoted(std::string_view data) {
  std::string out = "\"";
  for (char c : data) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace tcplab::present
