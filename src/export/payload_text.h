#pragma once
// Payload bytes in text formats: kept as text when a person can read them, as hex otherwise.
#include <optional>
#include <string>
#include <string_view>

namespace tcplab {

// True when `bytes` is valid UTF-8 with no control characters other than tab, newline and carriage
// return: such payloads are written as text ("hello\n", "你好"), everything else as hex.
bool is_readable_text(std::string_view bytes);

// Lower-case hex, two digits per byte: "00ff10".
std::string to_hex(std::string_view bytes);
// The inverse; nullopt for an odd length or a non-hex digit.
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace tcplab
