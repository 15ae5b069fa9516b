#pragma once
// A call's arguments as text, made once from the lesson's call: the same for the model and the
// kernel backend.
#include <string>
#include <string_view>

#include "core/trace.h"
#include "present/call_label.h"
#include "scenario/scenario.h"

namespace tcplab {

// The arguments after the socket ("127.0.0.2:5555", "65536", "SO_LINGER, {1, 0}"); the socket is
// CallEvent::fd, never part of this text.
std::string call_args(const CallSpec& call);

// The lesson's names around a returned call: the socket variable its step made it on, and the
// variable a new socket went to (both "" when the call was no step's, as in a capture).
present::CallNames call_names(const Scenario& scenario, const CallEvent& call);

}  // namespace tcplab
