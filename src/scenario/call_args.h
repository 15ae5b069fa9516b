#pragma once
// A call's arguments as text, made once from the lesson's call: the same for the model and the
// kernel backend.
#include <string>
#include <string_view>

#include "scenario/scenario.h"

namespace tcplab {

// The arguments after the socket ("127.0.0.2:5555", "65536", "SO_LINGER, {1, 0}"); the socket is
// CallEvent::fd, never part of this text.
std::string call_args(const CallSpec& call);

// `data` as a C string literal: "\"hi\\n\"".
std::string quoted(std::string_view data);

}  // namespace tcplab
