#pragma once
// The one race a loaded machine decides on loopback, not TCP: the delayed ACK of the peer's FIN
// against the application's close(). Linux acknowledges a FIN after one delayed-ACK tick unless
// the application's FIN carries the ACK first; which wins depends on when each CPU runs.
#include <cstdint>
#include <vector>

#include "core/trace.h"

namespace tcplab {

enum class AckRaceOrder {
  // The bare ACK left before close() sent the FIN with the same numbers: four segments where a
  // program reacting at once (the model) sends three.
  AckBeforeFin,
  // The bare ACK was built before the FIN but arrived after it (the two were queued on two CPUs'
  // loopback backlogs): the peer, already in TIME-WAIT, answers the stale ACK, and the reset that
  // answer draws ends the TIME-WAIT (RFC 1337 assassination, with tcp_rfc1337 = 0).
  AckAfterFin,
};

struct DelayedAckRace {
  std::uint64_t ack_segment = 0;  // the bare ACK's segment number
  std::uint64_t fin_segment = 0;  // the same sender's FIN with the same seq and ack
  AckRaceOrder order = AckRaceOrder::AckBeforeFin;
};

// Every such race in a trace, in segment order.
std::vector<DelayedAckRace> delayed_ack_races(const Trace& trace);

// The race `ack_segment` took part in, if any.
const DelayedAckRace* race_of(const std::vector<DelayedAckRace>& races, std::uint64_t ack_segment);

}  // namespace tcplab
