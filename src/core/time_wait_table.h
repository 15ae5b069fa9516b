#pragma once
// A host's TIME-WAIT records, by four-tuple, in expiry order. Compact on purpose: a busy server
// holds tens of thousands of these, a stress lesson a million (about 60 bytes each, all told).
//
// Every record lives equally long, so records appended as they enter TIME-WAIT are already in
// deadline order: the record queue is the expiry queue. A restart (retransmitted FIN) moves a
// record to the back. The index is a hash set of 4-byte queue positions, hashed and compared
// through the queue, so each four-tuple is stored once.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

#include <absl/container/flat_hash_set.h>

#include "core/address.h"
#include "core/time_wait.h"

namespace tcplab {

class TimeWaitTable {
 public:
  TimeWaitTable();
  TimeWaitTable(const TimeWaitTable&) = delete;  // the index's hasher points back at the table
  TimeWaitTable& operator=(const TimeWaitTable&) = delete;

  TimeWaitRecord& insert(const FourTuple& tuple, const TimeWaitRecord& record);
  TimeWaitRecord* find(const FourTuple& tuple);
  const TimeWaitRecord* find(const FourTuple& tuple) const;
  bool contains(const FourTuple& tuple) const { return index_.contains(tuple); }
  void erase(const FourTuple& tuple);
  // Moves the record's deadline (a retransmitted FIN restarts the timer) and its place in line.
  void restart(const FourTuple& tuple, Instant deadline);

  // The earliest deadline of any record.
  std::optional<Instant> next_deadline();
  // The next record whose deadline has passed, removed from the table; nullopt when none.
  std::optional<std::pair<FourTuple, TimeWaitRecord>> pop_expired(Instant now);

  std::size_t size() const { return index_.size(); }
  template <typename F>
  void for_each(F&& f) const {
    for (const Entry& e : queue_) {
      if (e.live) f(e.tuple.unpack(), e.record);
    }
  }

 private:
  // A four-tuple in 12 bytes (FourTuple pads to 16).
  struct PackedTuple {
    std::uint32_t local_ip, remote_ip;
    std::uint16_t local_port, remote_port;
    static PackedTuple pack(const FourTuple& t) {
      return {t.local.ip.value, t.remote.ip.value, t.local.port, t.remote.port};
    }
    FourTuple unpack() const {
      return {{Ipv4{local_ip}, local_port}, {Ipv4{remote_ip}, remote_port}};
    }
    bool operator==(const PackedTuple&) const = default;
  };
  struct Entry {
    TimeWaitRecord record;
    PackedTuple tuple{};
    bool live = true;  // false once erased or moved to the back by a restart
  };
  static_assert(sizeof(Entry) == 56);
  using Position = std::uint32_t;  // queue_ index + popped_, modulo 2^32

  // Hash and equality of index entries through the queue; a FourTuple can be looked up directly.
  struct PositionHash {
    using is_transparent = void;
    const TimeWaitTable* table;
    std::size_t operator()(Position p) const { return (*this)(table->entry_at(p).tuple); }
    std::size_t operator()(const FourTuple& t) const { return (*this)(PackedTuple::pack(t)); }
    std::size_t operator()(const PackedTuple& t) const;
  };
  struct PositionEq {
    using is_transparent = void;
    const TimeWaitTable* table;
    const PackedTuple& tuple(Position p) const { return table->entry_at(p).tuple; }
    bool operator()(Position a, Position b) const { return a == b; }
    bool operator()(Position a, const FourTuple& b) const {
      return tuple(a) == PackedTuple::pack(b);
    }
    bool operator()(const FourTuple& a, Position b) const {
      return PackedTuple::pack(a) == tuple(b);
    }
  };

  Entry& entry_at(Position p) { return queue_[static_cast<Position>(p - popped_)]; }
  const Entry& entry_at(Position p) const { return queue_[static_cast<Position>(p - popped_)]; }
  void drop_dead_front();

  std::deque<Entry> queue_;  // deadline order
  Position popped_ = 0;      // how many entries have left the front
  absl::flat_hash_set<Position, PositionHash, PositionEq> index_;
};

}  // namespace tcplab
