#include "real/sandbox.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>
#include <streambuf>

#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "real/monotonic_clock.h"

namespace tcplab::real {

namespace {

// Message kinds on the pipe: one byte, then the answer (or the text) up to EOF.
constexpr char kAnswer = 'T';
constexpr char kRefused = 'E';
constexpr char kFailed = 'X';
// The child's exit status when writing its answer failed (the parent has gone, or the writer
// threw).
constexpr int kWriteFailedStatus = 3;
// A refusal's or failure's text is a sentence or two; more is cut off.
constexpr std::size_t kMaxMessageBytes = std::size_t{64} * 1024;

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void send_and_exit(int fd, char kind, const std::string& text) {
  write_all(fd, &kind, 1);
  write_all(fd, text.data(), text.size());
  close(fd);
  _exit(0);
}

// The child's end of the answer pipe as a stream buffer; a failed write fails the stream.
class FdOut : public std::streambuf {
 public:
  explicit FdOut(int fd) : fd_(fd) { setp(buffer_, buffer_ + sizeof buffer_); }
  FdOut(const FdOut&) = delete;
  FdOut& operator=(const FdOut&) = delete;
  ~FdOut() override { flush(); }

 protected:
  int_type overflow(int_type c) override {
    if (!flush()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return flush() ? 0 : -1; }

 private:
  bool flush() {
    const bool ok = write_all(fd_, pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(buffer_, buffer_ + sizeof buffer_);
    return ok;
  }
  int fd_;
  char buffer_[65536]{};
};

// The parent's end of the answer pipe as a stream buffer. Waiting for bytes is where the run's
// limits are kept: a stop request is passed on, and at the deadline the child is killed (EOF).
class PipeIn : public std::streambuf {
 public:
  PipeIn(int fd, pid_t pid, std::int64_t deadline_ns, const std::atomic<bool>* stop, int stop_fd)
      : fd_(fd), pid_(pid), deadline_ns_(deadline_ns), stop_(stop), stop_fd_(stop_fd) {}
  PipeIn(const PipeIn&) = delete;
  PipeIn& operator=(const PipeIn&) = delete;

  bool killed() const { return killed_; }
  // Bytes read from the pipe so far.
  std::uint64_t received() const { return received_; }
  // Reads and drops the rest, up to EOF.
  void drain() {
    while (!traits_type::eq_int_type(underflow(), traits_type::eof()))
      setg(eback(), egptr(), egptr());
  }
  // The rest, up to EOF, at most `max` bytes of it kept.
  std::string rest(std::size_t max) {
    std::string out;
    while (!traits_type::eq_int_type(underflow(), traits_type::eof())) {
      const auto n = static_cast<std::size_t>(egptr() - gptr());
      out.append(gptr(), std::min(n, max - std::min(max, out.size())));
      setg(eback(), egptr(), egptr());
    }
    return out;
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    while (!eof_) {
      if (stop_ && stop_->load() && !stop_sent_) {
        const char byte = 's';
        write_all(stop_fd_, &byte, 1);
        stop_sent_ = true;
      }
      const std::int64_t now = monotonic_now_ns();
      if (now >= deadline_ns_) {
        kill(pid_, SIGKILL);
        killed_ = true;
        eof_ = true;
        break;
      }
      pollfd p{fd_, POLLIN, 0};
      const int wait_ms =
          static_cast<int>(std::min<std::int64_t>((deadline_ns_ - now) / 1'000'000 + 1, 50));
      const int ready = poll(&p, 1, wait_ms);
      if (ready < 0 && errno != EINTR) eof_ = true;
      if (ready <= 0) continue;
      const ssize_t n = read(fd_, buffer_, sizeof buffer_);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        eof_ = true;  // the child is done (or gone)
        break;
      }
      received_ += static_cast<std::uint64_t>(n);
      setg(buffer_, buffer_, buffer_ + n);
      return traits_type::to_int_type(*gptr());
    }
    return traits_type::eof();
  }

 private:
  int fd_;
  pid_t pid_;
  std::int64_t deadline_ns_;
  const std::atomic<bool>* stop_;
  int stop_fd_;
  bool stop_sent_ = false;
  bool killed_ = false;
  bool eof_ = false;
  std::uint64_t received_ = 0;
  char buffer_[65536]{};
};

std::string read_first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return "";
  return line;
}

bool write_file(const char* path, const std::string& text, std::string& error) {
  const int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::string("open ") + path + ": " + std::strerror(errno);
    return false;
  }
  const bool ok = write_all(fd, text.data(), text.size());
  const int saved = errno;
  close(fd);
  if (!ok) error = std::string("write ") + path + ": " + std::strerror(saved);
  return ok;
}

// Brings lo up in the current network namespace.
bool bring_loopback_up(std::string& error) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
  if (ok) {
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
    ok = ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
  }
  if (!ok) error = std::string("bringing lo up: ") + std::strerror(errno);
  close(fd);
  return ok;
}

// In the child: makes the namespaces. On failure returns the reason.
std::string enter_private_namespace() {
  const uid_t uid = geteuid();
  const gid_t gid = getegid();
  const int flags = uid == 0 ? CLONE_NEWNET : (CLONE_NEWUSER | CLONE_NEWNET);
  if (unshare(flags) != 0) {
    return std::string(uid == 0 ? "unshare(CLONE_NEWNET)"
                                : "unshare(CLONE_NEWUSER | CLONE_NEWNET)") +
           " failed: " + std::strerror(errno);
  }
  std::string error;
  if (uid != 0) {
    // A process that changed its uid (root dropping to an ordinary user) is not dumpable, which
    // leaves /proc/self/uid_map owned by root: make it ours again before writing the maps.
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    if (!write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1\n", error) ||
        !write_file("/proc/self/setgroups", "deny\n", error) ||
        !write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1\n", error)) {
      return "user namespace mapping failed: " + error;
    }
  }
  // A namespace shares the host's established-socket hash table (262,144 buckets here), which
  // every sock_diag dump walks: 1 to 5 ms a dump, a CPU's worth at one dump a millisecond. A
  // namespace made from this one gets a table of its own of this size (Linux >= 6.1,
  // net.ipv4.tcp_child_ehash_entries); where that cannot be set, the run keeps the shared one.
  if (write_file("/proc/sys/net/ipv4/tcp_child_ehash_entries", "4096\n", error) &&
      unshare(CLONE_NEWNET) != 0) {
    return std::string("unshare(CLONE_NEWNET) for a namespace with its own socket table failed: ") +
           std::strerror(errno);
  }
  error.clear();
  if (!bring_loopback_up(error)) return "inside the new namespace, " + error;
  return "";
}

}  // namespace

std::string namespace_policy_explanation() {
  std::ostringstream out;
  const std::string apparmor =
      read_first_line("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
  if (apparmor == "1") {
    out << "AppArmor restricts unprivileged user namespaces "
           "(kernel.apparmor_restrict_unprivileged_userns = 1); allow them with "
           "`sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0`, or run tcplab as root. ";
  }
  const std::string clone = read_first_line("/proc/sys/kernel/unprivileged_userns_clone");
  if (clone == "0") {
    out << "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0); "
           "allow them with `sudo sysctl kernel.unprivileged_userns_clone=1`, or run tcplab as "
           "root. ";
  }
  const std::string max = read_first_line("/proc/sys/user/max_user_namespaces");
  if (max == "0") {
    out << "user namespaces are disabled (user.max_user_namespaces = 0); allow them with "
           "`sudo sysctl user.max_user_namespaces=10000`, or run tcplab as root. ";
  }
  std::string text = out.str();
  if (!text.empty()) text.pop_back();
  return text;
}

SandboxOutcome run_sandboxed_streamed(Isolation isolation,
                                      const std::function<AnswerWriter(int)>& body,
                                      const AnswerReader& reader, Duration hard_limit,
                                      const std::atomic<bool>* stop, const ForkHooks& hooks) {
  SandboxOutcome outcome;
  int answer[2];
  int stop_pipe[2];
  if (pipe2(answer, O_CLOEXEC) != 0) {
    outcome.message = std::string("pipe: ") + std::strerror(errno);
    return outcome;
  }
  if (pipe2(stop_pipe, O_CLOEXEC) != 0) {
    close(answer[0]);
    close(answer[1]);
    outcome.message = std::string("pipe: ") + std::strerror(errno);
    return outcome;
  }
  const pid_t parent = getpid();
  // Ctrl-C is the caller's to handle (tcplab's handler asks for a stop): the child ignores it,
  // and SIGINT stays blocked across fork() so that the caller's handler never runs in the child.
  sigset_t sigint;
  sigset_t old_mask;
  sigemptyset(&sigint);
  sigaddset(&sigint, SIGINT);
  pthread_sigmask(SIG_BLOCK, &sigint, &old_mask);
  if (hooks.before) hooks.before();
  const pid_t pid = fork();
  if (pid != 0 && hooks.after) hooks.after();  // the parent, whether or not fork() worked
  if (pid == 0) signal(SIGINT, SIG_IGN);
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  if (pid < 0) {
    outcome.message = std::string("fork: ") + std::strerror(errno);
    for (int fd : {answer[0], answer[1], stop_pipe[0], stop_pipe[1]}) close(fd);
    return outcome;
  }
  if (pid == 0) {
    // The child: dies with the parent, never outlives the run.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    close(answer[0]);
    close(stop_pipe[1]);
    if (isolation == Isolation::PrivateNamespace) {
      std::string why = enter_private_namespace();
      if (!why.empty()) {
        const std::string policy = namespace_policy_explanation();
        if (!policy.empty()) why += ". " + policy;
        send_and_exit(answer[1], kRefused, why);
      }
    }
    AnswerWriter writer;
    try {
      writer = body(stop_pipe[0]);
    } catch (const std::exception& e) {
      send_and_exit(answer[1], kFailed, e.what());
    }
    write_all(answer[1], &kAnswer, 1);
    bool written = false;
    {
      FdOut buffer(answer[1]);
      std::ostream out(&buffer);
      try {
        writer(out);
        written = static_cast<bool>(out.flush());
      } catch (...) {  // the parent sees the exit status; the answer is cut short anyway
      }
    }
    close(answer[1]);
    _exit(written ? 0 : kWriteFailedStatus);
  }

  close(answer[1]);
  close(stop_pipe[0]);
  PipeIn pipe(answer[0], pid, monotonic_now_ns() + hard_limit.count(), stop, stop_pipe[1]);
  const int kind = pipe.sbumpc();
  std::string read_error;
  std::string text;
  if (kind == kAnswer) {
    std::istream in(&pipe);
    try {
      reader(in);
    } catch (const std::exception& e) {
      read_error = e.what();
    }
    pipe.drain();  // lets the child finish writing (or the deadline kill it)
  } else if (kind != std::char_traits<char>::eof()) {
    text = pipe.rest(kMaxMessageBytes);
  }
  close(answer[0]);
  close(stop_pipe[1]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (pipe.killed()) {
    outcome.status = SandboxOutcome::Status::Killed;
    outcome.message = "the run passed its hard time limit of " + format_duration(hard_limit) +
                      " and was killed (its namespace went with it)";
    return outcome;
  }
  const std::string death = WIFSIGNALED(status)
                                ? "died of signal " + std::to_string(WTERMSIG(status))
                            : WIFEXITED(status) && WEXITSTATUS(status) != 0
                                ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                : "";
  if (kind == std::char_traits<char>::eof()) {
    outcome.status = SandboxOutcome::Status::Crashed;
    outcome.message =
        "the run's process " + (death.empty() ? "exited" : death) + " without an answer";
    return outcome;
  }
  if (kind == kAnswer) {
    if (death.empty() && read_error.empty()) {
      outcome.status = SandboxOutcome::Status::Finished;
      return outcome;
    }
    outcome.status = SandboxOutcome::Status::Crashed;
    outcome.message =
        death.empty() ? "the run's answer could not be read: " + read_error
                      : "the run's process " + death + " while sending its answer (" +
                            std::to_string(pipe.received()) + " bytes arrived)" +
                            (read_error.empty() ? "" : "; the answer breaks off at " + read_error);
    return outcome;
  }
  if (kind == kRefused) {
    outcome.status = SandboxOutcome::Status::NamespaceRefused;
    outcome.message = text;
  } else {
    outcome.status = SandboxOutcome::Status::Crashed;
    outcome.message = "the run failed: " + text;
  }
  return outcome;
}

SandboxOutcome run_sandboxed(Isolation isolation, const std::function<std::string(int)>& body,
                             Duration hard_limit, const std::atomic<bool>* stop,
                             const ForkHooks& hooks) {
  std::string payload;
  const auto streamed_body = [&body](int stop_fd) -> AnswerWriter {
    return [text = body(stop_fd)](std::ostream& out) { out << text; };
  };
  const auto read_all = [&payload](std::istream& in) {
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
      payload.append(buffer, static_cast<std::size_t>(in.gcount()));
  };
  SandboxOutcome outcome =
      run_sandboxed_streamed(isolation, streamed_body, read_all, hard_limit, stop, hooks);
  if (outcome.status == SandboxOutcome::Status::Finished) outcome.payload = std::move(payload);
  return outcome;
}

}  // namespace tcplab::real
