#include "core/time_wait_table.h"

#include <absl/hash/hash.h>

namespace tcplab {

std::size_t TimeWaitTable::PositionHash::operator()(const PackedTuple& t) const {
  return absl::HashOf(t.local_ip, t.remote_ip, t.local_port, t.remote_port);
}

TimeWaitTable::TimeWaitTable() : index_(0, PositionHash{this}, PositionEq{this}) {}

TimeWaitRecord& TimeWaitTable::insert(const FourTuple& tuple, const TimeWaitRecord& record) {
  erase(tuple);
  const auto position = static_cast<Position>(popped_ + queue_.size());
  queue_.push_back({record, PackedTuple::pack(tuple), true});
  index_.insert(position);
  return queue_.back().record;
}

TimeWaitRecord* TimeWaitTable::find(const FourTuple& tuple) {
  auto it = index_.find(tuple);
  return it == index_.end() ? nullptr : &entry_at(*it).record;
}

const TimeWaitRecord* TimeWaitTable::find(const FourTuple& tuple) const {
  auto it = index_.find(tuple);
  return it == index_.end() ? nullptr : &entry_at(*it).record;
}

void TimeWaitTable::erase(const FourTuple& tuple) {
  auto it = index_.find(tuple);
  if (it == index_.end()) return;
  Entry& entry = entry_at(*it);
  index_.erase(it);    // before the entry dies: erasing hashes through it
  entry.live = false;  // its slot leaves the queue when it reaches the front
  drop_dead_front();
}

void TimeWaitTable::restart(const FourTuple& tuple, Instant deadline) {
  TimeWaitRecord* r = find(tuple);
  if (!r) return;
  TimeWaitRecord moved = *r;
  moved.deadline = deadline;
  insert(tuple, moved);  // the latest deadline of all: it goes to the back
}

void TimeWaitTable::drop_dead_front() {
  while (!queue_.empty() && !queue_.front().live) {
    queue_.pop_front();
    ++popped_;
  }
}

std::optional<Instant> TimeWaitTable::next_deadline() {
  drop_dead_front();
  if (queue_.empty()) return std::nullopt;
  return queue_.front().record.deadline;
}

std::optional<std::pair<FourTuple, TimeWaitRecord>> TimeWaitTable::pop_expired(Instant now) {
  drop_dead_front();
  if (queue_.empty() || queue_.front().record.deadline > now) return std::nullopt;
  std::pair<FourTuple, TimeWaitRecord> out{queue_.front().tuple.unpack(), queue_.front().record};
  index_.erase(out.first);
  queue_.pop_front();
  ++popped_;
  drop_dead_front();
  return out;
}

}  // namespace tcplab
