#include "core/network.h"

namespace tcplab {

bool Network::matches(const SegmentMatcher& m, const WireSegment& s) {
  if (!m.from.empty() && m.from != *s.from) return false;
  if (!m.to.empty() && m.to != *s.to) return false;
  if (m.flags && *m.flags != s.segment->flags) return false;
  if (m.rel_seq && *m.rel_seq != s.rel_seq) return false;
  if (m.segment_id && *m.segment_id != s.id) return false;
  return true;
}

double Network::uniform() {
  // 53 random bits scaled to [0, 1): std::uniform_real_distribution differs between libraries.
  return static_cast<double>(random_() >> 11) * 0x1.0p-53;
}

WireFate Network::decide(const WireSegment& segment) {
  WireFate fate;
  for (ActiveFault& active : faults_) {
    if (!matches(active.fault.match, segment)) continue;
    const int n = ++active.matches;
    const SegmentMatcher& m = active.fault.match;
    const bool in_range = n >= m.nth && (m.count < 0 || n < m.nth + m.count);
    if (!in_range) continue;
    const Text& why = active.fault.description;
    // A drop's words replace any other; other faults speak only while nothing has been said.
    auto say = [&](WireAction action, bool replace) {
      if (replace || fault_text(fate.fault, *segment.segment).empty())
        fate.fault = WireFault{action, why};
    };
    switch (active.fault.action) {
      case FaultAction::Drop:
        fate.dropped = true;
        say(WireAction::Dropped, true);
        break;
      case FaultAction::RandomLoss:
        if (uniform() < active.fault.probability) {
          fate.dropped = true;
          say(WireAction::LostAtRandom, true);
        }
        break;
      case FaultAction::Delay:
        fate.extra_delay += active.fault.delay;
        say(WireAction::Delayed, false);
        break;
      case FaultAction::Reorder:
        fate.extra_delay += active.fault.delay;
        say(WireAction::Reordered, false);
        break;
      case FaultAction::Duplicate:
        fate.duplicated = true;
        fate.duplicate_delay = active.fault.delay;
        say(WireAction::Duplicated, false);
        break;
    }
  }
  return fate;
}

}  // namespace tcplab
