#include "gui/time_fold.h"

#include <algorithm>
#include <cmath>

namespace tcplab::gui {

TimeFold TimeFold::from_activity(std::span<const std::int64_t> activity_ns,
                                 const FoldPolicy& policy, std::span<const RealSpan> crossing) {
  TimeFold fold;
  const std::int64_t min_idle = to_ns(policy.min_idle);
  const std::int64_t shown = to_ns(policy.shown_as);
  const std::int64_t kept = to_ns(policy.kept_each_side);
  const std::int64_t min_step = to_ns(policy.min_step);
  const std::int64_t min_flight = to_ns(policy.crossing_flight);
  // Per gap between activity[i - 1] and activity[i]: how much a crossing flight over it must
  // stretch it (its wanted folded length over its real one; 1 when none does).
  std::vector<double> stretch(activity_ns.size(), 1.0);
  if (min_flight > 0) {
    for (const RealSpan& f : crossing) {
      const std::int64_t length = f.end_ns - f.start_ns;
      if (length <= 0 || length >= min_flight) continue;
      const double factor = static_cast<double>(min_flight) / static_cast<double>(length);
      auto i = std::upper_bound(activity_ns.begin(), activity_ns.end(), f.start_ns);
      for (; i != activity_ns.end() && *i <= f.end_ns; ++i) {
        double& s = stretch[static_cast<std::size_t>(i - activity_ns.begin())];
        s = std::max(s, factor);
      }
    }
  }
  std::int64_t removed = 0;  // real length minus folded length of the breaks so far
  for (std::size_t i = 1; i < activity_ns.size(); ++i) {
    const std::int64_t gap = activity_ns[i] - activity_ns[i - 1];
    const auto stretched =
        static_cast<std::int64_t>(std::ceil(static_cast<double>(gap) * stretch[i]));
    if (gap > 0 && (gap < min_step || stretched > gap)) {
      IdleBreak b;
      b.start_ns = activity_ns[i - 1];
      b.end_ns = activity_ns[i];
      b.folded_start_ns = b.start_ns - removed;
      b.folded_length_ns = std::max(stretched, std::max(gap, min_step));
      b.magnified = true;
      removed += gap - b.folded_length_ns;
      fold.breaks_.push_back(b);
      continue;
    }
    if (gap <= min_idle || gap <= 2 * kept + shown) continue;
    IdleBreak b;
    b.start_ns = activity_ns[i - 1] + kept;
    b.end_ns = activity_ns[i] - kept;
    b.folded_start_ns = b.start_ns - removed;
    b.folded_length_ns = shown;
    removed += b.real_length_ns() - shown;
    fold.breaks_.push_back(b);
  }
  return fold;
}

std::int64_t TimeFold::fold(std::int64_t real_ns) const {
  // The last break starting at or before t.
  auto it = std::upper_bound(breaks_.begin(), breaks_.end(), real_ns,
                             [](std::int64_t t, const IdleBreak& b) { return t < b.start_ns; });
  if (it == breaks_.begin()) return real_ns;
  const IdleBreak& b = *(it - 1);
  if (real_ns >= b.end_ns) {
    return b.folded_start_ns + b.folded_length_ns + (real_ns - b.end_ns);
  }
  const double fraction =
      static_cast<double>(real_ns - b.start_ns) / static_cast<double>(b.real_length_ns());
  return b.folded_start_ns +
         static_cast<std::int64_t>(fraction * static_cast<double>(b.folded_length_ns));
}

std::int64_t TimeFold::unfold(std::int64_t folded_ns) const {
  auto it =
      std::upper_bound(breaks_.begin(), breaks_.end(), folded_ns,
                       [](std::int64_t f, const IdleBreak& b) { return f < b.folded_start_ns; });
  if (it == breaks_.begin()) return folded_ns;
  const IdleBreak& b = *(it - 1);
  const std::int64_t folded_end = b.folded_start_ns + b.folded_length_ns;
  if (folded_ns >= folded_end) return b.end_ns + (folded_ns - folded_end);
  const double fraction =
      static_cast<double>(folded_ns - b.folded_start_ns) / static_cast<double>(b.folded_length_ns);
  return b.start_ns + static_cast<std::int64_t>(fraction * static_cast<double>(b.real_length_ns()));
}

const IdleBreak* TimeFold::break_at(std::int64_t real_ns) const {
  auto it = std::upper_bound(breaks_.begin(), breaks_.end(), real_ns,
                             [](std::int64_t t, const IdleBreak& b) { return t < b.start_ns; });
  if (it == breaks_.begin()) return nullptr;
  const IdleBreak& b = *(it - 1);
  return real_ns < b.end_ns && !b.magnified ? &b : nullptr;
}

}  // namespace tcplab::gui
