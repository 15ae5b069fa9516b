#pragma once
// Ctrl-C during a kernel run: the run is asked to stop and returns what it has, which tcplab then
// prints, instead of the process dying with nothing shown.
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include <signal.h>

namespace tcplab {

// Held by the watcher while it prints and asks for the stop, and by the kernel run around each of
// its fork()s: a child forked while the watcher held stdio's or malloc's lock would inherit that
// lock held and hang (seen under ASan on a busy machine, Ctrl-C arriving as the run began).
std::mutex& interrupt_fork_lock();

// While it lives, the first SIGINT (Ctrl-C) calls `stop` on a thread of its own instead of
// killing the process; a second one kills it as usual. SIGINT is blocked and read from a
// signalfd, so the run's forked children, which inherit the mask, are not interrupted inside
// their socket calls. Does nothing where SIGINT is ignored already (a background job).
class StopOnInterrupt {
 public:
  explicit StopOnInterrupt(std::function<void()> stop);
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

  bool interrupted() const { return interrupted_.load(); }

 private:
  void watch();

  std::function<void()> stop_;
  std::atomic<bool> interrupted_{false};
  bool active_ = false;
  sigset_t old_mask_{};
  int signal_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: the run is over, the watcher may go
  std::thread watcher_;
};

}  // namespace tcplab
