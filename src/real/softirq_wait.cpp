#include "real/softirq_wait.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace tcplab::real {

SoftirqWait::SoftirqWait() {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string pid = entry.path().filename().string();
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream comm(entry.path() / "comm");
    std::string name;
    if (!std::getline(comm, name) || name.rfind("ksoftirqd/", 0) != 0) continue;
    const int fd = open((entry.path() / "schedstat").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) fds_.push_back(fd);
  }
}

SoftirqWait::~SoftirqWait() {
  for (int fd : fds_) close(fd);
}

std::vector<std::int64_t> SoftirqWait::waits_ns() const {
  std::vector<std::int64_t> waits;
  for (int fd : fds_) {
    std::int64_t waited_ns = 0;
    char buf[96];
    // "<on-cpu ns> <run-queue wait ns> <timeslices>\n" (kernel/sched/stats.c), read afresh.
    const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n > 0) {
      buf[n] = '\0';
      long long on_cpu = 0;
      long long waited = 0;
      if (std::sscanf(buf, "%lld %lld", &on_cpu, &waited) == 2) waited_ns = waited;
    }
    waits.push_back(waited_ns);
  }
  return waits;
}

std::int64_t SoftirqWait::longest_since(const std::vector<std::int64_t>& before) const {
  const std::vector<std::int64_t> now = waits_ns();
  std::int64_t longest = 0;
  for (std::size_t i = 0; i < now.size() && i < before.size(); ++i)
    longest = std::max(longest, now[i] - before[i]);
  return longest;
}

}  // namespace tcplab::real
