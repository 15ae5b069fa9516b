#pragma once
// One returned socket call as every view labels it, strace-like:
// "bind(listener, 127.0.0.2:5555) = -1 EADDRINUSE (Address already in use)".
#include <string>

#include "core/trace.h"

namespace tcplab::present {

// The lesson's names around a call (scenario/call_args.h finds them for a step): the socket it
// was made on ("listener") and the variable its new socket went to ("conn"). Either may be "".
struct CallNames {
  std::string socket;
  std::string result;
};

// "bind(listener, 127.0.0.2:5555) = -1 EADDRINUSE (Address already in use)",
// "accept(listener) = 4 → conn", "recv(conn, 100) = 5 \"hello\"".
std::string call_label(const CallEvent& call, const CallNames& names = {});
// The call without its result: "bind(listener, 127.0.0.2:5555)".
std::string call_text(const CallEvent& call, const CallNames& names = {});
// Where room is short (the timeline's calls column): "bind() = -1 EADDRINUSE", "close() = 0".
std::string short_call_label(const CallEvent& call);
// "0", "-1 EADDRINUSE": the result alone, where room is short.
std::string short_call_result(const CallEvent& call);
// "-1 EADDRINUSE (Address already in use)", "0": what the call returned.
std::string call_result_text(const CallEvent& call);

}  // namespace tcplab::present
