#pragma once
// What one input did to an endpoint. The endpoint never does I/O: it appends to Effects, and the
// host turns them into segments on the wire and events in the trace.
#include <optional>
#include <string>
#include <vector>

#include "core/errno_code.h"
#include "core/segment.h"
#include "core/tcp_state.h"
#include "core/time.h"
#include "core/trace.h"

namespace tcplab {

struct StateChange {
  TcpState from = TcpState::Closed;
  TcpState to = TcpState::Closed;
  StateCause cause = StateCause::Unspecified;
  std::uint32_t cause_count = 0;  // unread bytes, retries: see StateEvent
};

struct TimerChange {
  TimerKind kind = TimerKind::Retransmit;
  TimerAction action = TimerAction::Armed;
  Instant deadline;
  int attempt = 0;
};

struct Outgoing {
  Segment segment;
  bool retransmission = false;
};

struct Effects {
  std::vector<Outgoing> segments;
  std::vector<StateChange> states;
  std::vector<TimerChange> timers;
  // What the endpoint made of an arriving segment; its `code` is why it was refused, if it was.
  ReceiverVerdict verdict;
  std::optional<Errno> error;  // an error the application will see (ECONNRESET, ETIMEDOUT ...)

  void clear() {
    segments.clear();
    states.clear();
    timers.clear();
    verdict = {};
    error.reset();
  }
  // The endpoint's decision about the segment (core/verdict_code.h).
  void decide(VerdictCode code, VerdictArgs args = {}) { verdict = ReceiverVerdict(code, args); }
  bool decided() const { return verdict.what != VerdictCode::None; }
  RejectCode rejected() const { return verdict.code; }
};

}  // namespace tcplab
