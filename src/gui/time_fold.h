#pragma once
// Compressed idle stretches. A lesson is 200 ms of packets, then 60 s of TIME-WAIT in which
// nothing happens, then one more event. TimeFold maps real time onto "folded" time in which each
// long idle stretch is squeezed to a short fixed length, so a whole lesson fits on one slide and
// the break is drawn as such. The map is continuous, monotonic and invertible (piecewise linear).
#include <cstdint>
#include <span>
#include <vector>

#include "core/time.h"

namespace tcplab::gui {

// An idle stretch of real time [start_ns, end_ns] shown as `folded_length_ns`.
struct IdleBreak {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::int64_t folded_start_ns = 0;
  std::int64_t folded_length_ns = 0;
  // Not idle: two instants closer than FoldPolicy::min_step, drawn that far apart.
  bool magnified = false;
  std::int64_t real_length_ns() const { return end_ns - start_ns; }
};

struct FoldPolicy {
  Duration min_idle = std::chrono::milliseconds(300);       // gaps longer than this are compressed
  Duration shown_as = std::chrono::milliseconds(60);        // ... to this much folded time
  Duration kept_each_side = std::chrono::milliseconds(40);  // real time left around activity
  // Distinct instants closer than this are drawn this far apart (0: never). Loopback delivers in
  // microseconds: without it, the kernel's FIN and ACK would share one row of pixels.
  Duration min_step{0};
  // A segment sent at the same instant as one the other way (two FINs, each towards the other) is
  // drawn with at least this much folded time between its send and its arrival, so the two
  // arrows are drawn crossing, each with room for its label, not as one flat line (0: never).
  Duration crossing_flight = std::chrono::milliseconds(90);
};

// A stretch of real time [start_ns, end_ns]: a segment's flight.
struct RealSpan {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
};

class TimeFold {
 public:
  TimeFold() = default;  // the identity: nothing compressed
  // `activity_ns`: sorted instants at which something happens.
  // `crossing`: flights that cross another (their ends are among the activity's instants),
  // each folded to at least policy.crossing_flight.
  static TimeFold from_activity(std::span<const std::int64_t> activity_ns,
                                const FoldPolicy& policy,
                                std::span<const RealSpan> crossing = {});

  std::int64_t fold(std::int64_t real_ns) const;
  std::int64_t unfold(std::int64_t folded_ns) const;
  const std::vector<IdleBreak>& breaks() const { return breaks_; }
  // The idle break containing real instant t, if any (a magnified burst is not one).
  const IdleBreak* break_at(std::int64_t real_ns) const;

 private:
  std::vector<IdleBreak> breaks_;  // sorted, disjoint
};

}  // namespace tcplab::gui
