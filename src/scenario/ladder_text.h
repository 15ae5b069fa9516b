#pragma once
// The text ladder diagram `tcplab run` prints: one column per host, time down the left, arrows
// for segments (tcpdump flags, relative seq/ack, ✗ where lost), socket calls with their results,
// state changes, timers, and the lesson's narration beside the row it belongs to.
#include <string>

#include "core/trace.h"
#include "scenario/scenario.h"

namespace tcplab {

struct LadderOptions {
  std::string lang = "en";        // narration language: "en" or "zh"
  std::size_t column_width = 34;  // terminal columns per host
  bool all_timers = false;  // also retransmit armed/cancelled and delayed-ACK timers
};

std::string render_ladder(const Scenario& scenario, const Trace& trace,
                          const LadderOptions& options);

// One segment as the ladder labels it: "F. seq 1 ack 1", "P. seq 1:6 ack 1 len 5".
std::string segment_label(const SegmentEvent& segment);

// One returned call: "bind(listener, 127.0.0.2:5555) = -1 EADDRINUSE (Address already in use)".
std::string call_label(const Scenario& scenario, const CallEvent& call);

}  // namespace tcplab
