#include "core/host.h"

#include <algorithm>

#include "core/reset_reply.h"

namespace tcplab {

Host::Host(std::string name, Ipv4 address, const Profile& profile, const IsnGenerator& isn,
           HostEnvironment& env)
    : name_(std::move(name)), address_(address), profile_(&profile), isn_(&isn), env_(&env) {}

// ---------------------------------------------------------------------------------------------
// Lookup helpers

Host::Socket* Host::socket_by_fd(int fd) {
  auto it = fds_.find(fd);
  return it == fds_.end() ? nullptr : socket_by_id(it->second);
}

const Host::Socket* Host::socket_by_fd(int fd) const {
  auto it = fds_.find(fd);
  if (it == fds_.end()) return nullptr;
  auto s = sockets_.find(it->second);
  return s == sockets_.end() ? nullptr : &s->second;
}

Host::Socket* Host::socket_by_id(SocketId id) {
  auto it = sockets_.find(id);
  return it == sockets_.end() ? nullptr : &it->second;
}

int Host::lowest_free_fd() const {
  int fd = 3;  // 0, 1 and 2 are stdin, stdout and stderr
  for (const auto& [used, id] : fds_) {
    if (used != fd) break;
    ++fd;
  }
  return fd;
}

std::vector<int> Host::open_fds() const {
  std::vector<int> out;
  for (const auto& [fd, id] : fds_) out.push_back(fd);
  return out;
}

Name Host::label(SocketId id) const {
  if (id >= labels_.size()) labels_.resize(std::max<std::size_t>(id + 1, labels_.size() * 2));
  Name& known = labels_[id];
  if (known.empty()) known = Name::numbered(name_, id);
  return known;
}

Name Host::describe(SocketId id) const {
  return env_->recording() ? label(id) : Name{};  // nobody reads it when nothing records
}

// ---------------------------------------------------------------------------------------------
// The sockets API

CallResult Host::socket(Instant /*now*/) {
  const SocketId id = next_socket_id_++;
  Socket s;
  s.id = id;
  s.fd = lowest_free_fd();
  fds_[s.fd] = id;
  CallResult r = CallResult::ok(s.fd);
  r.endpoint = describe(id);
  sockets_.emplace(id, std::move(s));
  return r;
}

CallResult Host::set_reuse_address(Instant /*now*/, int fd, bool on) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  s->reuse_address = on;
  CallResult r = CallResult::ok();
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::set_nodelay(Instant now, int fd, bool on) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  s->nodelay = on;
  if (s->endpoint) {
    scratch_.clear();
    s->endpoint->set_nodelay(now, on, scratch_);
    apply(now, *s, scratch_, 0);
  }
  CallResult r = CallResult::ok();
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::set_quickack(Instant now, int fd, bool on) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  if (s->endpoint) {
    scratch_.clear();
    s->endpoint->set_quickack(now, on, scratch_);
    apply(now, *s, scratch_, 0);
  }
  CallResult r = CallResult::ok();
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::set_option(Instant now, int fd, SocketOption option, std::int64_t value) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  if (!set_socket_option(s->options, option, value)) return CallResult::fail(Errno::InvalidArgument);
  if (s->endpoint) {
    scratch_.clear();
    s->endpoint->set_options(now, s->options, scratch_);
    apply(now, *s, scratch_, 0);
  }
  CallResult r = CallResult::ok();
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::set_linger(Instant /*now*/, int fd, bool on, int seconds) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  if (seconds < 0) return CallResult::fail(Errno::InvalidArgument);
  s->linger_on = on;
  s->linger_seconds = seconds;
  CallResult r = CallResult::ok();
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::bind(Instant /*now*/, int fd, SocketAddress address) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  if (s->bound) return CallResult::fail(Errno::InvalidArgument, {.why = CallWhy::AlreadyBound});
  if (!address.ip.is_any() && address.ip != address_ &&
      !(address.ip.is_loopback() && address_.is_loopback())) {
    return CallResult::fail(Errno::AddressNotAvailable,
                            {.why = CallWhy::NotAnAddressOfThisHost, .address = address});
  }
  if (address.port == 0) {
    // bind(port 0): any free port from the ephemeral range (inet_csk_find_open_port).
    const std::uint32_t range = profile_->ephemeral_high - profile_->ephemeral_low + 1u;
    for (std::uint32_t i = 0; i < range; ++i) {
      const auto port =
          static_cast<std::uint16_t>(profile_->ephemeral_low + (ephemeral_cursor_ + i) % range);
      if (!ports_.bind_conflict({address.ip, port}, s->reuse_address, s->id)) {
        address.port = port;
        break;
      }
    }
    if (address.port == 0)
      return CallResult::fail(Errno::AddressInUse, {.why = CallWhy::NoFreeEphemeralPort});
  }
  if (auto conflict = ports_.bind_conflict(address, s->reuse_address, s->id)) {
    return CallResult::fail(Errno::AddressInUse, {.why = CallWhy::PortHeld, .conflict = conflict});
  }
  s->bound = address;
  s->explicitly_bound = true;
  CallResult r = CallResult::ok();
  // No conflict, yet someone holds the port: SO_REUSEADDR on both let them share it.
  if (auto shared = ports_.shared_with(address, s->id))
    r.note = {.why = CallWhy::PortSharedByReuse, .shared = shared};
  ports_.add({s->id, address, s->reuse_address, false, false});
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::listen(Instant now, int fd, int backlog) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  if (s->kind == SocketKind::Connection)
    return CallResult::fail(Errno::InvalidArgument, {.why = CallWhy::SocketConnected});
  if (!s->bound) {
    // listen() without bind(): the kernel picks a port, as for bind(port 0).
    CallResult b = bind(now, fd, {address_, 0});
    if (b.error != Errno::None) return b;
  }
  if (s->kind != SocketKind::Listening) {
    // The listener conflicts with anything on its port unless rules allow (re-checked, as Linux
    // does in inet_csk_listen_start: SO_REUSEADDR sockets bound together cannot both listen).
    ports_.remove(s->id, s->bound->port);
    if (auto conflict = ports_.bind_conflict(*s->bound, false, s->id)) {
      // bind() settled TIME-WAIT with this socket's SO_REUSEADDR; listen() re-checks sockets.
      if (conflict->holder != BindConflict::Holder::TimeWait) {
        ports_.add({s->id, *s->bound, s->reuse_address, false, false});
        return CallResult::fail(Errno::AddressInUse,
                                {.why = CallWhy::PortHeld, .conflict = conflict});
      }
    }
    ports_.add({s->id, *s->bound, s->reuse_address, true, false});
    s->kind = SocketKind::Listening;
    env_->record(now, StateEvent{name_,
                                 label(s->id),
                                 {*s->bound, {}},
                                 TcpState::Closed,
                                 TcpState::Listen,
                                 StateCause::ListenCalled,
                                 0});
  }
  s->backlog = std::clamp(backlog, 0, profile_->listen_backlog_max);
  CallResult r = CallResult::ok();
  r.endpoint = describe(s->id);
  return r;
}

CallResult without_waiting(WaitingCall call) {
  return CallResult::fail(call == WaitingCall::Connect ? Errno::InProgress : Errno::WouldBlock);
}

CallResult Host::connect(Instant now, int fd, SocketAddress peer) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  // __inet_stream_connect: an unconnected socket whose state is not CLOSE (here LISTEN) is
  // EISCONN, as the kernel answers it.
  if (s->kind == SocketKind::Listening)
    return CallResult::fail(Errno::AlreadyConnected, {.why = CallWhy::SocketListening});
  // connect() again while a non-blocking one is under way (inet_stream_connect, SS_CONNECTING):
  // EALREADY while the handshake goes on, then its outcome, reported once.
  if (s->connecting) {
    CallResult r = finish_connect(now, fd);
    return r.would_block ? CallResult::fail(Errno::AlreadyInProgress) : r;
  }
  if (s->endpoint) return CallResult::fail(Errno::AlreadyConnected);
  std::optional<SeqNum> reuse_isn;
  FourTuple tuple;
  if (s->bound && s->bound->port != 0) {
    SocketAddress local = *s->bound;
    if (local.ip.is_any()) local.ip = address_;
    tuple = {local, peer};
    if (connections_.contains(tuple)) {
      return CallResult::fail(Errno::AddressNotAvailable,
                              {.why = CallWhy::FourTupleInUse, .tuple = tuple});
    }
    if (const TimeWaitRecord* tw = time_wait_.find(tuple)) {
      if (!time_wait_reusable(now, tuple, *tw, PortChoice::Bound)) {
        return CallResult::fail(Errno::AddressNotAvailable,
                                {.why = CallWhy::FourTupleInTimeWait, .tuple = tuple});
      }
      reuse_isn = tw->snd_nxt + 65535 + 2;
      remove_time_wait(now, tuple, StateCause::TimeWaitReusedByConnect, 0);
    }
  } else {
    CallNote why;
    auto local = pick_ephemeral(now, peer, why, reuse_isn);
    if (!local) return CallResult::fail(Errno::AddressNotAvailable, why);
    s->bound = *local;
    ports_.add({s->id, *local, s->reuse_address, false, true});
    tuple = {*local, peer};
  }
  const SeqNum iss = reuse_isn ? *reuse_isn : isn_->isn(now, tuple, *profile_);
  s->kind = SocketKind::Connection;
  s->connecting = true;
  s->ever_connected = true;
  connections_[tuple] = s->id;
  scratch_.clear();
  s->endpoint = Endpoint::open_active(now, *profile_, tuple, iss, scratch_);
  s->endpoint->set_nodelay(now, s->nodelay, scratch_);
  s->endpoint->set_options(now, s->options, scratch_);
  apply(now, *s, scratch_, 0);
  return finish_connect(now, fd);
}

CallResult Host::finish_connect(Instant /*now*/, int fd) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  if (!s->connecting) return CallResult::fail(Errno::InvalidArgument, {.why = CallWhy::NoConnectInProgress});
  CallResult r;
  if (s->error) {
    r = CallResult::fail(*s->error);
    s->error.reset();
  } else if (s->endpoint && s->endpoint->state() != TcpState::SynSent &&
             s->endpoint->state() != TcpState::SynReceived) {
    r = CallResult::ok();  // ESTABLISHED, or already past it (the peer may have closed at once)
  } else if (!s->endpoint || s->endpoint->state() == TcpState::Closed) {
    r = CallResult::fail(Errno::ConnectionRefused);
  } else {
    return CallResult::blocked();
  }
  s->connecting = false;
  r.endpoint = describe(s->id);
  if (r.error != Errno::None) disconnect(*s);
  return r;
}

void Host::disconnect(Socket& socket) {
  if (socket.endpoint) {
    auto c = connections_.find(socket.endpoint->tuple());
    if (c != connections_.end() && c->second == socket.id) connections_.erase(c);
  }
  socket.endpoint.reset();
  socket.kind = SocketKind::Fresh;
  socket.connecting = false;
  socket.ever_connected = false;
  socket.error.reset();
  if (!socket.explicitly_bound && socket.bound) {
    ports_.remove(socket.id, socket.bound->port);
    socket.bound.reset();
  }
}

CallResult Host::accept(Instant /*now*/, int fd) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  if (s->kind != SocketKind::Listening)
    return CallResult::fail(Errno::InvalidArgument, {.why = CallWhy::NotListening});
  if (s->accept_queue.empty()) return CallResult::blocked();
  const SocketId child_id = s->accept_queue.front();
  s->accept_queue.pop_front();
  Socket* child = socket_by_id(child_id);
  child->listener = 0;
  child->fd = lowest_free_fd();
  fds_[child->fd] = child_id;
  CallResult r = CallResult::ok(child->fd);
  r.endpoint = describe(child_id);
  return r;
}

CallResult Host::send(Instant now, int fd, std::string_view data) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  CallResult r;
  if (s->error) {
    r = CallResult::fail(*s->error);  // the error is reported once (sk_err), then EPIPE
    s->error.reset();
  } else if (!s->ever_connected) {
    // Never connected (or a failed connect()), listening included: tcp_sendmsg_locked waits in
    // sk_stream_wait_connect(), which answers EPIPE for any state but SYN-SENT and SYN-RECEIVED.
    r = CallResult::fail(Errno::BrokenPipe);
  } else if (!s->endpoint || s->endpoint->write_shut() ||
             s->endpoint->state() == TcpState::Closed) {
    r = CallResult::fail(Errno::BrokenPipe, {.why = CallWhy::SendingSideShutDown});
  } else {
    scratch_.clear();
    s->endpoint->send(now, data, scratch_);
    apply(now, *s, scratch_, 0);
    r = CallResult::ok(static_cast<std::int64_t>(data.size()));
  }
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::recv(Instant now, int fd, std::size_t max) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  CallResult r;
  // tcp_recvmsg_locked's order: LISTEN, queued data, the peer's FIN (SOCK_DONE: end of stream
  // even after an RST), the pending error, the read side shut, never connected (ENOTCONN).
  if (s->kind == SocketKind::Listening || !s->ever_connected) {
    r = CallResult::fail(Errno::NotConnected);
  } else if (s->endpoint && s->endpoint->unread_bytes() > 0) {
    scratch_.clear();
    r.data = s->endpoint->read(now, max, scratch_);
    apply(now, *s, scratch_, 0);
    r.value = static_cast<std::int64_t>(r.data.size());
  } else if (!s->unread.empty()) {
    r.data = s->unread.substr(0, max);
    s->unread.erase(0, r.data.size());
    r.value = static_cast<std::int64_t>(r.data.size());
  } else if (s->endpoint && s->endpoint->peer_fin_seen()) {  // NOLINT(bugprone-branch-clone)
    // End of stream comes before an error that arrived after the FIN (tcp_recvmsg: SOCK_DONE).
    r = CallResult::ok(0);
  } else if (s->error) {
    r = CallResult::fail(*s->error);
    s->error.reset();
  } else if (s->read_shut || !s->endpoint || s->endpoint->peer_fin_received() ||
             s->endpoint->state() == TcpState::Closed ||
             s->endpoint->state() == TcpState::TimeWait) {
    r = CallResult::ok(0);  // end of stream
  } else {
    return CallResult::blocked();
  }
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::queued_bytes(Instant /*now*/, int fd, SocketQueue queue) {
  const Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  if (s->kind == SocketKind::Listening) return CallResult::fail(Errno::InvalidArgument);
  std::size_t bytes = queue == SocketQueue::Receive ? s->unread.size() : 0;
  // tcp_ioctl: SYN-SENT and SYN-RECEIVED count nothing.
  if (s->endpoint && s->endpoint->state() != TcpState::SynSent &&
      s->endpoint->state() != TcpState::SynReceived) {
    bytes += queue == SocketQueue::Receive ? s->endpoint->unread_bytes()
                                           : s->endpoint->unacknowledged_bytes();
  }
  CallResult r = CallResult::ok(static_cast<std::int64_t>(bytes));
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::shutdown(Instant now, int fd, ShutdownDirection how) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  if (s->kind == SocketKind::Listening) {
    // inet_shutdown: SHUT_WR leaves a listener alone; SHUT_RD stops it (tcp_disconnect ->
    // inet_csk_listen_stop), keeping the port bind() gave it, so listen() may open it again.
    if (how != ShutdownDirection::Write) {
      stop_listening(now, *s, StateCause::ListenerShutdown);
      s->kind = SocketKind::Fresh;
      ports_.remove(s->id, s->bound->port);
      if (s->explicitly_bound) {
        ports_.add({s->id, *s->bound, s->reuse_address, false, false});
      } else {
        s->bound.reset();  // listen()'s own port goes (inet_put_port without SOCK_BINDPORT_LOCK)
      }
    }
    CallResult r = CallResult::ok();
    r.endpoint = describe(s->id);
    return r;
  }
  if (!s->endpoint || s->kind != SocketKind::Connection)
    return CallResult::fail(Errno::NotConnected);
  if (s->endpoint->state() == TcpState::SynSent) {
    // inet_shutdown -> tcp_disconnect, whatever the direction: the attempt is given up with
    // nothing sent, and SO_ERROR (or the pending connect()) reports ECONNRESET.
    scratch_.clear();
    s->endpoint->shutdown_write(now, scratch_);
    apply(now, *s, scratch_, 0);
    s->error = Errno::ConnectionReset;
    CallResult r = CallResult::ok();
    r.endpoint = describe(s->id);
    return r;
  }
  if (how != ShutdownDirection::Write) {
    s->read_shut = true;
    s->endpoint->shutdown_read();
  }
  if (how != ShutdownDirection::Read && s->endpoint->state() != TcpState::Closed) {
    scratch_.clear();
    s->endpoint->shutdown_write(now, scratch_);
    apply(now, *s, scratch_, 0);
  }
  CallResult r = CallResult::ok();
  r.endpoint = describe(s->id);
  return r;
}

CallResult Host::close(Instant now, int fd) { return close_descriptor(now, fd, true); }

CallResult Host::finish_close(Instant now, int fd) {
  auto it = lingering_.find(fd);
  if (it == lingering_.end()) return CallResult::fail(Errno::BadDescriptor);
  const LingeringClose lingering = it->second;
  const Socket* s = socket_by_id(lingering.socket);
  if (s && s->endpoint && s->endpoint->fin_unacknowledged() && !lingering.expired &&
      now < lingering.until) {
    return CallResult::blocked();
  }
  // The FIN was acknowledged (or the connection ended), or the linger time ran out: close()
  // returns 0 either way, and the orphan carries on (Linux sends no RST when it runs out).
  lingering_.erase(it);
  CallResult r = CallResult::ok();
  r.endpoint = describe(lingering.socket);
  return r;
}

CallResult Host::close_descriptor(Instant now, int fd, bool may_linger) {
  Socket* s = socket_by_fd(fd);
  if (!s) return CallResult::fail(Errno::BadDescriptor);
  CallResult r = CallResult::ok();
  r.endpoint = describe(s->id);
  fds_.erase(fd);
  s->fd = -1;
  const SocketId id = s->id;

  if (s->kind == SocketKind::Listening) {
    stop_listening(now, *s, StateCause::ListenerClosed);
    forget(id);
    return r;
  }
  if (!s->endpoint || s->endpoint->state() == TcpState::Closed) {
    forget(id);
    return r;
  }
  scratch_.clear();
  if (s->linger_on && s->linger_seconds == 0) {
    // SO_LINGER {1, 0}: abort, not close. RST instead of FIN, and no TIME-WAIT.
    r.note = {.why = CallWhy::LingerZeroAbort};
    s->endpoint->abort(now, StateCause::CloseWithLingerZero, scratch_);
  } else if (s->endpoint->unread_bytes() > 0 && profile_->rst_on_close_with_unread_data) {
    // RFC 9293 §3.10.4 allows it and Linux does it: unread data means data loss; tell the peer.
    r.note = {.why = CallWhy::UnreadDataReset,
              .count = static_cast<std::uint32_t>(s->endpoint->unread_bytes())};
    s->endpoint->abort(now, StateCause::CloseWithUnreadData, scratch_,
                       static_cast<std::uint32_t>(s->endpoint->unread_bytes()));
  } else {
    s->endpoint->close(now, scratch_);
  }
  const bool lingers = may_linger && s->linger_on && s->linger_seconds > 0;
  apply(now, *s, scratch_, 0);  // may forget the socket
  const Socket* after = socket_by_id(id);
  if (lingers && after && after->endpoint && after->endpoint->fin_unacknowledged()) {
    lingering_[fd] = {id, now + std::chrono::seconds(s->linger_seconds), false};
    return CallResult::blocked();
  }
  return r;
}

// inet_csk_listen_stop: connections nobody accepted die with the listener, an RST for each.
void Host::stop_listening(Instant now, Socket& listener, StateCause cause) {
  std::vector<SocketId> children(listener.accept_queue.begin(), listener.accept_queue.end());
  children.insert(children.end(), listener.half_open.begin(), listener.half_open.end());
  listener.accept_queue.clear();
  listener.half_open.clear();
  for (SocketId child_id : children) {
    Socket* child = socket_by_id(child_id);
    if (!child || !child->endpoint) continue;
    scratch_.clear();
    child->endpoint->abort(now, StateCause::ListenerClosedBeforeAccept, scratch_);
    apply(now, *child, scratch_, 0);
  }
  env_->record(now, StateEvent{name_,
                               label(listener.id),
                               {*listener.bound, {}},
                               TcpState::Listen,
                               TcpState::Closed,
                               cause,
                               0});
}

void Host::exit(Instant now) {
  for (int fd : open_fds()) close_descriptor(now, fd, false);
}

// ---------------------------------------------------------------------------------------------
// Ephemeral ports

bool Host::time_wait_reusable(Instant now, const FourTuple& tuple, const TimeWaitRecord& tw,
                              PortChoice port) const {
  // tcp_twsk_unique(): only a connection that used timestamps, whose PAWS keeps the old
  // incarnation's segments out of the new one.
  if (!tw.timestamps) return false;
  // A port the socket bound itself (twp == NULL): always, whatever tcp_tw_reuse says.
  if (port == PortChoice::Bound) return true;
  const bool allowed =
      profile_->tw_reuse == 1 ||
      (profile_->tw_reuse == 2 && tuple.local.ip.is_loopback() && tuple.remote.ip.is_loopback());
  // An ephemeral port: tcp_tw_reuse allows it, once the entry is tcp_tw_reuse_delay old.
  const Instant restarted_at = tw.deadline - profile_->time_wait_length();
  return allowed && now - restarted_at >= profile_->tw_reuse_delay;
}

std::optional<SocketAddress> Host::pick_ephemeral(Instant now, SocketAddress peer, CallNote& why,
                                                  std::optional<SeqNum>& isn) {
  const std::uint32_t low = profile_->ephemeral_low;
  const std::uint32_t range = profile_->ephemeral_high - low + 1u;
  std::uint32_t in_time_wait = 0;
  for (std::uint32_t i = 0; i < range; ++i) {
    const auto port = static_cast<std::uint16_t>(low + (ephemeral_cursor_ + i) % range);
    const SocketAddress local{address_, port};
    if (ports_.held_by_bind(local)) continue;
    const FourTuple tuple{local, peer};
    if (connections_.contains(tuple)) continue;
    if (const TimeWaitRecord* tw = time_wait_.find(tuple)) {
      if (!time_wait_reusable(now, tuple, *tw, PortChoice::Ephemeral)) {
        ++in_time_wait;
        continue;
      }
      isn = tw->snd_nxt + 65535 + 2;
      remove_time_wait(now, tuple, StateCause::TimeWaitReusedByConnect, 0);
    }
    ephemeral_cursor_ += i + 1;  // the next connect() starts after this port
    return local;
  }
  why = {.why = CallWhy::NoFreeLocalPort,
         .tuple = {{}, peer},
         .first = low,
         .last = low + range - 1,
         .count = in_time_wait};
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Segments arriving

void Host::receive(Instant now, const Segment& seg, std::uint64_t segment_id) {
  const FourTuple tuple = seg.tuple_at_receiver();
  if (auto it = connections_.find(tuple); it != connections_.end()) {
    Socket* s = socket_by_id(it->second);
    scratch_.clear();
    s->endpoint->on_segment(now, seg, scratch_);
    apply(now, *s, scratch_, segment_id);
    return;
  }
  if (time_wait_.contains(tuple)) {
    receive_for_time_wait(now, seg, segment_id);
    return;
  }
  if (Socket* listener = find_listener(seg.dst)) {
    receive_for_listener(now, *listener, seg, segment_id, std::nullopt);
    return;
  }
  answer_with_rst(now, seg, segment_id, VerdictCode::NoSocketRst);
}

Host::Socket* Host::find_listener(SocketAddress local) {
  Socket* wildcard = nullptr;
  for (auto& [id, s] : sockets_) {
    if (s.kind != SocketKind::Listening || !s.bound || s.bound->port != local.port) continue;
    if (s.bound->ip == local.ip) return &s;
    if (s.bound->ip.is_any()) wildcard = &s;
  }
  return wildcard;
}

void Host::receive_for_listener(Instant now, Socket& listener, const Segment& seg,
                                std::uint64_t segment_id, std::optional<SeqNum> isn) {
  // LISTEN STATE (§3.10.7.2): first check for an RST, second for an ACK, third for a SYN.
  if (seg.flags.rst()) {
    env_->annotate_segment(segment_id, ReceiverVerdict(VerdictCode::ListenerRstIgnored));
    return;
  }
  if (seg.flags.ack()) {
    answer_with_rst(now, seg, segment_id, VerdictCode::ListenerAckRst);
    return;
  }
  if (!seg.flags.syn()) {
    env_->annotate_segment(segment_id, ReceiverVerdict(VerdictCode::ListenerNotSyn));
    return;
  }
  if (static_cast<int>(listener.accept_queue.size()) > listener.backlog) {
    env_->annotate_segment(
        segment_id, ReceiverVerdict(VerdictCode::ListenQueueFull,
                                    {.first = static_cast<std::uint32_t>(listener.backlog)}));
    return;
  }
  const FourTuple tuple = seg.tuple_at_receiver();
  const SocketId id = next_socket_id_++;
  Socket child;
  child.id = id;
  child.kind = SocketKind::Connection;
  child.bound = tuple.local;
  child.reuse_address = listener.reuse_address;
  child.nodelay = listener.nodelay;  // sk_clone_lock copies the listener's tcp_sock: nonagle too
  child.options = listener.options;
  child.ever_connected = true;
  child.listener = listener.id;
  scratch_.clear();
  const SeqNum iss = isn ? *isn : isn_->isn(now, tuple, *profile_);
  child.endpoint = Endpoint::open_passive(now, *profile_, seg, iss, scratch_);
  child.endpoint->set_nodelay(now, child.nodelay, scratch_);
  child.endpoint->set_options(now, child.options, scratch_);
  listener.half_open.push_back(id);
  connections_[tuple] = id;
  ports_.add({id, tuple.local, child.reuse_address, false, false});
  Socket& placed = sockets_.emplace(id, std::move(child)).first->second;
  apply(now, placed, scratch_, segment_id);
}

void Host::answer_with_rst(Instant now, const Segment& seg, std::uint64_t segment_id,
                           VerdictCode decision) {
  // CLOSED STATE (§3.10.7.1): an incoming RST is discarded; anything else gets a RST.
  if (seg.flags.rst()) {
    env_->annotate_segment(segment_id, ReceiverVerdict(VerdictCode::NoSocketRstIgnored));
    return;
  }
  env_->annotate_segment(segment_id, ReceiverVerdict(decision));
  env_->transmit(now, name_, reset_reply(seg), "", false);
}

void Host::receive_for_time_wait(Instant now, const Segment& seg, std::uint64_t segment_id) {
  const FourTuple tuple = seg.tuple_at_receiver();
  TimeWaitRecord tw = *time_wait_.find(tuple);  // a copy: restart() moves the record
  TimeWaitOutcome out = process_in_time_wait(tw, seg, *profile_, now);
  if (out.ts_recent || out.last_oow_ack) {
    TimeWaitRecord& kept = *time_wait_.find(tuple);
    if (out.ts_recent) {
      kept.ts_recent = *out.ts_recent;
      kept.ts_recent_stamp = time_wait_seconds_clock(now);
    }
    if (out.last_oow_ack) kept.last_oow_ack = *out.last_oow_ack;
    tw = kept;
  }
  if (out.verdict == TimeWaitVerdict::NewSyn && !find_listener(seg.dst)) {
    // tcp_v4_rcv: TCP_TW_SYN without a listener falls through to TCP_TW_ACK; the record stays.
    out.verdict = TimeWaitVerdict::Ack;
    out.decision = VerdictCode::TimeWaitSynNoListener;
  }
  VerdictArgs numbers;
  if (out.decision == VerdictCode::TimeWaitAckRateLimited) {
    numbers.first = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(profile_->invalid_ratelimit).count());
  }
  env_->annotate_segment(segment_id, ReceiverVerdict(out.decision, numbers));
  if (out.restart_timer) {
    const Instant old = tw.deadline;
    tw.deadline = now + profile_->time_wait_length();
    time_wait_.restart(tuple, tw.deadline);
    const Name tw_label = label(tw.socket_serial);
    env_->record(now,
                 TimerEvent{name_, tw_label, TimerKind::TimeWait, TimerAction::Cancelled, old, 0});
    env_->record(
        now, TimerEvent{name_, tw_label, TimerKind::TimeWait, TimerAction::Armed, tw.deadline, 0});
  }
  switch (out.verdict) {
    case TimeWaitVerdict::Ignore:
      return;
    case TimeWaitVerdict::Ack:
      env_->transmit(now, name_, time_wait_ack(tw, tuple, now), label(tw.socket_serial), false);
      return;
    case TimeWaitVerdict::Kill:
      remove_time_wait(now, tuple, StateCause::TimeWaitAssassinated, segment_id);
      return;
    case TimeWaitVerdict::NewSyn: {
      const std::optional<SeqNum> isn = out.new_isn;
      remove_time_wait(now, tuple, StateCause::TimeWaitNewIncarnation, segment_id);
      receive_for_listener(now, *find_listener(seg.dst), seg, segment_id, isn);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Effects, TIME-WAIT, timers

void Host::apply(Instant now, Socket& socket, Effects& fx, std::uint64_t segment_id) {
  const bool recording = env_->recording();
  const Name who = recording ? label(socket.id) : Name{};
  if (recording) {
    const FourTuple tuple = socket.endpoint ? socket.endpoint->tuple() : FourTuple{};
    if (segment_id != 0 && fx.decided()) env_->annotate_segment(segment_id, fx.verdict);
    for (StateChange& change : fx.states) {
      env_->record(now, StateEvent{name_, who, tuple, change.from, change.to, change.cause,
                                   segment_id, change.cause_count});
    }
    for (const TimerChange& t : fx.timers) {
      env_->record(now, TimerEvent{name_, who, t.kind, t.action, t.deadline, t.attempt});
    }
  }
  for (const Outgoing& out : fx.segments) {
    env_->transmit(now, name_, out.segment, who, out.retransmission);
  }
  // The error waits for the application: one holding the socket, or one yet to accept() it.
  if (fx.error && (socket.fd >= 0 || socket.listener != 0)) socket.error = fx.error;

  if (!socket.endpoint) return;
  const TcpState state = socket.endpoint->state();
  // A child that completed the handshake joins its listener's accept queue.
  if (socket.listener != 0 && state != TcpState::SynReceived) {
    if (Socket* listener = socket_by_id(socket.listener)) {
      auto& half = listener->half_open;
      if (auto it = std::find(half.begin(), half.end(), socket.id); it != half.end()) {
        half.erase(it);
        if (state != TcpState::Closed && state != TcpState::TimeWait) {
          listener->accept_queue.push_back(socket.id);
        }
      }
    }
  }
  if (state == TcpState::TimeWait) {
    enter_time_wait(now, socket, segment_id);
    return;
  }
  if (state == TcpState::Closed) {
    on_connection_closed(now, socket);
    return;
  }
  schedule(socket);
}

void Host::enter_time_wait(Instant now, Socket& socket, std::uint64_t /*segment_id*/) {
  const Endpoint& ep = *socket.endpoint;
  const FourTuple tuple = ep.tuple();
  TimeWaitRecord tw;
  tw.snd_nxt = ep.snd_nxt();
  tw.rcv_nxt = ep.rcv_nxt();
  tw.deadline = now + profile_->time_wait_length();
  tw.socket_serial = socket.id;
  tw.window = ep.advertised_window();
  tw.timestamps = ep.timestamps_on();
  tw.ts_recent = ep.ts_recent();
  tw.ts_offset = ep.ts_offset();
  // TS.Recent was last taken from the segment that brought us here (the FIN, or the ACK of ours).
  tw.ts_recent_stamp = time_wait_seconds_clock(now);
  tw.reuse_address = socket.reuse_address;
  time_wait_.insert(tuple, tw);
  ports_.add_time_wait(tuple.local, tw.reuse_address);
  env_->record(now, TimerEvent{name_, label(socket.id), TimerKind::TimeWait, TimerAction::Armed,
                               tw.deadline, 0});
  // The socket itself is done: the record holds the four-tuple from now on.
  connections_.erase(tuple);
  Effects none;  // in TIME-WAIT a read sends nothing
  socket.unread = socket.endpoint->read(now, socket.endpoint->unread_bytes(), none);
  socket.endpoint.reset();
  if (socket.fd < 0 || !socket.explicitly_bound) ports_.remove(socket.id, tuple.local.port);
  if (socket.fd < 0) forget(socket.id);
}

void Host::on_connection_closed(Instant /*now*/, Socket& socket) {
  const FourTuple tuple = socket.endpoint->tuple();
  if (auto it = connections_.find(tuple); it != connections_.end() && it->second == socket.id) {
    connections_.erase(it);
  }
  if (socket.listener != 0) {
    Socket* listener = socket_by_id(socket.listener);
    if (listener && listener->fd >= 0 &&
        std::find(listener->accept_queue.begin(), listener->accept_queue.end(), socket.id) !=
            listener->accept_queue.end()) {
      // A connection reset while it waited in the accept queue stays there, closed, with its
      // error: inet_csk_accept() still hands it out, and its first recv() reports the reset.
      ports_.remove(socket.id, tuple.local.port);
      return;
    }
    // A half-open child (a request socket on Linux) simply goes away.
    if (listener) {
      auto& h = listener->half_open;
      h.erase(std::remove(h.begin(), h.end(), socket.id), h.end());
    }
    forget(socket.id);
    return;
  }
  if (socket.fd < 0) {
    forget(socket.id);
    return;
  }
  if (!socket.explicitly_bound) ports_.remove(socket.id, tuple.local.port);
}

void Host::forget(SocketId id) {
  auto it = sockets_.find(id);
  if (it == sockets_.end()) return;
  if (it->second.bound) ports_.remove(id, it->second.bound->port);
  if (it->second.endpoint) {
    auto c = connections_.find(it->second.endpoint->tuple());
    if (c != connections_.end() && c->second == id) connections_.erase(c);
  }
  sockets_.erase(it);
}

void Host::schedule(Socket& socket) {
  if (!socket.endpoint) return;
  const auto deadline = socket.endpoint->poll_at();
  // One heap entry per socket, at its earliest deadline: a later deadline waits until that entry
  // comes up (it is then re-queued); only an earlier one needs a new entry.
  if (!deadline || (socket.scheduled && *socket.scheduled <= *deadline)) return;
  socket.scheduled = deadline;
  timers_.push({*deadline, socket.id});
}

void Host::remove_time_wait(Instant now, const FourTuple& tuple, StateCause cause,
                            std::uint64_t segment_id) {
  const TimeWaitRecord* found = time_wait_.find(tuple);
  if (!found) return;
  const TimeWaitRecord tw = *found;
  time_wait_.erase(tuple);
  ports_.remove_time_wait(tuple.local, tw.reuse_address);
  const Name who = label(tw.socket_serial);
  env_->record(now,
               TimerEvent{name_, who, TimerKind::TimeWait, TimerAction::Cancelled, tw.deadline, 0});
  env_->record(
      now, StateEvent{name_, who, tuple, TcpState::TimeWait, TcpState::Closed, cause, segment_id});
}

std::optional<Instant> Host::next_deadline() {
  std::optional<Instant> next;
  if (!timers_.empty()) next = timers_.top().deadline;
  for (const auto& [fd, lingering] : lingering_) {
    if (!lingering.expired && (!next || lingering.until < *next)) next = lingering.until;
  }
  if (const auto d = time_wait_.next_deadline(); d && (!next || *d < *next)) next = d;
  return next;
}

void Host::on_timers(Instant now) {
  for (auto& [fd, lingering] : lingering_) {
    if (lingering.until <= now) lingering.expired = true;  // the blocked close() may return
  }
  while (!timers_.empty() && timers_.top().deadline <= now) {
    const TimerEntry entry = timers_.top();
    timers_.pop();
    Socket* s = socket_by_id(entry.socket);
    if (!s || !s->endpoint || s->scheduled != entry.deadline) continue;  // stale entry
    s->scheduled.reset();
    const auto due = s->endpoint->poll_at();
    if (!due || *due > now) {
      schedule(*s);
      continue;
    }
    scratch_.clear();
    s->endpoint->on_timer(now, scratch_);
    apply(now, *s, scratch_, 0);
  }
  while (auto expired = time_wait_.pop_expired(now)) {
    const auto& [tuple, tw] = *expired;
    const Name who = label(tw.socket_serial);
    ports_.remove_time_wait(tuple.local, tw.reuse_address);
    env_->record(now,
                 TimerEvent{name_, who, TimerKind::TimeWait, TimerAction::Fired, tw.deadline, 0});
    env_->record(now, StateEvent{name_, who, tuple, TcpState::TimeWait, TcpState::Closed,
                                 StateCause::TimeWaitExpired, 0});
  }
}

}  // namespace tcplab
