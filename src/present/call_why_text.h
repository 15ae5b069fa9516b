#pragma once
// A call's typed reason (core/call_why.h) in words, in the current language: the one place these
// sentences are made.
#include <string>

#include "core/call_why.h"

namespace tcplab::present {

// "held by 1 connection in TIME-WAIT on ...", "SO_LINGER {1, 0}: connection aborted with RST";
// `host` is the host the call ran on (an address that is not one of its own names it).
std::string call_why_text(const CallNote& note, const std::string& host);

}  // namespace tcplab::present
