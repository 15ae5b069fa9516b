#pragma once
// How long the calling thread has waited for a CPU so far: the second field of
// /proc/thread-self/schedstat (run_delay, the time spent runnable on a run queue but not running;
// kernel/sched/stats.h). A program that is late on a busy machine says by how much, so that a
// comparison can tell the machine's delays from TCP's.
#include <cstdint>
#include <optional>

namespace tcplab::real {

class RunQueueWait {
 public:
  RunQueueWait();  // opens this thread's schedstat; use it on the thread that made it
  ~RunQueueWait();
  RunQueueWait(const RunQueueWait&) = delete;
  RunQueueWait& operator=(const RunQueueWait&) = delete;

  // Nanoseconds this thread has waited for a CPU since it started; nullopt where the kernel does
  // not keep schedstats (CONFIG_SCHED_INFO off).
  std::optional<std::int64_t> total_ns() const;

 private:
  int fd_ = -1;
};

}  // namespace tcplab::real
