#pragma once
// A decimal number ("1.5", "0.25") read the same everywhere: std::from_chars for double is missing
// from some standard libraries (libc++ 14, which Emscripten's web build uses), so it is read
// through a stream in the classic "C" locale (never the user's decimal comma).
#include <locale>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace tcplab {

// The whole of `text` as a decimal number, or nullopt (empty, trailing characters, no digits).
inline std::optional<double> parse_decimal(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.front() == '+') return std::nullopt;
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  double value = 0;
  if (!(in >> value)) return std::nullopt;
  if (in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return value;
}

}  // namespace tcplab
