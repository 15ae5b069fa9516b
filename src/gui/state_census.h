#pragma once
// Sockets per state over time, for the chart under the sockets table (the seed documents count
// TIME_WAIT and CLOSE_WAIT lines in `netstat`; this is that count, moving).
#include <array>
#include <cstdint>
#include <vector>

#include "core/trace.h"
#include "present/state_replay.h"

namespace tcplab::gui {

using StateCounts = present::StateCounts;

class StateCensus {
 public:
  StateCensus() = default;
  explicit StateCensus(const Trace& trace);

  // Counts just after the last state change at or before t (all zero before the first).
  StateCounts at(std::int64_t t_ns) const;
  // `samples` counts evenly spaced over [begin, end], for a chart `samples` pixels wide.
  std::vector<StateCounts> sample(std::int64_t begin_ns, std::int64_t end_ns,
                                  std::size_t samples) const;
  // Counts at each of `instants`, e.g. evenly spaced in folded time (see TimeFold).
  std::vector<StateCounts> sample_at(const std::vector<std::int64_t>& instants) const;
  std::int32_t peak() const { return peak_; }  // the largest count of any state at any time
  bool empty() const { return times_.empty(); }

 private:
  std::vector<std::int64_t> times_;  // one entry per state change
  std::vector<StateCounts> counts_;  // counts after that change
  std::int32_t peak_ = 0;
};

}  // namespace tcplab::gui
