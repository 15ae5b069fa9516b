#pragma once
// Reads a packetdrill script (google/packetdrill's grammar, parser.y, the subset that connection
// setup and teardown, RST, shutdown, close, blocking-call and timestamp scripts use). What lies
// outside it — python blocks, TCP Fast Open, zerocopy, tcp_info, UDP/ICMP, explicit IP headers —
// is refused with its place and "not supported".
#include <string>
#include <string_view>

#include "packetdrill/script.h"

namespace tcplab::packetdrill {

// Throws ScriptError ("file:line:col: what") at the first mistake.
Script parse_script(std::string_view text, const std::string& file);
// Reads and parses a file; throws ScriptError when it cannot be read.
Script load_script_file(const std::string& path);

// Whether `path` names a packetdrill script (".pkt").
bool is_script_file(std::string_view path);

}  // namespace tcplab::packetdrill
