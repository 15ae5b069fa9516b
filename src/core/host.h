#pragma once
// A simulated host: the BSD sockets API as a program sees it (results and errno), and what the
// kernel shares between connections — the port table and its bind rules, demultiplexing by
// four-tuple, listeners and their queues, TIME-WAIT records, ephemeral ports and tcp_tw_reuse,
// and RST for segments that match nothing.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/node_hash_map.h>

#include "core/address.h"
#include "core/call_why.h"
#include "core/effects.h"
#include "core/endpoint.h"
#include "core/errno_code.h"
#include "core/isn.h"
#include "core/port_table.h"
#include "core/profile.h"
#include "core/time_wait.h"
#include "core/time_wait_table.h"
#include "core/trace.h"

namespace tcplab {

// What a host can do to the world around it; the simulator implements it.
class HostEnvironment {
 public:
  virtual ~HostEnvironment() = default;
  // Puts a segment on the wire; returns its id in the trace.
  virtual std::uint64_t transmit(Instant now, Name from_host, const Segment& segment,
                                 Name endpoint, bool retransmission) = 0;
  virtual void record(Instant now, EventBody event) = 0;
  // What the receiver made of segment `id` (the trace event's typed verdict).
  virtual void annotate_segment(std::uint64_t id, ReceiverVerdict verdict) = 0;
  // False when nobody keeps a trace (benchmarks): events need not be built at all.
  virtual bool recording() const = 0;
};

// The outcome of one socket call.
struct CallResult {
  std::int64_t value = 0;  // the return value; -1 with `error` set on failure
  Errno error = Errno::None;
  bool would_block = false;  // a blocking call that cannot complete yet: call again later
  std::string data;          // recv(): the bytes
  Name endpoint;             // the socket's label ("server#2")
  CallNote note;             // why, as data: the trace's note after the call

  static CallResult ok(std::int64_t v = 0) {
    CallResult r;
    r.value = v;
    return r;
  }
  static CallResult fail(Errno e, CallNote why = {}) {
    CallResult r;
    r.value = -1;
    r.error = e;
    r.note = why;
    return r;
  }
  static CallResult blocked() {
    CallResult r;
    r.would_block = true;
    return r;
  }
};

// The calls that can wait for the network.
enum class WaitingCall { Connect, Accept, Recv };

// What a call that would wait returns instead on a socket with O_NONBLOCK: connect() has sent
// its SYN (EINPROGRESS, inet_stream_connect); accept() and recv() find nothing yet (EAGAIN).
CallResult without_waiting(WaitingCall call);

enum class ShutdownDirection { Read, Write, Both };

// The queue an ioctl() counts: SIOCINQ the receive queue, SIOCOUTQ the send queue.
enum class SocketQueue { Receive, Send };

class Host {
 public:
  Host(std::string name, Ipv4 address, const Profile& profile, const IsnGenerator& isn,
       HostEnvironment& env);
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  const std::string& name() const { return name_; }
  Name name_handle() const { return name_; }
  Ipv4 address() const { return address_; }

  // ---- The sockets API (each call at virtual time `now`) ----
  CallResult socket(Instant now);
  CallResult set_reuse_address(Instant now, int fd, bool on);
  CallResult set_linger(Instant now, int fd, bool on, int seconds);
  // setsockopt(TCP_NODELAY): on a connection, what Nagle was holding leaves at once.
  CallResult set_nodelay(Instant now, int fd, bool on);
  // setsockopt(TCP_QUICKACK): on, an owed ACK leaves now and pingpong mode ends; off, it begins.
  CallResult set_quickack(Instant now, int fd, bool on);
  // setsockopt() of TCP_USER_TIMEOUT, SO_KEEPALIVE, TCP_KEEPIDLE/KEEPINTVL/KEEPCNT, TCP_CORK:
  // EINVAL for a value Linux refuses; on a connection the change takes effect at once.
  CallResult set_option(Instant now, int fd, SocketOption option, std::int64_t value);
  CallResult bind(Instant now, int fd, SocketAddress address);
  CallResult listen(Instant now, int fd, int backlog);
  // Starts the handshake; then finish_connect() reports the result once there is one.
  CallResult connect(Instant now, int fd, SocketAddress peer);
  CallResult finish_connect(Instant now, int fd);
  CallResult accept(Instant now, int fd);
  CallResult send(Instant now, int fd, std::string_view data);
  CallResult recv(Instant now, int fd, std::size_t max);
  CallResult shutdown(Instant now, int fd, ShutdownDirection how);
  // ioctl(SIOCINQ): the bytes the application may read; ioctl(SIOCOUTQ): the bytes written and
  // not yet acknowledged (Linux tcp_ioctl). The count is the result's value; a listening socket
  // is EINVAL, a handshake under way counts 0.
  CallResult queued_bytes(Instant now, int fd, SocketQueue queue);
  // close(): with SO_LINGER {1, N} it blocks while the FIN is unacknowledged, at most N seconds
  // (tcp_close -> sk_stream_wait_close); then finish_close() reports the result once there is one.
  CallResult close(Instant now, int fd);
  CallResult finish_close(Instant now, int fd);
  // The process exits: the kernel closes every descriptor it held, lowest first.
  void exit(Instant now);

  // ---- The network side ----
  void receive(Instant now, const Segment& segment, std::uint64_t segment_id);
  void on_timers(Instant now);
  std::optional<Instant> next_deadline();

  // The descriptors the application holds, lowest first.
  std::vector<int> open_fds() const;

 private:
  enum class SocketKind { Fresh, Listening, Connection };

  struct Socket {
    SocketId id = 0;
    int fd = -1;  // -1 once the application let go (or before accept())
    SocketKind kind = SocketKind::Fresh;
    std::optional<SocketAddress> bound;  // bind() or connect()'s choice
    bool explicitly_bound = false;
    bool reuse_address = false;
    bool linger_on = false;
    int linger_seconds = 0;
    bool nodelay = false;  // TCP_NODELAY (an accepted socket inherits its listener's)
    SocketOptions options;  // likewise inherited
    bool read_shut = false;
    // Listening.
    int backlog = 0;
    std::deque<SocketId> accept_queue;  // established, waiting for accept()
    std::vector<SocketId> half_open;    // SYN-RECEIVED children
    // Connection.
    std::optional<Endpoint> endpoint;
    SocketId listener = 0;    // the listener of a child not yet accepted
    bool connecting = false;  // connect() called, result not yet reported
    bool ever_connected = false;
    std::optional<Errno> error;  // reported on the next call (sk_err)
    // Bytes the application had not read when the connection moved to a TIME-WAIT record: the
    // socket stays readable (Linux keeps the closed socket's receive queue).
    std::string unread;
    std::optional<Instant> scheduled;  // deadline last handed to the timer heap
  };

  // "server#2", made once per socket (events repeat it).
  Name label(SocketId id) const;
  Name describe(SocketId id) const;  // the label for a call's result, when it is recorded
  Socket* socket_by_fd(int fd);
  const Socket* socket_by_fd(int fd) const;
  Socket* socket_by_id(SocketId id);
  int lowest_free_fd() const;

  // Turns an endpoint's Effects into wire segments, trace events and bookkeeping.
  void apply(Instant now, Socket& socket, Effects& fx, std::uint64_t segment_id);
  void enter_time_wait(Instant now, Socket& socket, std::uint64_t segment_id);
  void on_connection_closed(Instant now, Socket& socket);
  void forget(SocketId id);
  // The listener stops listening: close(), or shutdown(SHUT_RD).
  void stop_listening(Instant now, Socket& listener, StateCause cause);
  // A connect() that failed leaves the socket unconnected again, its port released unless bind()
  // chose it (__inet_stream_connect -> tcp_disconnect): connect() may be called again.
  void disconnect(Socket& socket);
  // close() of a descriptor; `may_linger` is false when the process exits (inet_release ignores
  // SO_LINGER for an exiting task, PF_EXITING).
  CallResult close_descriptor(Instant now, int fd, bool may_linger);
  void schedule(Socket& socket);
  void remove_time_wait(Instant now, const FourTuple& tuple, StateCause cause,
                        std::uint64_t segment_id);

  void receive_for_time_wait(Instant now, const Segment& seg, std::uint64_t segment_id);
  void receive_for_listener(Instant now, Socket& listener, const Segment& seg,
                            std::uint64_t segment_id, std::optional<SeqNum> isn);
  // CLOSED (§3.10.7.1): RST for anything but an RST; `decision` says which case it was.
  void answer_with_rst(Instant now, const Segment& seg, std::uint64_t segment_id,
                       VerdictCode decision);
  Socket* find_listener(SocketAddress local);

  // connect()'s choice of a local port (__inet_hash_connect).
  // On failure `why` says which range was full and how much of it TIME-WAIT held.
  std::optional<SocketAddress> pick_ephemeral(Instant now, SocketAddress peer, CallNote& why,
                                              std::optional<SeqNum>& isn);
  // May a connect() take over this TIME-WAIT four-tuple (tcp_twsk_unique)?
  // Whether connect() may take over a TIME-WAIT four-tuple (Linux's tcp_twsk_unique): through a
  // port the socket bound, or one __inet_hash_connect picks.
  enum class PortChoice : std::uint8_t { Bound, Ephemeral };
  bool time_wait_reusable(Instant now, const FourTuple& tuple, const TimeWaitRecord& tw,
                          PortChoice port) const;

  Name name_;
  Ipv4 address_;
  mutable std::vector<Name> labels_;  // by SocketId: label()'s cache
  const Profile* profile_;
  const IsnGenerator* isn_;
  HostEnvironment* env_;

  SocketId next_socket_id_ = 1;
  absl::node_hash_map<SocketId, Socket> sockets_;  // node map: references stay valid on insert
  std::map<int, SocketId> fds_;
  absl::flat_hash_map<FourTuple, SocketId> connections_;  // demultiplexing (local > remote)
  TimeWaitTable time_wait_;
  PortTable ports_;
  std::uint32_t ephemeral_cursor_ = 0;  // Linux's per-destination perturbation, simplified

  struct TimerEntry {
    Instant deadline;
    SocketId socket = 0;
    bool operator>(const TimerEntry& o) const {
      return deadline != o.deadline ? deadline > o.deadline : socket > o.socket;
    }
  };
  std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<>> timers_;
  // close() calls blocked by SO_LINGER, by the descriptor they closed.
  struct LingeringClose {
    SocketId socket = 0;
    Instant until;         // the linger time runs out
    bool expired = false;  // it has run out: close() returns at its next retry
  };
  std::map<int, LingeringClose> lingering_;
  Effects scratch_;  // reused for every input, to avoid allocating per segment
};

}  // namespace tcplab
