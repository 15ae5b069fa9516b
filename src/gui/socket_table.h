#pragma once
// What `ss -tan -o` would print at the cursor: every socket that exists, its state, addresses and
// pending timer. Rebuilt by replaying the trace up to the cursor's step.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/trace.h"

namespace tcplab::gui {

struct SocketRow {
  std::string host;
  std::string endpoint;
  TcpState state = TcpState::Closed;
  std::string local;  // "127.0.0.1:40000"
  std::string peer;   // "127.0.0.2:5555", "0.0.0.0:*" for a listener
  std::string timer;  // "timewait, 42.1 s left", "on (retransmit), 180 ms left", "" for none
  std::int64_t since_ns = 0;  // when it entered this state
};

// The sockets alive just after `step` events (step 0: none), sorted by host then endpoint.
std::vector<SocketRow> sockets_at(const Trace& trace, std::size_t step);

// `ss` spelling of a pending timer: "timewait", "on", "delack", "keepalive"-style words.
std::string ss_timer_name(TimerKind kind);

}  // namespace tcplab::gui
