#include "gui/state_census.h"

#include <algorithm>
#include <string>

namespace tcplab::gui {

StateCensus::StateCensus(const Trace& trace) {
  present::StateReplay replay(trace);
  for (const TraceEvent& e : trace.events()) {
    replay.advance();
    if (!holds_alternative<StateEvent>(e.body)) continue;
    const StateCounts& now = replay.counts();
    const std::int64_t t = to_ns(e.at);
    if (!times_.empty() && times_.back() == t) {
      counts_.back() = now;
    } else {
      times_.push_back(t);
      counts_.push_back(now);
    }
    peak_ = std::max(peak_, *std::max_element(now.begin(), now.end()));
  }
}

StateCounts StateCensus::at(std::int64_t t_ns) const {
  auto it = std::upper_bound(times_.begin(), times_.end(), t_ns);
  if (it == times_.begin()) return StateCounts{};
  return counts_[static_cast<std::size_t>(it - times_.begin()) - 1];
}

std::vector<StateCounts> StateCensus::sample(std::int64_t begin_ns, std::int64_t end_ns,
                                             std::size_t samples) const {
  std::vector<StateCounts> out;
  out.reserve(samples);
  const double span = static_cast<double>(end_ns - begin_ns);
  for (std::size_t i = 0; i < samples; ++i) {
    const double f = samples > 1 ? static_cast<double>(i) / static_cast<double>(samples - 1) : 0;
    out.push_back(at(begin_ns + static_cast<std::int64_t>(f * span)));
  }
  return out;
}

std::vector<StateCounts> StateCensus::sample_at(const std::vector<std::int64_t>& instants) const {
  std::vector<StateCounts> out;
  out.reserve(instants.size());
  for (std::int64_t t : instants) out.push_back(at(t));
  return out;
}

}  // namespace tcplab::gui
