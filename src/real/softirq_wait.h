#pragma once
// How long the kernel's softirq threads (ksoftirqd/N) have waited for a CPU, summed: a segment
// written onto lo is processed in softirq context, and when that work is deferred to ksoftirqd on
// a busy machine, the host's answer waits for ksoftirqd to get a CPU. A late answer can then be
// blamed on the machine, measured, as RunQueueWait does for the run's own threads.
#include <cstdint>
#include <vector>

namespace tcplab::real {

class SoftirqWait {
 public:
  SoftirqWait();  // finds every ksoftirqd thread in /proc and opens its schedstat
  ~SoftirqWait();
  SoftirqWait(const SoftirqWait&) = delete;
  SoftirqWait& operator=(const SoftirqWait&) = delete;

  // Each ksoftirqd thread's run-queue wait so far, in nanoseconds.
  std::vector<std::int64_t> waits_ns() const;
  // The longest any one of them has waited since `before` (a waits_ns() result): an upper bound
  // on how long one segment's processing waited, whichever CPU it was on.
  std::int64_t longest_since(const std::vector<std::int64_t>& before) const;

 private:
  std::vector<int> fds_;
};

}  // namespace tcplab::real
