#pragma once
// Which state each socket is in just after step N of a trace (step 0: before the first event),
// with its pending timers and the number of sockets in each state. Replayed incrementally:
// advancing by one event costs O(1) amortised; seeking back replays from the start.
// Every view that shows "the sockets now" (state diagram, sockets table, census, CSV) reads this.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/trace.h"

namespace tcplab::present {


// Sockets per state, indexed by TcpState (CLOSED is never counted: a closed socket is gone).
using StateCounts = std::array<std::int32_t, kAllTcpStates.size()>;

struct SocketState {
  std::string host;
  std::string endpoint;  // "server#2"
  TcpState state = TcpState::Closed;
  FourTuple tuple;                                         // as of its last state change
  Instant since;                                           // when it entered `state`
  std::array<std::optional<Instant>, kTimerKindCount> timers;  // pending: the deadline, by TimerKind
};

class StateReplay {
 public:
  StateReplay() = default;
  // Replays `trace`, which must outlive this; at step 0.
  explicit StateReplay(const Trace& trace);

  std::size_t step() const { return step_; }
  std::size_t last_step() const { return trace_ ? trace_->size() : 0; }
  // Applies the next event; nothing at the end.
  void advance();
  // Forward: advances; backward: replays from the start. `step` is clamped to the trace.
  void seek(std::size_t step);

  // The live socket with this label, or nullptr (never seen, or back in CLOSED).
  const SocketState* socket(std::string_view endpoint) const;
  // Every live socket, sorted by host, then endpoint.
  std::vector<const SocketState*> sockets() const;
  std::size_t socket_count() const { return live_.size(); }
  const StateCounts& counts() const { return counts_; }
  // The counts of one host's sockets (all zero for a host without any).
  StateCounts counts_on(const std::string& host) const;
  // The last state change applied, if any.
  const StateEvent* last_change() const { return last_change_; }
  // The time of the last event applied (0 at step 0).
  Instant now() const { return now_; }

 private:
  void apply(const TraceEvent& event);
  void count(const std::string& host, TcpState state, std::int32_t delta);

  const Trace* trace_ = nullptr;
  std::size_t step_ = 0;
  Instant now_ = kTimeZero;
  std::unordered_map<std::string, SocketState> live_;
  StateCounts counts_{};
  std::unordered_map<std::string, StateCounts> host_counts_;
  const StateEvent* last_change_ = nullptr;
};

}  // namespace tcplab::present
