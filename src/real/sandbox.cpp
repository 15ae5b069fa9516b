#include "real/sandbox.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

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

// Message kinds on the pipe: one byte, then the text up to EOF.
constexpr char kAnswer = 'T';
constexpr char kRefused = 'E';

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

SandboxOutcome run_sandboxed(Isolation isolation, const std::function<std::string(int)>& body,
                             Duration hard_limit, const std::atomic<bool>* stop,
                             const ForkHooks& hooks) {
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
    std::string payload;
    try {
      payload = body(stop_pipe[0]);
    } catch (const std::exception& e) {
      send_and_exit(answer[1], 'X', e.what());
    }
    send_and_exit(answer[1], kAnswer, payload);
  }

  close(answer[1]);
  close(stop_pipe[0]);
  std::string received;
  const std::int64_t deadline = monotonic_now_ns() + hard_limit.count();
  bool killed = false;
  bool stop_sent = false;
  char buffer[65536];
  for (;;) {
    if (stop && stop->load() && !stop_sent) {
      const char byte = 's';
      write_all(stop_pipe[1], &byte, 1);
      stop_sent = true;
    }
    const std::int64_t now = monotonic_now_ns();
    if (now >= deadline) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    pollfd p{answer[0], POLLIN, 0};
    const int wait_ms =
        static_cast<int>(std::min<std::int64_t>((deadline - now) / 1'000'000 + 1, 50));
    const int ready = poll(&p, 1, wait_ms);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t n = read(answer[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is done
    received.append(buffer, static_cast<std::size_t>(n));
  }
  close(answer[0]);
  close(stop_pipe[1]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (killed) {
    outcome.status = SandboxOutcome::Status::Killed;
    outcome.message = "the run passed its hard time limit of " + format_duration(hard_limit) +
                      " and was killed (its namespace went with it)";
    return outcome;
  }
  if (received.empty()) {
    outcome.status = SandboxOutcome::Status::Crashed;
    outcome.message = WIFSIGNALED(status)
                          ? "the run's process died of signal " + std::to_string(WTERMSIG(status))
                          : "the run's process exited without an answer";
    return outcome;
  }
  const char kind = received[0];
  if (kind == kAnswer) {
    outcome.status = SandboxOutcome::Status::Finished;
    outcome.payload = received.substr(1);
  } else if (kind == kRefused) {
    outcome.status = SandboxOutcome::Status::NamespaceRefused;
    outcome.message = received.substr(1);
  } else {
    outcome.status = SandboxOutcome::Status::Crashed;
    outcome.message = "the run failed: " + received.substr(1);
  }
  return outcome;
}

}  // namespace tcplab::real
