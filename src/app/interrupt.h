#pragma once
// Ctrl-C during a kernel run: the run is asked to stop and returns what it has, which tcplab then
// prints, instead of the process dying with nothing shown.
#include <atomic>

#include <signal.h>

namespace tcplab {

// While it lives, the first SIGINT (Ctrl-C) says so on stderr and sets `stop` (the kernel
// backend's stop request) from a signal handler; a second one ends tcplab as usual. A handler,
// not a watcher thread: the run forks, and a child forked from a process with more threads can
// inherit a lock some other thread held (libasan before LLVM 18 has no fork handlers, and hung
// the child until its hard limit). The run's sandbox ignores SIGINT itself (sandbox.cpp).
// Does nothing where SIGINT is ignored already (a background job). One at a time.
class StopOnInterrupt {
 public:
  explicit StopOnInterrupt(std::atomic<bool>& stop);
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

  bool interrupted() const;

 private:
  bool active_ = false;
  struct sigaction old_action_ {};
};

}  // namespace tcplab
