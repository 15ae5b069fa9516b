#include "real/script_kernel_runner.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "export/message_json.h"
#include "export/state_observer.h"
#include "packetdrill/script_expect.h"
#include "real/errno_map.h"
#include "real/kernel_backend.h"
#include "real/kernel_knobs.h"
#include "real/kernel_timer_lateness.h"
#include "real/linux_socket_option.h"
#include "real/monotonic_clock.h"
#include "real/run_answer.h"
#include "real/run_queue_wait.h"
#include "real/sandbox.h"
#include "real/script_syscall_thread.h"
#include "real/script_wire.h"
#include "real/softirq_wait.h"

namespace tcplab::real {

namespace {

using namespace packetdrill;

// packetdrill's ../common/defaults.sh, as sysctls of the run's namespace.
constexpr std::pair<const char*, const char*> kDefaultsSh[] = {
    {"net.ipv4.tcp_rmem", "4096 540000 15728640"},
    {"net.ipv4.tcp_wmem", "4096 262144 4194304"},
    {"net.ipv4.tcp_timestamps", "1"},
    {"net.ipv4.tcp_syn_retries", "5"},
    {"net.ipv4.tcp_synack_retries", "5"},
    {"net.ipv4.tcp_frto", "2"},
    {"net.ipv4.tcp_sack", "1"},
    {"net.ipv4.tcp_dsack", "1"},
    {"net.ipv4.tcp_fack", "0"},
    {"net.ipv4.tcp_reordering", "3"},
    // defaults.sh asks for cubic; the model is Reno, and the namespace may only choose from
    // net.ipv4.tcp_allowed_congestion_control (here reno and bbr).
    {"net.ipv4.tcp_congestion_control", "reno"},
    {"net.ipv4.tcp_slow_start_after_idle", "0"},
    {"net.ipv4.tcp_early_retrans", "4"},
    {"net.ipv4.tcp_recovery", "1"},
    {"net.ipv4.tcp_tso_win_divisor", "3"},
    {"net.ipv4.tcp_ecn", "0"},
    {"net.ipv4.tcp_pacing_ss_ratio", "200"},
    {"net.ipv4.tcp_pacing_ca_ratio", "120"},
    {"net.ipv4.tcp_notsent_lowat", "4294967295"},
    {"net.ipv4.tcp_fastopen", "0x70403"},
    {"net.ipv4.tcp_syncookies", "1"},
};

std::string proc_path(const std::string& sysctl) {
  std::string path = "/proc/sys/" + sysctl;
  std::replace(path.begin() + 10, path.end(), '.', '/');
  return path;
}

struct Failure {
  ScriptPlace where;
  std::string what;
};

// The run inside the namespace: the interpreter on this thread, calls on the syscall thread.
class KernelInterpreter {
 public:
  KernelInterpreter(const Script& script, const ScriptKernelOptions& options, ScriptWire& wire,
                    ScriptRun& out)
      : script_(script), options_(options), wire_(wire), out_(out) {}

  void run() {
    origin_ = monotonic_now_ns() + 2'000'000;
    calls_ = std::make_unique<SyscallThread>();
    sleep_until_ns(origin_);
    main_wait_at_base_ = main_wait_.total_ns().value_or(0);
    for (std::size_t i = 0; i < script_.events.size() && !failure_; ++i) step(script_.events[i]);
    if (!failure_ && pending_) finish_pending();
    drain();
    if (failure_ && calls_->busy()) unblock();
    // A call still blocked keeps its thread, which must not outlive what it uses: leaked on
    // purpose, the process ends with the run.
    if (calls_->busy()) static_cast<void>(calls_.release());
    build_trace();
    if (failure_) out_.failure = ScriptFailure{failure_->where, failure_->what};
  }

 private:
  struct Pending {
    const Event* event;
    const SyscallSpec* call;
    std::int64_t expected_ns, tolerance_ns;
    std::int64_t injected_late_ns = 0;  // how late the script's segments were meanwhile
    std::vector<std::int64_t> softirq_wait_at_issue;
    std::int64_t start_ns = 0;  // when the script made the call
  };
  struct RecordedCall {
    const Event* event;
    const SyscallSpec* call;
    CallOutcome outcome;
    int fd;
  };

  std::int64_t now() const { return monotonic_now_ns() - origin_; }
  static Instant at(std::int64_t ns) { return Instant{Duration{ns}}; }

  void fail(const Event& e, std::string what) {
    if (!failure_) failure_ = Failure{e.where, std::move(what)};
  }

  // ---- Time, as the model's runner resolves it (adjust_relative_event_times()) ----
  void resolve(const Event& e) {
    const bool relative = e.time.kind == TimeKind::Relative ||
                          e.time.kind == TimeKind::RelativeRange || e.time.kind == TimeKind::Any;
    const std::int64_t base = relative ? base_ns_ : 0;
    start_ns_ = base + e.time.start.count();
    end_ns_ = base + (e.time.kind == TimeKind::AbsoluteRange ||
                              e.time.kind == TimeKind::RelativeRange
                          ? e.time.end.count()
                          : e.time.start.count());
    if (const SyscallSpec* c = e.syscall(); c && c->end) {
      end_ns_ = (e.time.kind == TimeKind::Relative ? base_ns_ : 0) + c->end->count();
    }
  }

  void finished(std::int64_t t_ns) {
    behind_since_heard_ns_ += std::max<std::int64_t>(0, t_ns - start_ns_);
    base_ns_ = std::max(base_ns_, t_ns);
    main_wait_at_base_ = main_wait_.total_ns().value_or(0);
    softirq_wait_at_base_ = softirq_wait_.waits_ns();
  }

  std::int64_t tolerance_ns(std::int64_t gap_ns) const {
    return tolerance_for(script_, Duration{gap_ns}).count();
  }

  // How long this run's threads, and the kernel's softirq threads that process its segments,
  // waited for a CPU since the previous event: what a late segment can be blamed on instead of
  // TCP.
  std::int64_t cpu_wait_since_base() const {
    std::int64_t waited = main_wait_.total_ns().value_or(0) - main_wait_at_base_ +
                          softirq_wait_.longest_since(softirq_wait_at_base_);
    if (last_call_returned_ns_ >= base_ns_) waited += last_call_cpu_wait_ns_;
    return waited;
  }

  // How late the kernel ran its timers since the previous event: a segment a timer sends (the
  // delayed ACK, a retransmission) left as much later.
  std::int64_t timers_late_since_base() const {
    return timer_lateness_.longest_since(origin_ + base_ns_);
  }

  // Whether lateness `late_ns` is the machine's, not TCP's: the run's threads waited for a CPU,
  // and the kernel ran its timers late, at least that long meanwhile. Says so in the notes when it is.
  bool excused(const Event& e, std::int64_t late_ns) {
    // A late tick is known once it has come: the sentinels' reports up to now, first.
    timer_lateness_.wait_until_seen_past(monotonic_now_ns(),
                                         origin_ + options_.time_limit.count());
    const std::int64_t waited = cpu_wait_since_base();
    const std::int64_t timers_late = timers_late_since_base();
    if (waited + timers_late < late_ns) return false;
    out_.notes.push_back({N_("line {0}: {1} late, while this run's threads waited {2} for a CPU "
                             "and the kernel's timers ran {3} late: the machine's delay, not "
                             "TCP's"),
                          {std::to_string(e.where.line), format_duration(Duration{late_ns}),
                           format_duration(Duration{waited}), format_duration(Duration{timers_late})}});
    return true;
  }

  // Whether a segment `early_ns` early is the machine's doing: a timer the host set after it
  // last heard from the peer (the retransmission timer at the first of several writes) counts
  // from when the host set it, and the script's clock counts from its own last line; when those
  // lines ran late, the script's clock ran behind the host's by as much. Says so when it is.
  bool early_excused(const Event& e, std::int64_t early_ns) {
    if (early_ns > behind_since_heard_ns_) return false;
    out_.notes.push_back(
        {N_("line {0}: {1} early, while the script's own lines ran {2} behind their times since "
            "the host last heard from the peer: a timer the host set meanwhile is that much "
            "ahead of the script's clock"),
         {std::to_string(e.where.line), format_duration(Duration{early_ns}),
          format_duration(Duration{behind_since_heard_ns_})}});
    return true;
  }

  void step(const Event& e) {
    resolve(e);
    if (const PacketSpec* p = e.packet()) {
      if (p->inbound) {
        sleep_until_ns(origin_ + start_ns_);
        inject(e, *p);
      } else {
        expect(e, *p);
      }
      return;
    }
    if (const SyscallSpec* c = e.syscall()) {
      sleep_until_ns(origin_ + start_ns_);
      if (pending_) finish_pending();  // one thread makes the calls: wait for the blocked one
      if (failure_) return;
      call(e, *c);
      return;
    }
    // A command: its sysctls were applied before the run.
    sleep_until_ns(origin_ + start_ns_);
    finished(now());
  }

  // ---- Segments ----
  void drain() {
    while (auto s = wire_.next(0)) take(std::move(*s));
  }
  void take(WireSegment s) {
    s.t_ns -= origin_;
    captured_.push_back(std::move(s));
    if (captured_.back().from_host) unmatched_.push_back(captured_.size() - 1);
  }

  void inject(const Event& e, const PacketSpec& p) {
    const Segment segment = peer_.inbound(e, p);
    const std::int64_t t = now();
    const std::int64_t waited_before = main_wait_.total_ns().value_or(0);
    std::vector<std::int64_t> softirq_before = softirq_wait_.waits_ns();
    if (std::string error = wire_.inject(segment); !error.empty()) {
      fail(e, "the segment could not be injected: " + error);
      return;
    }
    injected_at_line_.push_back({e.where.line, segment});
    // Our own segment left late (this thread woke late): whatever it makes the host do is late
    // by as much, which is the machine's doing, not TCP's.
    // So does a wait for a CPU while writing it.
    if (pending_) {
      pending_->injected_late_ns += std::max<std::int64_t>(0, t - start_ns_) +
                                    main_wait_.total_ns().value_or(0) - waited_before;
    }
    finished(t);
    behind_since_heard_ns_ = 0;  // the host's timers restart from what it hears now
    // On lo the host answers inside the write (the softirq runs as it returns), so a wait for a
    // CPU during the write delays the answer: it counts from before the write, not after.
    main_wait_at_base_ = waited_before;
    softirq_wait_at_base_ = std::move(softirq_before);
  }

  void expect(const Event& e, const PacketSpec& p) {
    const ExpectedTime when{at(start_ns_), at(end_ns_), Duration{tolerance_ns(start_ns_ - base_ns_)},
                            e.time.kind == TimeKind::Any};
    const std::int64_t deadline =
        when.any_time ? options_.time_limit.count() : to_ns(when.latest());
    drain();
    while (unmatched_.empty()) {
      if (now() >= deadline) break;
      if (auto s = wire_.next(origin_ + deadline)) take(std::move(*s));
    }
    // Past the deadline with nothing: wait on only as long as this run's threads waited for a
    // CPU and the kernel ran its timers late (measured, and measured again as they grow, once
    // the timer sentinels have seen past the deadline); a segment that comes then is judged
    // below.
    const auto machine_deadline = [&] {
      return deadline + cpu_wait_since_base() + timers_late_since_base();
    };
    const auto waiting = [&] {
      return now() < machine_deadline() || !timer_lateness_.seen_past(origin_ + deadline);
    };
    while (unmatched_.empty() && !when.any_time && waiting() &&
           now() < options_.time_limit.count()) {
      const std::int64_t until = std::max(machine_deadline(), now() + 200'000);
      if (auto s = wire_.next(origin_ + until)) take(std::move(*s));
    }
    if (unmatched_.empty()) {
      fail(e, "expected " + packet_text(p) + " at " + seconds_text(when.start) +
                  ", but the host sent nothing by " + seconds_text(at(now())));
      return;
    }
    const std::size_t index = unmatched_.front();
    unmatched_.pop_front();
    const WireSegment& sent = captured_[index];
    segment_line_[index] = e.where.line;
    const ExpectResult r = peer_.expect(p, sent.segment, at(sent.t_ns), when);
    if (r.outcome == ExpectOutcome::Late && excused(e, sent.t_ns - to_ns(when.latest()))) {
      finished(sent.t_ns);
      return;
    }
    if (r.outcome == ExpectOutcome::Early &&
        early_excused(e, to_ns(when.start) - when.tolerance.count() - sent.t_ns)) {
      finished(sent.t_ns);
      return;
    }
    if (r.outcome != ExpectOutcome::Matched) {
      std::string what = r.what;
      if (r.outcome == ExpectOutcome::Late) {
        what += " (this run's threads waited " + format_duration(Duration{cpu_wait_since_base()}) +
                " for a CPU and the kernel's timers ran " +
                format_duration(Duration{timers_late_since_base()}) + " late meanwhile: not the cause)";
      }
      if (r.outcome == ExpectOutcome::Early) {
        what += " (the script's lines ran " + format_duration(Duration{behind_since_heard_ns_}) +
                " behind their times since the host last heard from the peer: not the cause)";
      }
      fail(e, what);
      return;
    }
    finished(sent.t_ns);
  }

  // ---- Socket calls ----
  int real_fd(const SyscallSpec& c) const { return backend_fd(c, fds_); }


  // The call as a closure the syscall thread runs (arguments decided here, on this thread).
  std::function<CallOutcome()> prepare(const SyscallSpec& c, int fd) {
    const std::int64_t origin = origin_;
    auto timed = [origin](auto body) {
      return [origin, body]() {
        CallOutcome out;
        out.issued_ns = monotonic_now_ns() - origin;
        errno = 0;
        out.value = body(out);
        out.system_errno = out.value < 0 ? errno : 0;
        out.returned_ns = monotonic_now_ns() - origin;
        return out;
      };
    };
    const std::string& n = c.name;
    if (n == "socket") {
      return timed([](CallOutcome&) -> std::int64_t {
        return socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
      });
    }
    if (n == "setsockopt") {
      const Expr& option = c.args.at(2);
      const Expr* value = c.args.size() > 3 ? &c.args[3] : nullptr;
      if (const auto known = socket_option_named(option.text)) {
        const auto given = value ? expr_field(*value, {}, 0) : std::nullopt;
        if (!given) throw ScriptError(c.name_at, option.text + " wants its value as [N]");
        const auto [level, name] = linux_socket_option(*known);
        const int v = static_cast<int>(*given);
        return timed([fd, level, name, v](CallOutcome&) -> std::int64_t {
          return setsockopt(fd, level, name, &v, sizeof v);
        });
      }
      if (option.text == "TCP_NODELAY") {
        const auto on = value ? expr_field(*value, {}, 0) : std::nullopt;
        if (!on) throw ScriptError(c.name_at, "TCP_NODELAY wants its value as [1] or [0]");
        const int v = *on != 0 ? 1 : 0;
        return timed([fd, v](CallOutcome&) -> std::int64_t {
          return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v);
        });
      }
      if (option.text == "TCP_QUICKACK") {
        const auto on = value ? expr_field(*value, {}, 0) : std::nullopt;
        if (!on) throw ScriptError(c.name_at, "TCP_QUICKACK wants its value as [1] or [0]");
        const int v = *on != 0 ? 1 : 0;
        return timed([fd, v](CallOutcome&) -> std::int64_t {
          return setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &v, sizeof v);
        });
      }
      if (option.text == "SO_REUSEADDR") {
        const auto on = value ? expr_field(*value, {}, 0) : std::nullopt;
        if (!on) throw ScriptError(c.name_at, "SO_REUSEADDR wants its value as [1] or [0]");
        const int v = *on != 0 ? 1 : 0;
        return timed([fd, v](CallOutcome&) -> std::int64_t {
          return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v);
        });
      }
      const auto on = value ? expr_field(*value, {"l_onoff", "onoff"}, 0) : std::nullopt;
      const auto seconds = value ? expr_field(*value, {"l_linger", "linger"}, 1) : std::nullopt;
      if (!on || !seconds) throw ScriptError(c.name_at, "SO_LINGER wants {l_onoff=N, l_linger=N}");
      const linger l{*on != 0 ? 1 : 0, static_cast<int>(*seconds)};
      return timed([fd, l](CallOutcome&) -> std::int64_t {
        return setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      });
    }
    if (n == "getsockopt") {
      return timed([fd](CallOutcome& out) -> std::int64_t {
        int error = 0;
        socklen_t size = sizeof error;
        const int r = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
        out.so_error = to_model_errno(error).value_or(Errno::InvalidArgument);
        return r;
      });
    }
    if (n == "bind" || n == "connect") {
      require_any_address(c);
      const bool bind_call = n == "bind";
      if (!bind_call) peer_.connecting();
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(kServerPort);
      a.sin_addr.s_addr = htonl((bind_call ? kLocalAddress : kRemoteAddress).value);
      return timed([fd, a, bind_call](CallOutcome&) -> std::int64_t {
        const auto* sa = reinterpret_cast<const sockaddr*>(&a);
        return bind_call ? bind(fd, sa, sizeof a) : connect(fd, sa, sizeof a);
      });
    }
    if (n == "listen") {
      const int backlog = static_cast<int>(integer_arg(c, 1, 128));
      return timed([fd, backlog](CallOutcome&) -> std::int64_t { return listen(fd, backlog); });
    }
    if (n == "accept") {
      return timed([fd](CallOutcome&) -> std::int64_t { return accept(fd, nullptr, nullptr); });
    }
    if (n == "ioctl") {
      // ioctl(fd, SIOCINQ, [bytes]): the bytes waiting in the receive queue; SIOCOUTQ: those
      // sent or not, not yet acknowledged (tcp_ioctl).
      const unsigned long request = ioctl_asks_send_queue(c) ? SIOCOUTQ : SIOCINQ;
      return timed([fd, request](CallOutcome& out) -> std::int64_t {
        int bytes = 0;
        const int r = ioctl(fd, request, &bytes);
        out.queued = bytes;
        return r;
      });
    }
    if (n == "close") {
      return timed([fd](CallOutcome&) -> std::int64_t { return close(fd); });
    }
    if (n == "shutdown") {
      const Expr* how = c.args.size() > 1 ? &c.args[1] : nullptr;
      const int h = how && expr_mentions(*how, "SHUT_RD")     ? SHUT_RD
                    : how && expr_mentions(*how, "SHUT_RDWR") ? SHUT_RDWR
                                                              : SHUT_WR;
      return timed([fd, h](CallOutcome&) -> std::int64_t { return shutdown(fd, h); });
    }
    if (n == "read" || n == "recv") {
      const auto size = static_cast<std::size_t>(std::max<std::int64_t>(0, integer_arg(c, 2, 65536)));
      return timed([fd, size](CallOutcome&) -> std::int64_t {
        std::vector<char> buf(std::max<std::size_t>(size, 1));
        return recv(fd, buf.data(), size, 0);
      });
    }
    if (n == "write" || n == "send") {
      const auto bytes = static_cast<std::size_t>(std::max<std::int64_t>(0, integer_arg(c, 2, 0)));
      return timed([fd, bytes](CallOutcome&) -> std::int64_t {
        const std::string filler(bytes, 'y');  // the model's runner sends the same bytes
        return send(fd, filler.data(), filler.size(), MSG_NOSIGNAL);
      });
    }
    // fcntl(fd, F_SETFL, ...): O_NONBLOCK on or off, as the model reads it.
    const bool nonblocking = c.args.size() > 2 && expr_mentions(c.args[2], "O_NONBLOCK");
    return timed([fd, nonblocking](CallOutcome&) -> std::int64_t {
      const int flags = fcntl(fd, F_GETFL);
      if (flags < 0) return flags;
      return fcntl(fd, F_SETFL, nonblocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK) < 0 ? -1
                                                                                            : 0;
    });
  }

  void call(const Event& e, const SyscallSpec& c) {
    const int fd = c.name == "socket" ? -1 : real_fd(c);
    calls_->issue(prepare(c, fd));
    const std::int64_t issued = now();
    if (c.end) {
      // A blocking call: the script goes on; it must return within the tolerance of its end.
      pending_ = Pending{&e, &c, end_ns_, tolerance_ns(end_ns_ - start_ns_), 0,
                         softirq_wait_.waits_ns(), start_ns_};
      pending_fd_ = fd;
      finished(issued);
      return;
    }
    // Expected to return at once: wait while the syscall thread is running or waiting for a CPU;
    // asleep in the kernel past the tolerance means the call blocked.
    const std::int64_t tolerance = tolerance_ns(0);
    int asleep = 0;
    while (calls_->busy()) {
      sleep_until_ns(monotonic_now_ns() + 200'000);
      if (now() - issued < tolerance) continue;
      asleep = thread_sleeping(calls_->tid()) ? asleep + 1 : 0;
      if (asleep >= 3 || now() - issued > options_.time_limit.count()) {
        fail(e, call_text(c) +
                    " blocked; the script expects it to return at once (a blocking call is "
                    "written start...end)");
        return;
      }
    }
    const CallOutcome out = *calls_->result();
    complete(e, c, out, fd);
    finished(out.issued_ns);
  }

  void finish_pending() {
    const Pending p = *pending_;
    pending_.reset();
    const std::int64_t latest = p.expected_ns + p.tolerance_ns;
    while (calls_->busy() && now() <= latest) sleep_until_ns(monotonic_now_ns() + 200'000);
    if (calls_->busy()) {
      // Still blocked: asleep in the kernel is TCP's doing; runnable is the machine's.
      while (calls_->busy() && !thread_sleeping(calls_->tid()) &&
             now() < options_.time_limit.count())
        sleep_until_ns(monotonic_now_ns() + 200'000);
    }
    if (calls_->busy()) {
      fail(*p.event, call_text(*p.call) + " was still blocked at " + seconds_text(at(now())) +
                         "; the script expects it to return at " + seconds_text(at(p.expected_ns)));
      return;
    }
    const CallOutcome out = *calls_->result();
    complete(*p.event, *p.call, out, pending_fd_);
    if (failure_) return;
    const bool early = out.returned_ns < p.expected_ns - p.tolerance_ns;
    const std::int64_t late = out.returned_ns - latest;
    // Late by no more than the syscall thread waited for a CPU plus how late our own segments
    // left: the machine's delay.
    const std::int64_t softirq = softirq_wait_.longest_since(p.softirq_wait_at_issue);
    // The call itself made late (this thread woke late for it): the script's next lines count
    // from when it was made, its end from when it was due.
    const std::int64_t issued_late = std::max<std::int64_t>(0, out.issued_ns - p.start_ns);
    // A call a kernel timer wakes (a blocking read the delayed data ends) is as late as it.
    if (late > 0)
      timer_lateness_.wait_until_seen_past(origin_ + out.returned_ns,
                                           origin_ + options_.time_limit.count());
    const std::int64_t timers_late = timer_lateness_.longest_since(origin_ + p.start_ns);
    const std::int64_t machine =
        out.cpu_wait_ns + p.injected_late_ns + softirq + issued_late + timers_late;
    if (late > 0 && late <= machine) {
      out_.notes.push_back(
          {N_("line {0}: returned {1} late, while the syscall thread waited {2} for a CPU and the "
              "script's segments left {3} late, ksoftirqd waited {4}, the call was made {5} "
              "late and the kernel's timers ran {6} late: the machine's delay, not TCP's"),
           {std::to_string(p.event->where.line), format_duration(Duration{late}),
            format_duration(Duration{out.cpu_wait_ns}), format_duration(Duration{p.injected_late_ns}),
            format_duration(Duration{softirq}), format_duration(Duration{issued_late}),
            format_duration(Duration{timers_late})}});
    } else if (early || late > 0) {
      fail(*p.event, call_text(*p.call) + " returned at " + seconds_text(at(out.returned_ns)) +
                         "; the script expects it to return at " +
                         seconds_text(at(p.expected_ns)) + " (within " +
                         format_duration(Duration{p.tolerance_ns}) + "; the syscall thread waited " +
                         format_duration(Duration{out.cpu_wait_ns}) +
                         " for a CPU, the script's segments left " +
                         format_duration(Duration{p.injected_late_ns}) + " late, ksoftirqd waited " +
                         format_duration(Duration{softirq}) + ", the call was made " +
                         format_duration(Duration{issued_late}) + " late, the kernel's timers ran " +
                         format_duration(Duration{timers_late}) + " late)");
    }
  }

  // Records the call and checks its result against the script's.
  void complete(const Event& e, const SyscallSpec& c, const CallOutcome& out, int fd) {
    last_call_returned_ns_ = out.returned_ns;
    last_call_cpu_wait_ns_ = out.cpu_wait_ns;
    const bool makes_fd = c.name == "socket" || c.name == "accept";
    const std::optional<Errno> error = to_model_errno(out.system_errno);
    if (makes_fd && out.value >= 0) {
      if (c.result.kind == Expr::Kind::Integer) fds_[static_cast<int>(c.result.integer)] = static_cast<int>(out.value);
      labels_[static_cast<int>(out.value)] = "local#" + std::to_string(++sockets_made_);
      if (c.name == "accept") learn_tuple(static_cast<int>(out.value));
    }
    if (c.name == "connect") learn_tuple(fd);
    calls_made_.push_back({&e, &c, out, makes_fd && out.value >= 0 ? static_cast<int>(out.value) : fd});
    if (!error) {
      if (c.result.kind != Expr::Kind::Ellipsis) {
        fail(e, call_text(c) + " returned -1 with errno " + std::to_string(out.system_errno) +
                    " (" + std::strerror(out.system_errno) +
                    "), which tcplab has no name for; the script expects " + to_string(c.result) +
                    (c.errno_name.empty() ? "" : " " + c.errno_name));
      }
      return;
    }
    std::optional<std::string> wrong = call_result_mismatch(c, out.value, *error);
    if (!wrong && c.name == "getsockopt") wrong = so_error_mismatch(c, out.so_error);
    if (!wrong && c.name == "ioctl" && *error == Errno::None) wrong = queued_mismatch(c, out.queued);
    if (wrong) fail(e, *wrong);
  }

  // The four-tuple of a connected (or connecting) socket, to label its segments.
  void learn_tuple(int fd) {
    sockaddr_in local{};
    socklen_t size = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0) return;
    sockets_by_port_[ntohs(local.sin_port)] = fd;
  }

  // Unblocks a call left blocked by a failure, so the syscall thread can end.
  void unblock() {
    for (const auto& [script_fd, fd] : fds_) shutdown(fd, SHUT_RDWR);
    const std::int64_t until = monotonic_now_ns() + 100'000'000;
    while (calls_->busy() && monotonic_now_ns() < until) sleep_until_ns(monotonic_now_ns() + 1'000'000);
  }

  // ---- The trace: what was on the wire and the calls, in time order ----
  void build_trace() {
    Trace& trace = out_.trace;
    trace.backend = "kernel";
    trace.profile = "linux";
    trace.hosts = {kLocalHost, kRemoteHost};
    trace.isolation = Isolation::PrivateNamespace;
    std::vector<std::pair<std::int64_t, EventBody>> events;
    events.push_back({0, NoteEvent{"", "real Linux kernel, in a private network namespace made for "
                                       "this run: lo is the wire, the script the remote peer"}});
    std::map<std::size_t, int> line_of;  // event index -> script line of the segment
    std::size_t injected = 0;
    for (std::size_t i = 0; i < captured_.size(); ++i) {
      const WireSegment& w = captured_[i];
      SegmentEvent s;
      s.segment = w.segment;
      s.from = w.from_host ? kLocalHost : kRemoteHost;
      s.to = w.from_host ? kRemoteHost : kLocalHost;
      const std::uint16_t local_port = w.from_host ? w.segment.src.port : w.segment.dst.port;
      if (w.from_host) {
        auto it = sockets_by_port_.find(local_port);
        if (it != sockets_by_port_.end() && labels_.contains(it->second))
          s.endpoint = labels_[it->second];
      }
      s.arrives_at = at(w.t_ns);
      if (auto line = segment_line_.find(i); line != segment_line_.end()) {
        line_of[events.size()] = line->second;
      } else if (!w.from_host && injected < injected_at_line_.size()) {
        line_of[events.size()] = injected_at_line_[injected++].first;
      }
      events.push_back({w.t_ns, std::move(s)});
    }
    std::map<std::size_t, int> call_line_of;
    std::set<std::size_t> reads_shut;  // shutdown() calls that shut the reading side
    for (const RecordedCall& r : calls_made_) {
      if (r.call->name == "shutdown" && r.call->args.size() > 1 &&
          (expr_mentions(r.call->args[1], "SHUT_RD") || expr_mentions(r.call->args[1], "SHUT_RDWR")))
        reads_shut.insert(events.size());
      CallEvent ev;
      ev.host = kLocalHost;
      ev.step = "line " + std::to_string(r.event->where.line);
      ev.call = r.call->name;
      std::string args;
      for (std::size_t i = 0; i < r.call->args.size(); ++i)
        args += (i ? ", " : "") + to_string(r.call->args[i]);
      ev.args = args;
      // Descriptors as the script numbers them (the kernel's differ: the run holds its own).
      const bool makes_fd = r.call->name == "socket" || r.call->name == "accept";
      const bool numbered = makes_fd && r.outcome.value >= 0 &&
                            r.call->result.kind == Expr::Kind::Integer;
      ev.fd = numbered ? static_cast<int>(r.call->result.integer)
              : !r.call->args.empty() && r.call->args[0].kind == Expr::Kind::Integer
                  ? static_cast<int>(r.call->args[0].integer)
                  : -1;
      ev.result = numbered ? r.call->result.integer : r.outcome.value;
      ev.error = to_model_errno(r.outcome.system_errno).value_or(Errno::InvalidArgument);
      ev.issued_at = at(r.outcome.issued_ns);
      ev.cpu_wait = Duration{r.outcome.cpu_wait_ns};
      if (auto it = labels_.find(r.fd); it != labels_.end()) ev.endpoint = it->second;
      out_.call_at_line[r.event->where.line] = ev.step;
      events.push_back({r.outcome.returned_ns, std::move(ev)});
    }
    std::vector<std::size_t> order(events.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return events[a].first < events[b].first; });
    // The script's run sees no sock_diag: the local sockets' states are inferred from the wire as
    // a capture's are (export/state_observer), and a listener's from listen()'s success.
    StateObserver observer(EndpointNamer([this](const FourTuple& socket) { return name_of(socket); }));
    std::set<std::string> listening, closed;
    for (std::size_t i : order) {
      auto& [t, body] = events[i];
      if (auto* s = std::get_if<SegmentEvent>(&body)) {
        // Sent from the port of a socket already gone: the host's own RST (no socket for it).
        if (closed.contains(s->endpoint)) s->endpoint.clear();
        const std::uint64_t id = trace.add_segment(at(t), std::move(*s));
        if (auto line = line_of.find(i); line != line_of.end()) out_.segment_at_line[line->second] = id;
        Trace inferred;
        observer.observe(at(t), *trace.segment_by_id(id), inferred);
        for (const TraceEvent& e : inferred.events()) {
          const auto* state = get_if<StateEvent>(&e.body);
          if (!state || state->host != kLocalHost) continue;
          if (state->to == TcpState::Closed) closed.insert(state->endpoint);
          trace.add(e.at, *state);
        }
        continue;
      }
      if (const auto* call = std::get_if<CallEvent>(&body);
          call && call->error == Errno::None && !call->endpoint.empty()) {
        if (call->call == "listen" && listening.insert(call->endpoint).second)
          trace.add(at(t), listener_state(*call, TcpState::Closed, TcpState::Listen,
                                          StateCause::ListenCalled));
        else if (call->call == "close" && listening.erase(call->endpoint) > 0)
          trace.add(at(t), listener_state(*call, TcpState::Listen, TcpState::Closed,
                                          StateCause::ListenerClosed));
        // inet_shutdown: SHUT_RD of a listener stops it (tcp_disconnect), the socket stays open.
        else if (reads_shut.contains(i) && listening.erase(call->endpoint) > 0)
          trace.add(at(t), listener_state(*call, TcpState::Listen, TcpState::Closed,
                                          StateCause::ListenerShutdown));
      }
      trace.add(at(t), std::move(body));
    }
  }

  // How the trace names the socket at `socket.local`: the host's by its label ("local#2", found
  // by its port), the script's by its address.
  EndpointName name_of(const FourTuple& socket) const {
    if (socket.local.ip.value == kLocalAddress.value) {
      if (auto port = sockets_by_port_.find(socket.local.port); port != sockets_by_port_.end())
        if (auto label = labels_.find(port->second); label != labels_.end())
          return {kLocalHost, label->second};
      return {kLocalHost, to_string(socket.local)};
    }
    return {kRemoteHost, to_string(socket.local)};
  }

  // A listener's change of state, known from its call's success: nothing on the wire shows it.
  static StateEvent listener_state(const CallEvent& call, TcpState from, TcpState to,
                                   StateCause cause) {
    StateEvent e;
    e.host = call.host;
    e.endpoint = call.endpoint;
    e.from = from;
    e.to = to;
    e.cause = cause;
    e.source = StateSource::CallResult;
    return e;
  }

  const Script& script_;
  const ScriptKernelOptions& options_;
  ScriptWire& wire_;
  ScriptRun& out_;
  std::optional<Failure> failure_;

  std::int64_t origin_ = 0;
  std::unique_ptr<SyscallThread> calls_;
  RunQueueWait main_wait_;
  std::int64_t main_wait_at_base_ = 0;
  SoftirqWait softirq_wait_;
  KernelTimerLateness timer_lateness_;
  std::vector<std::int64_t> softirq_wait_at_base_;
  std::int64_t last_call_returned_ns_ = -1;
  std::int64_t last_call_cpu_wait_ns_ = 0;

  std::int64_t start_ns_ = 0, end_ns_ = 0, base_ns_ = 0;
  // How far behind their own times the script's lines ran since the last segment the script
  // sent the host: how far the script's clock lags a timer the host set meanwhile.
  std::int64_t behind_since_heard_ns_ = 0;
  std::optional<Pending> pending_;
  int pending_fd_ = -1;

  ScriptPeer peer_;
  std::vector<WireSegment> captured_;
  std::deque<std::size_t> unmatched_;              // the host's segments no line took yet
  std::map<std::size_t, int> segment_line_;        // captured index -> `>` line
  std::vector<std::pair<int, Segment>> injected_at_line_;  // `<` lines, in order
  std::vector<RecordedCall> calls_made_;
  std::map<int, int> fds_;                         // script descriptor -> the kernel's
  std::map<int, std::string> labels_;              // kernel descriptor -> "local#n"
  std::map<std::uint16_t, int> sockets_by_port_;   // local port -> kernel descriptor
  int sockets_made_ = 0;
};

// What the child sends back before the trace: the verdict and what the run noted.
nlohmann::json verdict_json(const ScriptRun& run, const std::optional<ScriptError>& error) {
  nlohmann::json j;
  j["notes"] = nlohmann::json::array();
  for (const Message& n : run.notes) j["notes"].push_back(nlohmann::json(message_json(n)));
  if (run.failure) {
    j["failure"] = {{"line", run.failure->where.line},
                    {"column", run.failure->where.column},
                    {"what", run.failure->what}};
  }
  if (error) {
    // what() starts with "file:line:col: "; the parent puts the place back.
    const std::string what = error->what();
    j["error"] = {{"line", error->where().line},
                  {"column", error->where().column},
                  {"what", what.substr(std::min(what.size(), error->where().to_string().size() + 2))}};
  }
  for (const auto& [line, id] : run.segment_at_line) j["segments"][std::to_string(line)] = id;
  for (const auto& [line, label] : run.call_at_line) j["calls"][std::to_string(line)] = label;
  return j;
}

// In the sandboxed child: sets lo up as the wire, applies the sysctls, runs the script.
AnswerWriter run_in_namespace(const Script& script, const ScriptKernelOptions& options) {
  auto run = std::make_shared<ScriptRun>();
  std::vector<Message>& notes = run->notes;
  std::optional<ScriptError> error;
  for (const auto& problem : prepare_script_wire())
    notes.push_back({N_("the wire (lo) could not be set up as the script needs: {0}"), {problem}});

  // Sysctls: defaults.sh when the script runs it, else the model's linux profile's receive
  // buffer (it sets the window scale SYNs offer, tcp_select_initial_window); then the script's.
  KnobPlan plan;
  bool defaults = false;
  for (const Event& e : script.events) {
    if (const CommandSpec* c = e.command(); c && c->defaults) defaults = true;
  }
  if (defaults) {
    for (const auto& [name, value] : kDefaultsSh) plan.sysctls.push_back({proc_path(name), value});
  } else {
    plan = plan_knobs({{"tcp_rmem_max", *get_knob(linux_profile(), "tcp_rmem_max")}},
                      linux_profile());
    add_model_congestion_control(plan);
  }
  for (const Event& e : script.events) {
    if (const CommandSpec* c = e.command()) {
      for (const SysctlSetting& s : c->settings)
        plan.sysctls.push_back({proc_path(s.sysctl), s.value});
    }
  }
  for (auto& failed : apply_sysctls(plan)) notes.push_back(std::move(failed));
  for (const ScriptOption& o : script.options) {
    if (o.name != "tolerance_usecs")
      notes.push_back({N_("--{0}={1} is not applied on the kernel backend"), {o.name, o.value}});
  }

  ScriptWire wire;
  if (std::string e = wire.open(); !e.empty()) throw std::runtime_error(e);
  try {
    KernelInterpreter(script, options, wire, *run).run();
  } catch (const ScriptError& e) {
    error = e;
  }
  const nlohmann::json verdict = verdict_json(*run, error);
  return [run, verdict](std::ostream& out) {
    out << verdict.dump() << '\n';
    write_run_answer(run->trace, !run->failure, to_ns(run->trace.events().empty()
                                                          ? kTimeZero
                                                          : run->trace.events().back().at),
                     out);
  };
}

}  // namespace

ScriptRun run_script_on_kernel(const Script& script, const ScriptKernelOptions& options) {
  ScriptRun run;
  run.profile = linux_profile();
  nlohmann::json verdict;
  const AnswerReader reader = [&](std::istream& in) {
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error("the kernel run sent no verdict");
    verdict = nlohmann::json::parse(line);
    run.trace = read_run_answer(in).trace;
  };
  auto body = [&](int) { return run_in_namespace(script, options); };
  const SandboxOutcome outcome =
      run_sandboxed_streamed(Isolation::PrivateNamespace, body, reader,
                             options.time_limit + std::chrono::seconds(20), nullptr,
                             options.fork_hooks);
  if (outcome.status == SandboxOutcome::Status::NamespaceRefused)
    throw KernelCannotRun({"no private network namespace could be made: " + outcome.message});
  if (outcome.status != SandboxOutcome::Status::Finished)
    throw std::runtime_error("kernel backend: " + outcome.message);
  if (verdict.contains("error")) {
    const auto& e = verdict["error"];
    throw ScriptError({script.file, e["line"].get<int>(), e["column"].get<int>()},
                      e["what"].get<std::string>());
  }
  for (const auto& n : verdict["notes"]) {
    std::optional<Message> note = message_from_json(n);
    if (!note) throw std::runtime_error("kernel backend: the sandbox's answer has a malformed note");
    run.notes.push_back(std::move(*note));
  }
  if (verdict.contains("failure")) {
    const auto& f = verdict["failure"];
    run.failure = ScriptFailure{{script.file, f["line"].get<int>(), f["column"].get<int>()},
                                f["what"].get<std::string>()};
  }
  if (verdict.contains("segments")) {
    for (const auto& [line, id] : verdict["segments"].items())
      run.segment_at_line[std::stoi(line)] = id.get<std::uint64_t>();
  }
  if (verdict.contains("calls")) {
    for (const auto& [line, label] : verdict["calls"].items())
      run.call_at_line[std::stoi(line)] = label.get<std::string>();
  }
  return run;
}

}  // namespace tcplab::real
