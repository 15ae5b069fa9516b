#pragma once
// The wire between hosts: a latency, and the faults a lesson names. Decides each segment's fate
// when it is sent; deterministic for a given seed.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/fault.h"
#include "core/segment.h"
#include "core/time.h"
#include "core/trace.h"

namespace tcplab {

struct WireFate {
  bool dropped = false;
  Duration extra_delay{0};
  bool duplicated = false;
  Duration duplicate_delay{0};     // how much later than the original the copy arrives
  std::optional<WireFault> fault;  // the fault whose words the trace shows, when one applied
};

// What the network knows about a segment when it decides.
struct WireSegment {
  std::uint64_t id = 0;
  const Segment* segment = nullptr;
  const std::string* from = nullptr;
  const std::string* to = nullptr;
  std::uint32_t rel_seq = 0;
};

class Network {
 public:
  explicit Network(std::uint64_t seed) : random_(seed) {}

  void set_latency(Duration one_way) { latency_ = one_way; }
  Duration latency() const { return latency_; }
  void add_fault(Fault fault) { faults_.push_back({std::move(fault), 0}); }
  bool has_faults() const { return !faults_.empty(); }

  WireFate decide(const WireSegment& segment);

 private:
  struct ActiveFault {
    Fault fault;
    int matches = 0;  // segments matched so far
  };
  static bool matches(const SegmentMatcher& m, const WireSegment& s);
  double uniform();  // [0, 1), the same on every platform for a given seed

  Duration latency_ = std::chrono::milliseconds(10);
  std::vector<ActiveFault> faults_;
  std::mt19937_64 random_;
};

}  // namespace tcplab
