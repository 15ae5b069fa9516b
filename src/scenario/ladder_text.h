#pragma once
// The text ladder diagram `tcplab run` prints: one column per host, time down the left, arrows
// for segments (tcpdump flags, relative seq/ack, ✗ where lost), socket calls with their results,
// state changes, timers, and the lesson's narration beside the row it belongs to.
// It is written a line at a time, and at most max_lanes hosts get a column: a capture with
// thousands of peers prints a few lanes and one line counting the hosts left out.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/trace.h"
#include "scenario/scenario.h"

namespace tcplab {

// Hosts drawn as lanes unless told otherwise: 8 columns of 34 fill a wide terminal already.
inline constexpr std::size_t kDefaultLadderLanes = 8;
// The most lanes any ladder draws (`--lanes`): each line's width grows with the lanes.
inline constexpr std::size_t kMaxLadderLanes = 64;

struct LadderOptions {
  std::string lang = "en";        // narration language: "en" or "zh"
  std::size_t column_width = 34;  // terminal columns per host
  bool all_timers = false;        // also retransmit armed/cancelled and delayed-ACK timers
  bool segment_options = false;   // a line under each segment with its TCP options (tcpdump's)
  // At most this many hosts get a lane (1..kMaxLadderLanes): the first ones in the trace's order.
  std::size_t max_lanes = kDefaultLadderLanes;
  // The hosts to draw as lanes, in this order, instead of the first max_lanes (at most max_lanes).
  std::vector<std::string> hosts;
};

// Writes the ladder to `out` one line at a time. A host without a lane is left out: its segments
// with a drawn host appear in that host's lane ("→ 10.0.0.7: S seq 0"), the rest are counted in a
// line before the header and one after the last row. Throws ScenarioError when `options.hosts`
// names a host the trace does not have, or more hosts than max_lanes.
void write_ladder(const Scenario& scenario, const Trace& trace, const LadderOptions& options,
                  std::ostream& out);
// The same ladder as one string (tests, small traces).
std::string render_ladder(const Scenario& scenario, const Trace& trace,
                          const LadderOptions& options);

}  // namespace tcplab
