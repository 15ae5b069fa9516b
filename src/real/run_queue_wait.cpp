#include "real/run_queue_wait.h"

#include <cstdio>
#include <cstdlib>

#include <fcntl.h>
#include <unistd.h>

namespace tcplab::real {

RunQueueWait::RunQueueWait() : fd_(open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC)) {}

RunQueueWait::~RunQueueWait() {
  if (fd_ >= 0) close(fd_);
}

std::optional<std::int64_t> RunQueueWait::total_ns() const {
  if (fd_ < 0) return std::nullopt;
  char buf[96];
  // "<on-cpu ns> <run-queue wait ns> <timeslices>\n", read afresh from offset 0 each time.
  const ssize_t n = pread(fd_, buf, sizeof buf - 1, 0);
  if (n <= 0) return std::nullopt;
  buf[n] = '\0';
  long long on_cpu = 0;
  long long waited = 0;
  if (std::sscanf(buf, "%lld %lld", &on_cpu, &waited) != 2) return std::nullopt;
  return waited;
}

}  // namespace tcplab::real
