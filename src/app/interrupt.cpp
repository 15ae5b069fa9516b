#include "app/interrupt.h"

#include <cerrno>
#include <cstdint>

#include <fmt/core.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

namespace tcplab {

namespace {

sigset_t only_sigint() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  return mask;
}

// Reads the SIGINTs waiting on `fd` without blocking; returns how many there were.
int take_signals(int fd) {
  int taken = 0;
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, 0) > 0) {
    signalfd_siginfo info{};
    if (read(fd, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) break;
    ++taken;
  }
  return taken;
}

}  // namespace

std::mutex& interrupt_fork_lock() {
  static std::mutex lock;
  return lock;
}

StopOnInterrupt::StopOnInterrupt(std::function<void()> stop) : stop_(std::move(stop)) {
  struct sigaction current {};
  if (sigaction(SIGINT, nullptr, &current) != 0 || current.sa_handler == SIG_IGN) return;
  const sigset_t mask = only_sigint();
  if (pthread_sigmask(SIG_BLOCK, &mask, &old_mask_) != 0) return;
  signal_fd_ = signalfd(-1, &mask, SFD_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_CLOEXEC);
  if (signal_fd_ < 0 || wake_fd_ < 0) {
    // Without them Ctrl-C keeps its default: it ends tcplab, as before.
    if (signal_fd_ >= 0) close(signal_fd_);
    if (wake_fd_ >= 0) close(wake_fd_);
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
    return;
  }
  active_ = true;
  watcher_ = std::thread([this] { watch(); });  // inherits the blocked mask, as signalfd needs
}

StopOnInterrupt::~StopOnInterrupt() {
  if (!active_) return;
  const std::uint64_t one = 1;
  if (write(wake_fd_, &one, sizeof one) != static_cast<ssize_t>(sizeof one)) {
    // An eventfd write fails only when its counter is full; the watcher is awake then anyway.
  }
  watcher_.join();
  // A Ctrl-C after the watcher left is still the user's: counted, rather than ending tcplab
  // before it prints what ran.
  if (take_signals(signal_fd_) > 0) interrupted_.store(true);
  close(signal_fd_);
  close(wake_fd_);
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void StopOnInterrupt::watch() {
  pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if ((fds[1].revents & POLLIN) != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int signals = take_signals(signal_fd_);
    if (signals == 0) continue;
    if (!interrupted_.exchange(true) && signals == 1) {
      const std::lock_guard no_fork_meanwhile(interrupt_fork_lock());
      fmt::print(stderr,
                 "\ntcplab: Ctrl-C: stopping the run, then showing what ran (Ctrl-C again quits "
                 "at once)\n");
      stop_();
      continue;
    }
    // Asked twice: end as an interrupted program does, by SIGINT's default action.
    const sigset_t mask = only_sigint();
    signal(SIGINT, SIG_DFL);
    pthread_sigmask(SIG_UNBLOCK, &mask, nullptr);
    raise(SIGINT);
  }
}

}  // namespace tcplab
