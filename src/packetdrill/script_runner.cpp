#include "packetdrill/script_runner.h"

#include <algorithm>
#include <deque>
#include <set>

#include "core/simulator.h"
#include "packetdrill/script_expect.h"

namespace tcplab::packetdrill {

namespace {

// packetdrill's defaults.sh: net.ipv4.tcp_rmem's maximum (15 MB).
constexpr char kDefaultsRmemMax[] = "15728640";
// The most one write() in a script may send: the model holds the bytes in memory.
constexpr std::int64_t kMaxWriteBytes = 1 << 20;
// One run of one script: the interpreter, driven by the simulator's events.
class Interpreter {
 public:
  Interpreter(const Script& script, Simulator& sim, Host& host, ScriptRun& out)
      : script_(&script), sim_(&sim), host_(&host), out_(&out) {}

  void on_outbound(Instant at, const Segment& segment, std::uint64_t id) {
    outbound_.push_back({at, segment, id});
  }

  // Runs every event that can run now; returns when the next one must wait.
  void advance() {
    const auto& events = script_->events;
    while (!out_->failure && next_ < events.size()) {
      const Event& e = events[next_];
      if (!resolved_) resolve(e);
      if (const PacketSpec* p = e.packet()) {
        if (p->inbound) {
          if (!due()) return;
          inject(e, *p);
          finish_event(sim_->now());
          // The host handles the segment before the script's next line (the tun write is
          // processed at once): continue after the delivery queued at this instant. A wake left
          // by an earlier injection at the same instant must not run the next line before this
          // segment's delivery: only the latest injection's wake continues.
          const std::uint64_t injection = ++injections_;
          sim_->schedule(sim_->now(), [this, injection] {
            if (injection == injections_) advance();
          });
          return;
        }
        if (!expect(e, *p)) return;
        continue;
      }
      if (const SyscallSpec* c = e.syscall()) {
        if (!due()) return;
        if (pending_) return;  // one thread makes the calls: wait for the blocked one
        call(e, *c);
        continue;
      }
      // A command: its sysctls were applied before the run (the profile is fixed once hosts run).
      if (!due()) return;
      finish_event(sim_->now());
    }
    if (!out_->failure && next_ >= events.size() && !pending_ && !stopping_) {
      // Done: stop once what was queued for this instant (a delivery) has run.
      stopping_ = true;
      sim_->schedule(sim_->now(), [this] { sim_->stop(); });
    }
  }

  // A blocked call may complete after anything that happened on the host.
  void retry_pending() {
    if (!pending_ || out_->failure) return;
    CallResult r = retry(*pending_->call, pending_->fd);
    if (r.would_block) {
      if (sim_->now() > pending_->latest) fail_pending();
      return;
    }
    sim_->host_changed(*host_);
    const Pending p = *pending_;
    pending_.reset();
    complete(*p.event, *p.call, r, p.issued_at);
    if (out_->failure) return;
    const Instant now = sim_->now();
    if (now < p.earliest || now > p.latest) {
      fail(*p.event, call_text(*p.call) + " returned at " + seconds_text(now) +
                         "; the script expects it to return at " + seconds_text(p.expected) +
                         " (within " + format_duration(p.latest - p.expected) + ")");
    }
  }

  // The run ended (nothing left to happen, or a limit): anything still awaited failed.
  void finish() {
    if (out_->failure) return;
    if (next_ < script_->events.size()) {
      const Event& e = script_->events[next_];
      if (const PacketSpec* p = e.packet(); p && !p->inbound) {
        fail(e, "expected " + packet_text(*p) + ", but the host sent nothing more");
      } else {
        fail(e, "the run ended before this line could run");
      }
      return;
    }
    if (pending_) fail_pending();
  }

 private:
  struct Outbound {
    Instant at;
    Segment segment;
    std::uint64_t id;
  };
  struct Pending {
    const Event* event;
    const SyscallSpec* call;
    int fd;
    Instant issued_at;
    Instant expected, earliest, latest;
  };

  // ---- Time ----
  Duration tolerance_for(Duration gap) const { return packetdrill::tolerance_for(*script_, gap); }

  // The event's instants, as packetdrill's adjust_relative_event_times(): relative to the
  // previous event's actual time.
  void resolve(const Event& e) {
    resolved_ = true;
    const bool relative = e.time.kind == TimeKind::Relative ||
                          e.time.kind == TimeKind::RelativeRange || e.time.kind == TimeKind::Any;
    const Instant base = relative ? base_ : kTimeZero;
    start_ = base + e.time.start;
    end_ = base + (e.time.kind == TimeKind::AbsoluteRange || e.time.kind == TimeKind::RelativeRange
                       ? e.time.end
                       : e.time.start);
    if (const SyscallSpec* c = e.syscall(); c && c->end) {
      end_ = (e.time.kind == TimeKind::Relative ? base_ : kTimeZero) + *c->end;
    }
  }

  // Whether the current event's time has come; if not, wakes up then.
  bool due() {
    if (sim_->now() >= start_) return true;
    wake_at(start_);
    return false;
  }

  void wake_at(Instant t) {
    if (woken_.contains(t) && t != sim_->now()) return;
    woken_.insert(t);
    sim_->schedule(t, [this] { advance(); });
  }

  void finish_event(Instant at) {
    base_ = std::max(at, base_);
    ++next_;
    resolved_ = false;
  }

  // ---- Segments ----
  void inject(const Event& e, const PacketSpec& p) {
    const std::uint64_t id = sim_->transmit(sim_->now(), kRemoteHost, peer_.inbound(e, p), "", false);
    out_->segment_at_line[e.where.line] = id;
  }

  // Matches the oldest segment the host sent and nobody expected yet against line `e`.
  // Returns false when the line must wait for a segment.
  bool expect(const Event& e, const PacketSpec& p) {
    const ExpectedTime when{start_, end_, tolerance_for(start_ - base_),
                            e.time.kind == TimeKind::Any};
    if (outbound_.empty()) {
      if (when.any_time) return false;  // waits for as long as the host stays busy
      if (sim_->now() > when.latest()) {
        fail(e, "expected " + packet_text(p) + " at " + seconds_text(start_) +
                    ", but the host sent nothing by " + seconds_text(when.latest()));
        return false;
      }
      wake_at(when.latest() + std::chrono::microseconds(1));
      return false;
    }
    const Outbound sent = outbound_.front();
    outbound_.pop_front();
    out_->segment_at_line[e.where.line] = sent.id;
    const ExpectResult r = peer_.expect(p, sent.segment, sent.at, when);
    if (r.outcome != ExpectOutcome::Matched) {
      fail(e, r.what);
      return false;
    }
    finish_event(sent.at);
    return true;
  }

  // ---- Socket calls ----
  int fd_arg(const SyscallSpec& c) const { return backend_fd(c, fds_); }

  void call(const Event& e, const SyscallSpec& c) {
    const Instant now = sim_->now();
    const std::string& n = c.name;
    CallResult r;
    int fd = -1;
    if (n == "socket") {
      r = host_->socket(now);
    } else {
      fd = fd_arg(c);
    }
    if (n == "ioctl") {
      // The count goes into the script's [N]; ioctl() itself returns 0.
      r = host_->queued_bytes(
          now, fd, ioctl_asks_send_queue(c) ? SocketQueue::Send : SocketQueue::Receive);
      if (r.error == Errno::None) {
        queued_ = r.value;
        r.value = 0;
      }
    } else if (n == "setsockopt") {
      const Expr& option = c.args.at(2);
      if (const auto known = socket_option_named(option.text)) {
        const auto value = c.args.size() > 3 ? expr_field(c.args[3], {}, 0) : std::nullopt;
        if (!value) throw ScriptError(c.name_at, option.text + " wants its value as [N]");
        r = host_->set_option(now, fd, *known, *value);
      } else if (option.text == "SO_REUSEADDR") {
        const auto on = c.args.size() > 3 ? expr_field(c.args[3], {}, 0) : std::nullopt;
        if (!on) throw ScriptError(c.name_at, "SO_REUSEADDR wants its value as [1] or [0]");
        r = host_->set_reuse_address(now, fd, *on != 0);
      } else if (option.text == "TCP_NODELAY") {
        const auto on = c.args.size() > 3 ? expr_field(c.args[3], {}, 0) : std::nullopt;
        if (!on) throw ScriptError(c.name_at, "TCP_NODELAY wants its value as [1] or [0]");
        r = host_->set_nodelay(now, fd, *on != 0);
      } else if (option.text == "TCP_QUICKACK") {
        const auto on = c.args.size() > 3 ? expr_field(c.args[3], {}, 0) : std::nullopt;
        if (!on) throw ScriptError(c.name_at, "TCP_QUICKACK wants its value as [1] or [0]");
        r = host_->set_quickack(now, fd, *on != 0);
      } else {  // SO_LINGER (the parser allows no other)
        const Expr* value = c.args.size() > 3 ? &c.args[3] : nullptr;
        const auto on = value ? expr_field(*value, {"l_onoff", "onoff"}, 0) : std::nullopt;
        const auto seconds = value ? expr_field(*value, {"l_linger", "linger"}, 1) : std::nullopt;
        if (!on || !seconds)
          throw ScriptError(c.name_at, "SO_LINGER wants {l_onoff=N, l_linger=N}");
        r = host_->set_linger(now, fd, *on != 0, static_cast<int>(*seconds));
      }
    } else if (n == "getsockopt") {
      r = so_error(fd);
    } else if (n == "bind") {
      require_any_address(c);
      r = host_->bind(now, fd, {kLocalAddress, kServerPort});
    } else if (n == "listen") {
      r = host_->listen(now, fd, static_cast<int>(integer_arg(c, 1, 128)));
    } else if (n == "accept") {
      r = host_->accept(now, fd);
      if (r.would_block && nonblocking_.contains(fd)) r = without_waiting(WaitingCall::Accept);
    } else if (n == "connect") {
      require_any_address(c);
      peer_.connecting();
      r = host_->connect(now, fd, {kRemoteAddress, kServerPort});
      if (r.would_block && nonblocking_.contains(fd)) r = without_waiting(WaitingCall::Connect);
    } else if (n == "close") {
      r = host_->close(now, fd);
    } else if (n == "shutdown") {
      const Expr* how = c.args.size() > 1 ? &c.args[1] : nullptr;
      const ShutdownDirection d = how && expr_mentions(*how, "SHUT_RD")     ? ShutdownDirection::Read
                                  : how && expr_mentions(*how, "SHUT_RDWR") ? ShutdownDirection::Both
                                                                       : ShutdownDirection::Write;
      r = host_->shutdown(now, fd, d);
    } else if (n == "read" || n == "recv") {
      r = host_->recv(
          now, fd, static_cast<std::size_t>(std::max<std::int64_t>(0, integer_arg(c, 2, 65536))));
      if (r.would_block && nonblocking_.contains(fd)) r = without_waiting(WaitingCall::Recv);
    } else if (n == "write" || n == "send") {
      const auto bytes = std::max<std::int64_t>(0, integer_arg(c, 2, 0));
      if (bytes > kMaxWriteBytes) {
        throw ScriptError(c.args.at(2).where, c.name + "() of " + std::to_string(bytes) +
                                                  " bytes: a script may write at most " +
                                                  std::to_string(kMaxWriteBytes) + " at once");
      }
      r = host_->send(now, fd, std::string(static_cast<std::size_t>(bytes), 'y'));
    } else if (n == "fcntl") {
      // F_SETFL with or without O_NONBLOCK; the model needs no more of fcntl.
      if (c.args.size() > 2 && expr_mentions(c.args[2], "O_NONBLOCK")) {
        nonblocking_.insert(fd);
      } else {
        nonblocking_.erase(fd);
      }
      r = CallResult::ok(0);
    }
    sim_->host_changed(*host_);
    if (r.would_block) {
      if (!c.end) {
        fail(e, call_text(c) +
                    " blocked; the script expects it to return at once (a blocking "
                    "call is written start...end)");
        return;
      }
      const Duration tolerance = tolerance_for(end_ - start_);
      pending_ = Pending{&e, &c, fd, now, end_, end_ - tolerance, end_ + tolerance};
      wake_at_pending(pending_->latest + std::chrono::microseconds(1));
      finish_event(now);
      return;
    }
    complete(e, c, r, now);
    if (out_->failure) return;
    if (c.end &&
        (now < end_ - tolerance_for(end_ - start_) || now > end_ + tolerance_for(end_ - start_))) {
      fail(e, call_text(c) + " returned at once (" + seconds_text(now) +
                  "); the script expects it to block until " + seconds_text(end_));
      return;
    }
    finish_event(now);
  }

  void wake_at_pending(Instant t) {
    sim_->schedule(t, [this] {
      retry_pending();
      advance();
    });
  }

  void fail_pending() {
    const Pending p = *pending_;
    pending_.reset();
    fail(*p.event, call_text(*p.call) + " was still blocked at " + seconds_text(sim_->now()) +
                       "; the script expects it to return at " + seconds_text(p.expected));
  }

  // getsockopt(fd, SOL_SOCKET, SO_ERROR, [err], [4]): the error a non-blocking connect() ended
  // with.
  CallResult so_error(int fd) {
    CallResult r = host_->finish_connect(sim_->now(), fd);
    if (r.error == Errno::BadDescriptor) return r;
    // Still connecting, or no connect() in progress (EINVAL): no pending error.
    so_error_ = r.would_block || r.error == Errno::InvalidArgument ? Errno::None : r.error;
    return CallResult::ok(0);
  }

  CallResult retry(const SyscallSpec& c, int fd) {
    const Instant now = sim_->now();
    if (c.name == "accept") return host_->accept(now, fd);
    if (c.name == "connect") return host_->finish_connect(now, fd);
    if (c.name == "close") return host_->finish_close(now, fd);
    if (c.name == "read" || c.name == "recv")
      return host_->recv(
          now, fd, static_cast<std::size_t>(std::max<std::int64_t>(0, integer_arg(c, 2, 65536))));
    return CallResult::fail(Errno::InvalidArgument);
  }


  // Records the call in the trace and checks its result against the script's.
  void complete(const Event& e, const SyscallSpec& c, const CallResult& r, Instant issued_at) {
    const bool makes_fd = c.name == "socket" || c.name == "accept";
    if (makes_fd && r.error == Errno::None && c.result.kind == Expr::Kind::Integer) {
      fds_[static_cast<int>(c.result.integer)] = static_cast<int>(r.value);
    }
    const std::string label = "line " + std::to_string(e.where.line);
    out_->call_at_line[e.where.line] = label;
    CallEvent ev;
    ev.host = kLocalHost;
    ev.step = label;
    ev.call = c.name;
    std::string args;
    for (std::size_t i = 0; i < c.args.size(); ++i)
      args += (i ? ", " : "") + to_string(c.args[i]);
    ev.args = args;
    ev.fd = makes_fd && r.error == Errno::None                        ? static_cast<int>(r.value)
            : c.args.empty() || c.args[0].kind != Expr::Kind::Integer ? -1
                                                                      : fd_arg(c);
    ev.result = r.value;
    ev.error = r.error;
    ev.issued_at = issued_at;
    ev.endpoint = r.endpoint;
    // ev.data stays empty: the bytes are the runner's filler; their count is the result.
    sim_->record(sim_->now(), std::move(ev));

    std::optional<std::string> wrong = call_result_mismatch(c, r.value, r.error);
    if (!wrong && c.name == "getsockopt") wrong = so_error_mismatch(c, so_error_);
    if (!wrong && c.name == "ioctl" && r.error == Errno::None) wrong = queued_mismatch(c, queued_);
    if (wrong) fail(e, *wrong);
  }

  void fail(const Event& e, std::string what) {
    if (out_->failure) return;
    out_->failure = ScriptFailure{e.where, std::move(what)};
    sim_->stop();
  }

  const Script* script_;
  Simulator* sim_;
  Host* host_;
  ScriptRun* out_;

  std::size_t next_ = 0;
  bool resolved_ = false;
  Instant start_{}, end_{};
  Instant base_ = kTimeZero;  // the previous event's actual time
  std::deque<Outbound> outbound_;
  std::optional<Pending> pending_;
  std::set<Instant> woken_;
  bool stopping_ = false;
  ScriptPeer peer_;  // the remote peer's view: the host's ISN and ports, its TS vals
  std::map<int, int> fds_;                    // script descriptor -> the model's
  std::set<int> nonblocking_;                 // descriptors with O_NONBLOCK
  Errno so_error_ = Errno::None;
  std::int64_t queued_ = 0;  // the last ioctl(SIOCINQ/SIOCOUTQ)'s count
  std::uint64_t injections_ = 0;  // `<` lines run so far
};

}  // namespace

ScriptRun run_script_on_model(const Script& script, const ScriptRunOptions& options) {
  ScriptRun out;
  out.profile = options.profile;
  for (const Event& e : script.events) {
    const CommandSpec* c = e.command();
    if (!c) continue;
    if (c->defaults) {
      out.notes.push_back({N_("line {0}: `{1}`: the model's linux profile stands for "
                              "packetdrill's defaults, with their tcp_rmem maximum and no slow start after "
                              "idle"),
                           {std::to_string(e.where.line), c->text}});
      // defaults.sh's net.ipv4.tcp_rmem="4096 540000 15728640": its maximum sets the window
      // scale SYNs offer (8; the linux profile's 6 MB gives 7), as on the kernel.
      if (auto error = set_knob(out.profile, "tcp_rmem_max", kDefaultsRmemMax))
        throw ScriptError(e.where, "defaults.sh: " + *error);
      // defaults.sh's net.ipv4.tcp_slow_start_after_idle=0: the window survives idle periods.
      out.profile.slow_start_after_idle = false;
    }
    for (const SysctlSetting& s : c->settings) {
      if (auto error = set_knob(out.profile, s.knob, s.knob_value))
        throw ScriptError(e.where, "sysctl " + s.sysctl + ": " + *error);
    }
  }
  // packetdrill's tun device has an MTU of 1500 (TUN_DRIVER_DEFAULT_MTU): SYNs offer mss 1460.
  out.profile.mss = std::min<std::uint16_t>(out.profile.mss, 1460);
  // The tun device has TSO on (TUNSETOFFLOAD TUN_F_TSO4), so Linux's GSO segments reach the
  // script whole: two MSS each, tcp_tso_autosize's floor (tcp_min_tso_segs), which is what Linux
  // 6.18 builds when the script's RTT is some milliseconds (docs/linux-facts.md).
  out.profile.tso_segs = options.tso_segs;
  Simulator sim(out.profile, options.seed);
  sim.network().set_latency(Duration{0});  // the script's segments reach the host at once
  Host& host = sim.add_host(kLocalHost, kLocalAddress);
  Interpreter run(script, sim, host, out);
  sim.add_external_peer(
      kRemoteHost, kRemoteAddress,
      [&run](Instant at, const Segment& s, std::uint64_t id) { run.on_outbound(at, s, id); });
  sim.schedule(kTimeZero, [&run] { run.advance(); });
  sim.set_after_event([&run, &sim] {
    if (!sim.take_activity()) return;
    run.retry_pending();
    run.advance();
  });
  RunLimits limits;
  limits.time_limit = options.time_limit;
  limits.event_limit = options.event_limit;
  const RunStatus status = sim.run(limits);
  if (status == RunStatus::TimeLimit || status == RunStatus::EventLimit)
    sim.trace().warnings.push_back({N_("the script's run stopped at a limit"), {}});
  run.finish();
  out.trace = sim.take_trace();
  out.trace.backend = "model";
  return out;
}

}  // namespace tcplab::packetdrill
