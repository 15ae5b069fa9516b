#pragma once
// Questions tests ask of a trace: which segments, which states an endpoint passed, what a call
// returned.
#include <optional>
#include <string>
#include <vector>

#include "core/trace.h"

namespace tcplab::testing {

std::vector<const SegmentEvent*> segments_of(const Trace& trace);
// "client>server F. 1:1" for every segment after the handshake's first `skip` segments.
std::vector<std::string> segment_lines(const Trace& trace, std::size_t skip = 0);
// The last call made by step `label`.
const CallEvent* call_of(const Trace& trace, const std::string& label);
std::vector<const CallEvent*> calls_of(const Trace& trace, const std::string& label);
// The states `endpoint` passed through, in order, starting with the first `from`.
std::vector<TcpState> states_of(const Trace& trace, const std::string& endpoint);
std::string states_text(const Trace& trace, const std::string& endpoint);
std::optional<TcpState> state_at(const Trace& trace, const std::string& endpoint, Instant t);
std::vector<const TimerEvent*> timers_of(const Trace& trace, const std::string& endpoint,
                                         TimerKind kind);

}  // namespace tcplab::testing
