#pragma once
// What the kernel backend collects while a scenario runs, before it becomes a Trace: captured
// packets, socket calls, the sockets the programs created and what sock_diag saw. All times are
// CLOCK_MONOTONIC nanoseconds relative to the scenario's start.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/address.h"
#include "core/segment.h"
#include "core/tcp_state.h"
#include "core/trace.h"

namespace tcplab::real {

// One packet seen on lo (one copy of the two lo shows).
struct CapturedPacket {
  std::int64_t t_ns = 0;
  Segment segment;
  // What the fault engine (nfqueue_faults.*) did: when it arrived if not at once, dropped, the
  // fault, and whether this is a duplicate's copy (then t_ns is its original's send instant).
  std::optional<std::int64_t> arrives_ns;
  bool dropped = false;
  std::optional<WireFault> fault;
  bool copy = false;
};

// A socket one of the programs created (socket() or accept()), labelled as the model labels it.
struct SocketRecord {
  std::string label;  // "server#2"
  std::string host;
  std::uint64_t inode = 0;  // from fstat(): matches sock_diag's idiag_inode
  std::int64_t created_ns = 0;
  // Made by accept(): the kernel made it when the SYN arrived, as the model's child socket is.
  bool accepted = false;
  std::optional<FourTuple> tuple;      // once connected (connect() or accept() returned)
  std::int64_t tuple_known_ns = 0;     // when it was learnt
  std::optional<SocketAddress> local;  // after bind()/connect()
  // Every connect() call on it (one may fail and the program call it again): the SYNs sent while
  // one was under way belong to this socket, even when it never learnt its four-tuple.
  struct ConnectCall {
    SocketAddress to;
    std::int64_t issued_ns = 0;
    std::int64_t returned_ns = 0;
    // Whether a SYN sent at `t_ns` to `dst` was this call's.
    bool sent(const SocketAddress& dst, std::int64_t t_ns) const {
      return to == dst && issued_ns <= t_ns && t_ns <= returned_ns;
    }
  };
  std::vector<ConnectCall> connects;
  bool connecting_when(const SocketAddress& dst, std::int64_t t_ns) const {
    for (const ConnectCall& c : connects)
      if (c.sent(dst, t_ns)) return true;
    return false;
  }
  // When listen() returned on it, and when the program closed its fd (close() or exit): a
  // listener can live less than one sock_diag poll, and these calls alone then give its states.
  std::optional<std::int64_t> listen_returned_ns;
  std::optional<std::int64_t> closed_ns;
};

// sock_diag's idiag_timer values.
enum class DiagTimer : std::uint8_t {
  None = 0,
  Retransmit = 1,
  KeepAlive = 2,
  TimeWait = 3,
  Probe = 4
};

// What sock_diag reported for one socket, recorded whenever it changed (or the socket vanished).
struct DiagChange {
  std::int64_t t_ns = 0;          // the poll that saw it
  std::int64_t prev_poll_ns = 0;  // when the poll before (which did not see it) started
  FourTuple tuple;                // remote 0.0.0.0:0 for a listener
  bool present = true;            // false: the socket is gone
  std::uint64_t inode = 0;        // 0 once the socket has no file (closed, TIME-WAIT)
  TcpState state = TcpState::Closed;
  DiagTimer timer = DiagTimer::None;
  std::uint32_t expires_ms = 0;
  std::uint8_t retransmits = 0;
  // Not seen by sock_diag: inferred from the call that made it (listen() returned, its program
  // closed it), when the socket lived less than a poll.
  std::optional<StateCause> from_call;
};

struct RunRecord {
  std::vector<CapturedPacket> packets;
  std::vector<CallEvent> calls;  // issued_at and returned time (kept in returned_ns) relative
  std::vector<std::int64_t> call_returned_ns;  // parallel to `calls`
  std::vector<SocketRecord> sockets;
  std::vector<DiagChange> diag;
  std::vector<std::pair<std::int64_t, NoteEvent>> notes;
  std::int64_t end_ns = 0;
  // Poll statistics, for the trace's honesty notes.
  std::uint64_t polls = 0;
  std::int64_t max_poll_gap_ns = 0;
  std::int64_t mean_poll_gap_ns = 0;
};

}  // namespace tcplab::real
