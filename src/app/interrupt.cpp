#include "app/interrupt.h"

#include <cerrno>

#include <unistd.h>

namespace tcplab {

namespace {

// What the handler touches: lock-free atomics only (async-signal-safe).
std::atomic<std::atomic<bool>*> g_stop{nullptr};
std::atomic<int> g_interrupts{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

constexpr char kStopping[] =
    "\ntcplab: Ctrl-C: stopping the run, then showing what ran (Ctrl-C again quits at once)\n";

void on_sigint(int) {
  if (g_interrupts.fetch_add(1) == 0) {
    const int saved = errno;  // the interrupted code may be about to read it
    if (write(STDERR_FILENO, kStopping, sizeof kStopping - 1) < 0) {
      // Nothing to do: the stop below matters more than the message.
    }
    errno = saved;
    if (std::atomic<bool>* stop = g_stop.load()) stop->store(true);
    return;
  }
  // Asked twice: end as an interrupted program does, by SIGINT's default action.
  signal(SIGINT, SIG_DFL);
  raise(SIGINT);
}

}  // namespace

StopOnInterrupt::StopOnInterrupt(std::atomic<bool>& stop) {
  struct sigaction current {};
  if (sigaction(SIGINT, nullptr, &current) != 0 || current.sa_handler == SIG_IGN) return;
  g_interrupts.store(0);
  g_stop.store(&stop);
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // the run's reads and writes go on; its poll() sees EINTR
  active_ = sigaction(SIGINT, &action, &old_action_) == 0;
}

StopOnInterrupt::~StopOnInterrupt() {
  if (!active_) return;
  sigaction(SIGINT, &old_action_, nullptr);
  g_stop.store(nullptr);
}

bool StopOnInterrupt::interrupted() const { return active_ && g_interrupts.load() > 0; }

}  // namespace tcplab
