#include "real/host_programs.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "real/errno_map.h"
#include "real/linux_socket_option.h"
#include "real/monotonic_clock.h"
#include "real/run_queue_wait.h"
#include "scenario/call_args.h"
#include "scenario/step_schedule.h"

namespace tcplab::real {

struct HostPrograms::HostState {
  std::string name;
  Ipv4 address;
  int created = 0;                      // sockets created so far: labels host#1, host#2 ...
  std::map<std::string, int> vars;      // variable -> real fd (-1 once closed)
  std::map<int, std::string> label_of;  // real fd -> label
  std::map<int, int> virtual_fd;        // real fd -> the fd number a lone program would see
  std::set<int> bound;                  // real fds bound explicitly
  std::vector<int> open_order;          // real fds in creation order
};

struct HostPrograms::Shared {
  mutable std::mutex mutex;
  std::condition_variable returned;
  std::map<std::string, std::vector<std::int64_t>> return_times;  // label -> each return
  std::map<std::string, int> total_rounds;                        // label -> repeat of its phase
  std::vector<CallEvent> calls;
  std::vector<std::int64_t> call_returned;
  std::vector<SocketRecord> sockets;
  std::vector<std::pair<std::int64_t, NoteEvent>> notes;
  std::int64_t last_return = 0;
  int running = 0;
  std::condition_variable finished;
  std::atomic<bool> abandoned{false};
};

namespace {

sockaddr_in to_sockaddr(const SocketAddress& a) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(a.port);
  sin.sin_addr.s_addr = htonl(a.ip.value);
  return sin;
}

SocketAddress from_sockaddr(const sockaddr_in& sin) {
  return SocketAddress{Ipv4{ntohl(sin.sin_addr.s_addr)}, ntohs(sin.sin_port)};
}

std::optional<SocketAddress> local_address(int fd) {
  sockaddr_in sin{};
  socklen_t len = sizeof sin;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len) != 0) return std::nullopt;
  return from_sockaddr(sin);
}

std::optional<SocketAddress> peer_address(int fd) {
  sockaddr_in sin{};
  socklen_t len = sizeof sin;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&sin), &len) != 0) return std::nullopt;
  return from_sockaddr(sin);
}

std::uint64_t inode_of(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 ? static_cast<std::uint64_t>(st.st_ino) : 0;
}

int lowest_free_fd(const std::map<int, int>& used) {
  std::set<int> taken;
  for (const auto& [real, virt] : used) taken.insert(virt);
  int fd = 3;
  while (taken.contains(fd)) ++fd;
  return fd;
}

}  // namespace

HostPrograms::HostPrograms(const Scenario& scenario, std::int64_t origin_ns,
                           std::int64_t deadline_ns,
                           std::function<void(const Step&, std::int64_t)> after_call)
    : scenario_(scenario),
      origin_ns_(origin_ns),
      deadline_ns_(deadline_ns),
      after_call_(std::move(after_call)),
      shared_(std::make_shared<Shared>()) {
  for (const auto& program : scenario.programs) {
    for (const auto& phase : program.phases) {
      for (const auto& step : phase.steps)
        shared_->total_rounds[step.label] = std::max(1, phase.repeat);
    }
  }
}

HostPrograms::~HostPrograms() { abandon(); }

void HostPrograms::abandon() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->abandoned.store(true);
  }
  shared_->returned.notify_all();  // a program waiting for another's step gives up
  for (auto& t : threads_) {
    if (t.joinable()) t.detach();
  }
}

void HostPrograms::start() {
  shared_->running = static_cast<int>(scenario_.programs.size());
  for (const auto& program : scenario_.programs) {
    threads_.emplace_back([this, &program] {
      run_program(program);
      std::lock_guard lock(shared_->mutex);
      --shared_->running;
      shared_->finished.notify_all();
    });
  }
}

bool HostPrograms::wait(std::int64_t deadline_ns, int stop_fd,
                        const std::function<bool()>& give_up) {
  for (;;) {
    {
      std::unique_lock lock(shared_->mutex);
      if (shared_->running == 0) break;
    }
    const std::int64_t now = monotonic_now_ns() - origin_ns_;
    if (now >= deadline_ns || (give_up && give_up())) return false;
    pollfd p{stop_fd, POLLIN, 0};
    const int wait_ms =
        static_cast<int>(std::min<std::int64_t>((deadline_ns - now) / 1'000'000 + 1, 10));
    if (stop_fd >= 0 && poll(&p, 1, wait_ms) > 0) return false;
    if (stop_fd < 0) sleep_until_ns(monotonic_now_ns() + wait_ms * 1'000'000LL);
  }
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  return true;
}

void HostPrograms::collect(RunRecord& record) const {
  std::lock_guard lock(shared_->mutex);
  record.calls = shared_->calls;
  record.call_returned_ns = shared_->call_returned;
  record.sockets = shared_->sockets;
  for (const auto& n : shared_->notes) record.notes.push_back(n);
}

std::set<std::uint16_t> HostPrograms::ports() const {
  std::lock_guard lock(shared_->mutex);
  std::set<std::uint16_t> out;
  for (const auto& s : shared_->sockets) {
    if (s.local && s.local->port) out.insert(s.local->port);
    if (s.tuple) out.insert(s.tuple->local.port);
  }
  return out;
}

std::set<std::uint64_t> HostPrograms::inodes() const {
  std::lock_guard lock(shared_->mutex);
  std::set<std::uint64_t> out;
  for (const auto& s : shared_->sockets) out.insert(s.inode);
  return out;
}

std::int64_t HostPrograms::last_return_ns() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->last_return;
}

void HostPrograms::run_program(const Program& program) {
  HostState host;
  host.name = program.host;
  if (const HostSpec* spec = scenario_.host(program.host)) host.address = spec->address;
  Shared& shared = *shared_;
  auto now = [this] { return monotonic_now_ns() - origin_ns_; };
  std::int64_t previous_return = 0;
  const RunQueueWait run_queue;
  // The time limit stops the program before its next call, however many remain.
  auto out_of_time = [&] { return shared.abandoned.load() || now() >= deadline_ns_; };

  for (const auto& phase : program.phases) {
    const int rounds = std::max(1, phase.repeat);
    for (int round = 0; round < rounds; ++round) {
      for (const auto& step : phase.steps) {
        if (out_of_time()) return;
        const std::optional<std::int64_t> waited_before = run_queue.total_ns();
        StepStart start{instant_from_ns(previous_return), round > 0 && &step == &phase.steps[0],
                        phase.pause, std::nullopt};
        if (!step.when.after.empty()) {
          std::unique_lock lock(shared.mutex);
          const int total = shared.total_rounds.contains(step.when.after)
                                ? shared.total_rounds[step.when.after]
                                : 1;
          const std::size_t need = awaited_return_index(round, total);
          shared.returned.wait(lock, [&] {
            return shared.abandoned.load() || shared.return_times[step.when.after].size() > need;
          });
          if (shared.abandoned.load()) return;
          start.awaited_return = instant_from_ns(shared.return_times[step.when.after][need]);
        }
        const std::int64_t ready = to_ns(step_ready(step, start));
        if (ready >= deadline_ns_) return;
        sleep_until_ns(origin_ns_ + ready);
        if (out_of_time()) return;

        // The call itself.
        const CallSpec& call = step.call;
        CallEvent ev;
        ev.host = host.name;
        ev.step = step.label;
        ev.call = std::string(call_name(call.kind));
        ev.args = call_args(call);  // the same text the model writes
        int saved_errno = 0;
        int fd = -1;
        bool fd_known = true;
        if (call.kind != CallKind::Socket && call.kind != CallKind::Exit) {
          auto it = host.vars.find(call.socket);
          if (it == host.vars.end() || it->second < 0)
            fd_known = false;
          else
            fd = it->second;
          if (fd_known) {
            ev.fd = host.virtual_fd[fd];
            ev.endpoint = host.label_of[fd];
          }
        }
        SocketRecord new_socket;
        bool created = false;
        std::optional<std::pair<int, SocketAddress>> learnt_local;
        std::optional<std::pair<int, FourTuple>> learnt_tuple;
        std::optional<SocketAddress> connecting_to;
        std::int64_t issued = 0;
        long result = 0;
        auto fail_badf = [&] {
          result = -1;
          saved_errno = EBADF;
        };
        // setsockopt() on the step's socket: the three options a lesson sets differ only here.
        auto set_option = [&](int level, int name, const void* value, socklen_t size) {
          issued = now();
          if (!fd_known) {
            fail_badf();
            return;
          }
          result = setsockopt(fd, level, name, value, size);
          saved_errno = errno;
        };
        switch (call.kind) {
          case CallKind::Socket: {
            issued = now();
            fd =
                socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (call.nonblocking ? SOCK_NONBLOCK : 0),
                       IPPROTO_TCP);
            saved_errno = errno;
            result = fd;
            created = fd >= 0;
            break;
          }
          case CallKind::SetReuseAddr: {
            const int on = call.flag ? 1 : 0;
            set_option(SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
            break;
          }
          case CallKind::SetLinger: {
            const linger l{call.flag ? 1 : 0, call.linger_seconds};
            set_option(SOL_SOCKET, SO_LINGER, &l, sizeof l);
            break;
          }
          case CallKind::SetNoDelay: {
            const int on = call.flag ? 1 : 0;
            set_option(IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            break;
          }
          case CallKind::SetQuickAck: {
            const int on = call.flag ? 1 : 0;
            set_option(IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
            break;
          }
          case CallKind::SetOption: {
            const LinuxSocketOption where = linux_socket_option(call.option);
            const int value = static_cast<int>(call.option_value);
            set_option(where.level, where.name, &value, sizeof value);
            break;
          }
          case CallKind::Bind: {
            const sockaddr_in sin = to_sockaddr(call.address);
            issued = now();
            if (!fd_known) {
              fail_badf();
              break;
            }
            result = bind(fd, reinterpret_cast<const sockaddr*>(&sin), sizeof sin);
            saved_errno = errno;
            if (result == 0) {
              host.bound.insert(fd);
              if (auto local = local_address(fd)) learnt_local = {fd, *local};
            }
            break;
          }
          case CallKind::Listen: {
            issued = now();
            if (!fd_known) {
              fail_badf();
              break;
            }
            result = listen(fd, call.backlog);
            saved_errno = errno;
            if (result == 0) {
              if (auto local = local_address(fd)) learnt_local = {fd, *local};
            }
            break;
          }
          case CallKind::Connect: {
            if (!fd_known) {
              issued = now();
              fail_badf();
              break;
            }
            if (!host.bound.contains(fd) && host.address.value != 0x7f000001) {
              // The host's own source address; the port is still chosen by connect() as usual.
              const int on = 1;
              setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
              const sockaddr_in src = to_sockaddr(SocketAddress{host.address, 0});
              bind(fd, reinterpret_cast<const sockaddr*>(&src), sizeof src);
              host.bound.insert(fd);
            }
            const sockaddr_in sin = to_sockaddr(call.address);
            connecting_to = call.address;
            issued = now();
            result = connect(fd, reinterpret_cast<const sockaddr*>(&sin), sizeof sin);
            saved_errno = errno;
            if (result == 0) {
              auto local = local_address(fd);
              auto peer = peer_address(fd);
              if (local && peer) learnt_tuple = {fd, FourTuple{*local, *peer}};
            }
            break;
          }
          case CallKind::Accept: {
            issued = now();
            if (!fd_known) {
              fail_badf();
              break;
            }
            const int listener = fd;
            fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
            saved_errno = errno;
            result = fd;
            created = fd >= 0;
            if (created) {
              auto local = local_address(fd);
              auto peer = peer_address(fd);
              if (local && peer) learnt_tuple = {fd, FourTuple{*local, *peer}};
            }
            break;
          }
          case CallKind::Send: {
            issued = now();
            if (!fd_known) {
              fail_badf();
              break;
            }
            result = send(fd, call.data.data(), call.data.size(), MSG_NOSIGNAL);
            saved_errno = errno;
            break;
          }
          case CallKind::Recv: {
            issued = now();
            if (!fd_known) {
              fail_badf();
              break;
            }
            std::string buffer(call.max_bytes, '\0');
            const ssize_t n = recv(fd, buffer.data(), buffer.size(), 0);
            saved_errno = errno;
            result = n;
            if (n > 0) ev.data = std::string_view(buffer.data(), static_cast<std::size_t>(n));
            break;
          }
          case CallKind::Shutdown: {
            const int how = call.how == ShutdownHow::Read    ? SHUT_RD
                            : call.how == ShutdownHow::Write ? SHUT_WR
                                                             : SHUT_RDWR;
            issued = now();
            if (!fd_known) {
              fail_badf();
              break;
            }
            result = shutdown(fd, how);
            saved_errno = errno;
            break;
          }
          case CallKind::Close: {
            issued = now();
            if (!fd_known) {
              fail_badf();
              break;
            }
            result = close(fd);
            saved_errno = errno;
            break;
          }
          case CallKind::Exit: {
            issued = now();
            for (int open_fd : host.open_order) close(open_fd);
            result = 0;
            break;
          }
        }
        const std::int64_t returned = now();
        if (result < 0) {
          if (auto e = to_model_errno(saved_errno)) {
            ev.error = *e;
          } else {
            std::lock_guard lock(shared.mutex);
            shared.notes.push_back(
                {returned,
                 NoteEvent{host.name, step.label + ": " + ev.call + "() failed with errno " +
                                          std::to_string(saved_errno) + " (" +
                                          std::strerror(saved_errno) +
                                          "), which the model has no name for"}});
          }
        }
        ev.result = result;
        ev.issued_at = instant_from_ns(issued);
        ev.asked_at = instant_from_ns(ready);
        if (const auto waited_after = run_queue.total_ns(); waited_before && waited_after)
          ev.cpu_wait = Duration{*waited_after - *waited_before};

        // Bookkeeping of the program's sockets.
        if (created) {
          host.created += 1;
          const std::string label = host.name + "#" + std::to_string(host.created);
          host.label_of[fd] = label;
          host.virtual_fd[fd] = lowest_free_fd(host.virtual_fd);
          host.open_order.push_back(fd);
          host.vars[call.result_var] = fd;
          ev.fd = host.virtual_fd[fd];
          ev.result = ev.fd;
          ev.endpoint = label;
          new_socket.label = label;
          new_socket.host = host.name;
          new_socket.inode = inode_of(fd);
          new_socket.created_ns = returned;
          new_socket.accepted = call.kind == CallKind::Accept;
        }
        std::vector<std::string> closed_labels;
        if ((call.kind == CallKind::Close && fd_known) || call.kind == CallKind::Exit) {
          std::vector<int> gone =
              call.kind == CallKind::Exit ? host.open_order : std::vector<int>{fd};
          for (int g : gone) {
            closed_labels.push_back(host.label_of[g]);
            for (auto& [var, v] : host.vars) {
              if (v == g) v = -1;
            }
            host.virtual_fd.erase(g);
            std::erase(host.open_order, g);
          }
        }
        {
          std::lock_guard lock(shared.mutex);
          if (created) shared.sockets.push_back(new_socket);
          const std::string label = fd >= 0 && host.label_of.contains(fd) ? host.label_of[fd] : "";
          for (auto& s : shared.sockets) {
            if (s.label != label || label.empty()) continue;
            if (learnt_local) s.local = learnt_local->second;
            if (learnt_tuple) {
              s.tuple = learnt_tuple->second;
              s.local = learnt_tuple->second.local;
              s.tuple_known_ns = returned;
            }
            if (call.kind == CallKind::Listen && result == 0) s.listen_returned_ns = returned;
            if (connecting_to) s.connects.push_back({*connecting_to, issued, returned});
          }
          for (auto& s : shared.sockets) {
            if (std::find(closed_labels.begin(), closed_labels.end(), s.label) !=
                closed_labels.end())
              s.closed_ns = returned;
          }
          shared.calls.push_back(ev);
          shared.call_returned.push_back(returned);
          shared.return_times[step.label].push_back(returned);
          shared.last_return = std::max(shared.last_return, returned);
        }
        shared.returned.notify_all();
        if (after_call_) after_call_(step, returned);
        previous_return = returned;
      }
    }
  }
}

}  // namespace tcplab::real
