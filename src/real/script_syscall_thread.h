#pragma once
// packetdrill's syscall thread: the host under test's socket calls, one at a time, on a thread of
// their own, so that a blocking call (`+0...0.200 read(...)`) blocks it while the script goes on.
// Each call comes back with when it was issued and returned, its result and errno, and how long
// the thread waited for a CPU meanwhile (run_queue_wait.*), so lateness can be blamed causally.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include <sys/types.h>

#include "core/errno_code.h"

namespace tcplab::real {

// One socket call as the syscall thread made it.
struct CallOutcome {
  std::int64_t issued_ns = 0;  // on the run's clock
  std::int64_t returned_ns = 0;
  std::int64_t value = 0;
  int system_errno = 0;
  std::int64_t cpu_wait_ns = 0;  // run-queue wait of the syscall thread during the call
  Errno so_error = Errno::None;  // getsockopt(SO_ERROR)'s value
  std::int64_t queued = 0;       // ioctl(SIOCINQ or SIOCOUTQ)'s value
};

// Whether thread `tid` of this process is asleep (blocked in a call), from the state field of its
// /proc stat file; a thread waiting for a CPU is runnable, not asleep.
bool thread_sleeping(pid_t tid);

class SyscallThread {
 public:
  SyscallThread();
  // Joins the thread: only when idle (a caller leaks a thread still blocked in a call).
  ~SyscallThread();
  SyscallThread(const SyscallThread&) = delete;
  SyscallThread& operator=(const SyscallThread&) = delete;

  // Runs `call` on the thread; busy() until it returns, then result() has it.
  void issue(std::function<CallOutcome()> call);
  bool busy() const { return busy_.load(); }
  std::optional<CallOutcome> result();
  pid_t tid() const { return tid_; }

 private:
  void loop();

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::function<CallOutcome()> call_;
  std::optional<CallOutcome> done_;
  std::atomic<bool> busy_{false};
  bool quit_ = false;
  pid_t tid_ = 0;
};

}  // namespace tcplab::real
