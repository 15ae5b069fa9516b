#pragma once
// The segment a lesson's injection writes ([[injections]], lessons/README.md), made from what the
// wire has carried so far: the one rule both backends follow, so the model's and the kernel's
// injected segments are the same bytes. Relative numbers resolve as packetdrill's do: seq from the
// sender's ISN, ack from the receiver's, on the latest connection between the two hosts.
#include <string>
#include <variant>
#include <vector>

#include "core/segment.h"
#include "scenario/scenario.h"

namespace tcplab {

// The injected segment, or why it cannot be made yet (no such connection seen, a side's SYN
// missing), at `due` (when its trigger fired, for the reason's words); the caller says where the
// injection is written (spec.where).
std::variant<Segment, std::string> resolve_injection(const InjectionSpec& spec,
                                                     const Scenario& scenario,
                                                     const std::vector<Segment>& seen,
                                                     Duration due);

// Whether a segment seen on the wire is the one an injection wrote (same four-tuple, numbers,
// flags and payload): how a kernel run's capture tells it from the host's own.
bool same_wire_segment(const Segment& a, const Segment& b);

}  // namespace tcplab
