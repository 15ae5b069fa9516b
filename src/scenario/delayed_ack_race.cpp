#include "scenario/delayed_ack_race.h"

#include <algorithm>

namespace tcplab {

namespace {

bool is_bare_ack(const Segment& s) {
  return s.flags.ack() && !s.flags.syn() && !s.flags.fin() && !s.flags.rst() &&
         s.payload_len() == 0;
}

bool same_direction(const Segment& a, const Segment& b) { return a.src == b.src && a.dst == b.dst; }

bool same_numbers(const Segment& a, const Segment& b) { return a.seq == b.seq && a.ack == b.ack; }

// The FIN acknowledges the peer's FIN: its sender closed second, so a bare ACK with the same
// numbers acknowledges that FIN too (not the handshake), and it cannot be a keepalive probe
// (Linux probes only with nothing in flight: never in LAST-ACK, and after it the socket is gone).
bool acknowledges_peers_fin(const Trace& trace, const SegmentEvent& fin) {
  for (std::uint64_t id = 1; id < fin.id; ++id) {
    const Segment& s = trace.segment_by_id(id)->segment;
    if (s.src == fin.segment.dst && s.dst == fin.segment.src && s.flags.fin() &&
        s.seq + s.seq_len() == fin.segment.ack)
      return true;
  }
  return false;
}

}  // namespace

std::vector<DelayedAckRace> delayed_ack_races(const Trace& trace) {
  std::vector<DelayedAckRace> races;
  const std::uint64_t count = trace.segment_count();
  for (std::uint64_t id = 1; id <= count; ++id) {
    const SegmentEvent& ack = *trace.segment_by_id(id);
    if (!is_bare_ack(ack.segment)) continue;
    // The next segment this sender sent on this connection: its FIN with the same numbers.
    for (std::uint64_t next = id + 1; next <= count; ++next) {
      const Segment& s = trace.segment_by_id(next)->segment;
      if (!same_direction(s, ack.segment)) continue;
      if (s.flags.fin() && same_numbers(s, ack.segment) &&
          acknowledges_peers_fin(trace, *trace.segment_by_id(next)))
        races.push_back({id, next, AckRaceOrder::AckBeforeFin});
      break;
    }
    // The last segment this sender sent before it: a FIN with the same numbers, closing second.
    for (std::uint64_t earlier = id - 1; earlier >= 1; --earlier) {
      const SegmentEvent& fin = *trace.segment_by_id(earlier);
      if (!same_direction(fin.segment, ack.segment)) continue;
      if (fin.segment.flags.fin() && same_numbers(fin.segment, ack.segment) &&
          acknowledges_peers_fin(trace, fin))
        races.push_back({id, earlier, AckRaceOrder::AckAfterFin});
      break;
    }
  }
  return races;
}

const DelayedAckRace* race_of(const std::vector<DelayedAckRace>& races, std::uint64_t ack_segment) {
  const auto it = std::find_if(races.begin(), races.end(), [&](const DelayedAckRace& r) {
    return r.ack_segment == ack_segment;
  });
  return it == races.end() ? nullptr : &*it;
}

}  // namespace tcplab
