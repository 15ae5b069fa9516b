#pragma once
// Bytes as a C string literal, as strace and the ladder show them: hi"\n -> "hi\"\n".
#include <string>
#include <string_view>

namespace tcplab::present {

std::string quoted(std::string_view data);

}  // namespace tcplab::present
