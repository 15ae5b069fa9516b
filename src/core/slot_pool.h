#pragma once
// Objects parked while their event waits in the queue, named by a 32-bit slot (events stay small);
// a slot is reused once its object is taken back out.
#include <cstdint>
#include <utility>
#include <vector>

namespace tcplab {

template <typename T>
class SlotPool {
 public:
  std::uint32_t put(T value) {
    if (!free_.empty()) {
      const std::uint32_t slot = free_.back();
      free_.pop_back();
      items_[slot] = std::move(value);
      return slot;
    }
    items_.push_back(std::move(value));
    return static_cast<std::uint32_t>(items_.size() - 1);
  }

  T take(std::uint32_t slot) {
    T value = std::move(items_[slot]);
    free_.push_back(slot);
    return value;
  }

 private:
  std::vector<T> items_;
  std::vector<std::uint32_t> free_;
};

}  // namespace tcplab
