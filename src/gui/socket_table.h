#pragma once
// What `ss -tan -o` would print at the cursor: every socket that exists, its state, addresses and
// pending timer, read off the one state replay (present/state_replay.h).
#include <cstdint>
#include <string>
#include <vector>

#include "core/trace.h"
#include "present/state_replay.h"

namespace tcplab::gui {

struct SocketRow {
  std::string host;
  std::string endpoint;
  TcpState state = TcpState::Closed;
  std::string local;          // "127.0.0.1:40000"
  std::string peer;           // "127.0.0.2:5555", "0.0.0.0:*" for a listener
  std::string timer;          // "timewait, 42 s left", "on, 180 ms left", "" for none
  std::int64_t since_ns = 0;  // when it entered this state
};

// The sockets alive at the replay's step, sorted by host then endpoint.
std::vector<SocketRow> sockets_at(const present::StateReplay& states);
// The same just after `step` events of `trace` (step 0: none), replayed from the start.
std::vector<SocketRow> sockets_at(const Trace& trace, std::size_t step);

}  // namespace tcplab::gui
