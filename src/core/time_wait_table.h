#pragma once
// A host's TIME-WAIT records, by four-tuple, with their expiry queue. Compact on purpose: a busy
// server holds tens of thousands of these, a stress lesson a million.
#include <cstddef>
#include <deque>
#include <optional>

#include <absl/container/flat_hash_map.h>

#include "core/address.h"
#include "core/time_wait.h"

namespace tcplab {

class TimeWaitTable {
 public:
  // Adds a record (its generation is assigned here) and queues its expiry.
  TimeWaitRecord& insert(const FourTuple& tuple, TimeWaitRecord record);
  TimeWaitRecord* find(const FourTuple& tuple);
  const TimeWaitRecord* find(const FourTuple& tuple) const;
  bool contains(const FourTuple& tuple) const { return records_.contains(tuple); }
  void erase(const FourTuple& tuple) { records_.erase(tuple); }
  // Moves the record's deadline (a retransmitted FIN restarts the timer).
  void restart(const FourTuple& tuple, Instant deadline);

  // The earliest instant at which expire() has something to do.
  std::optional<Instant> next_deadline() const;
  // The next record whose deadline has passed, removed from the table; nullopt when none.
  std::optional<std::pair<FourTuple, TimeWaitRecord>> pop_expired(Instant now);

  std::size_t size() const { return records_.size(); }
  template <typename F>
  void for_each(F&& f) const {
    for (const auto& [tuple, record] : records_) f(tuple, record);
  }

 private:
  // Expiry queue in deadline order: every record lives equally long, so appending keeps it
  // sorted; an entry whose generation no longer matches its record was superseded.
  struct Expiry {
    FourTuple tuple;
    std::uint32_t generation;
  };
  void drop_stale_front();

  absl::flat_hash_map<FourTuple, TimeWaitRecord> records_;
  std::deque<Expiry> expiry_;
  std::uint32_t next_generation_ = 1;
};

}  // namespace tcplab
