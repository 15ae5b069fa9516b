#pragma once
// Faults a lesson can name: which segments they touch and what happens to them on the wire.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/segment.h"
#include "core/text.h"
#include "core/time.h"

namespace tcplab {

// Which segments a fault applies to. Unset fields match anything.
struct SegmentMatcher {
  std::string from;                         // sending host
  std::string to;                           // receiving host
  std::optional<TcpFlags> flags;            // exactly these flags ("F.", ".")
  std::optional<std::uint32_t> rel_seq;     // relative sequence number
  std::optional<std::uint64_t> segment_id;  // the Nth segment of the run
  int nth = 1;                              // the first affected segment is the nth match
  int count = 1;  // how many matches in a row are affected; -1: all from the nth on
};

enum class FaultAction {
  Drop,        // lost
  Delay,       // arrives `delay` later than the link's latency
  Duplicate,   // arrives twice: the copy `delay` after the original (an old duplicate)
  Reorder,     // held back by `delay`, so later segments overtake it
  RandomLoss,  // each match lost with `probability`, drawn from the run's seed
};

struct Fault {
  FaultAction action = FaultAction::Drop;
  SegmentMatcher match;
  Duration delay{0};
  double probability = 0.0;
  Text description;  // the lesson's words: "drop the client's last ACK", "丢掉客户端的最后一个 ACK"
};

std::string_view to_string(FaultAction action);  // "drop", "random-loss" ... as lessons write them
std::optional<FaultAction> parse_fault_action(std::string_view text);
std::vector<std::string_view> fault_action_names();  // every name parse_fault_action reads

}  // namespace tcplab
