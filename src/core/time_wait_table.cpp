#include "core/time_wait_table.h"

namespace tcplab {

TimeWaitRecord& TimeWaitTable::insert(const FourTuple& tuple, TimeWaitRecord record) {
  record.generation = next_generation_++;
  expiry_.push_back({tuple, record.generation});
  return records_[tuple] = record;
}

TimeWaitRecord* TimeWaitTable::find(const FourTuple& tuple) {
  auto it = records_.find(tuple);
  return it == records_.end() ? nullptr : &it->second;
}

const TimeWaitRecord* TimeWaitTable::find(const FourTuple& tuple) const {
  auto it = records_.find(tuple);
  return it == records_.end() ? nullptr : &it->second;
}

void TimeWaitTable::restart(const FourTuple& tuple, Instant deadline) {
  TimeWaitRecord* r = find(tuple);
  if (!r) return;
  r->deadline = deadline;
  r->generation = next_generation_++;
  expiry_.push_back({tuple, r->generation});
}

void TimeWaitTable::drop_stale_front() {
  while (!expiry_.empty()) {
    const Expiry& front = expiry_.front();
    auto it = records_.find(front.tuple);
    if (it != records_.end() && it->second.generation == front.generation) return;
    expiry_.pop_front();  // removed early, or restarted (a newer entry sits further back)
  }
}

std::optional<Instant> TimeWaitTable::next_deadline() const {
  for (const Expiry& e : expiry_) {
    auto it = records_.find(e.tuple);
    if (it != records_.end() && it->second.generation == e.generation) return it->second.deadline;
    // Stale entries are rare (restarts, assassinations): this loop almost never repeats.
  }
  return std::nullopt;
}

std::optional<std::pair<FourTuple, TimeWaitRecord>> TimeWaitTable::pop_expired(Instant now) {
  drop_stale_front();
  if (expiry_.empty()) return std::nullopt;
  auto it = records_.find(expiry_.front().tuple);
  if (it->second.deadline > now) return std::nullopt;
  std::pair<FourTuple, TimeWaitRecord> out{it->first, it->second};
  records_.erase(it);
  expiry_.pop_front();
  return out;
}

}  // namespace tcplab
