#include "real/kernel_timer_lateness.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

#include <sched.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "real/monotonic_clock.h"
#include "real/run_queue_wait.h"

namespace tcplab::real {

namespace {
// A timer normally wakes its thread tens of microseconds after the tick; only more is kept.
constexpr std::int64_t kNoiseNs = 100'000;

// One jiffy: CLOCK_MONOTONIC_COARSE advances once a tick (its resolution is TICK_NSEC).
std::optional<std::int64_t> jiffy_ns() {
  timespec resolution{};
  if (clock_getres(CLOCK_MONOTONIC_COARSE, &resolution) != 0) return std::nullopt;
  const std::int64_t ns = resolution.tv_sec * 1'000'000'000LL + resolution.tv_nsec;
  if (ns < 1'000'000 || ns > 10'000'000) return std::nullopt;  // CONFIG_HZ 100..1000
  return ns;
}
}  // namespace

void LatenessLog::record(std::int64_t woke_ns, std::int64_t late_ns) {
  if (late_ns > kNoiseNs) lates_.push_back({woke_ns, late_ns});
}

std::int64_t LatenessLog::longest_since(std::int64_t since_ns) const {
  std::int64_t longest = 0;
  for (auto it = lates_.rbegin(); it != lates_.rend() && it->woke_ns > since_ns; ++it)
    longest = std::max(longest, std::min(it->late_ns, it->woke_ns - since_ns));
  return longest;
}

struct KernelTimerLateness::Sentinels {
  struct Cpu {
    mutable std::mutex mutex;
    LatenessLog log;
    // When its sentinel last woke; the end of time once it has stopped.
    std::atomic<std::int64_t> last_woke{0};
  };
  std::vector<std::unique_ptr<Cpu>> cpus;
  std::vector<std::thread> threads;
  std::atomic<bool> stop{false};

  Sentinels() = default;
  Sentinels(const Sentinels&) = delete;
  Sentinels& operator=(const Sentinels&) = delete;
  ~Sentinels() {  // here, so that a constructor that throws half way joins too
    stop = true;
    for (std::thread& t : threads) t.join();
  }

  // One sentinel, pinned to `cpu`: it measures until stopped, or from where it cannot.
  static void watch(std::size_t cpu, std::int64_t jiffy, Cpu& into,
                    const std::atomic<bool>& stopping) {
    into.last_woke = monotonic_now_ns();
    cpu_set_t only;
    CPU_ZERO(&only);
    CPU_SET(cpu, &only);
    int pair[2];
    if (sched_setaffinity(0, sizeof only, &only) == 0 &&
        socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) == 0) {
      // The shortest receive timeout rounds up to one jiffy (sock_set_timeout()); nothing is
      // ever sent, so each recv() is one schedule_timeout() on the timer wheel.
      const timeval one_microsecond{0, 1};
      if (setsockopt(pair[0], SOL_SOCKET, SO_RCVTIMEO, &one_microsecond,
                     sizeof one_microsecond) == 0)
        sleep_jiffies(pair[0], jiffy, into, stopping);
      close(pair[0]);
      close(pair[1]);
    }
    into.last_woke = std::numeric_limits<std::int64_t>::max();  // no longer waited for
  }

  static void sleep_jiffies(int fd, std::int64_t jiffy, Cpu& into,
                            const std::atomic<bool>& stopping) {
    const RunQueueWait run_queue;
    std::optional<std::int64_t> waited = run_queue.total_ns();
    std::int64_t woke = monotonic_now_ns();
    while (waited && !stopping.load(std::memory_order_relaxed)) {
      char byte = 0;
      if (recv(fd, &byte, 1, 0) >= 0) return;
      const std::int64_t before = woke;
      woke = monotonic_now_ns();
      const std::optional<std::int64_t> waited_now = run_queue.total_ns();
      if (!waited_now) return;
      // Armed just after one tick, the timer is due at the next: a jiffy after the last wake at
      // the latest. Anything more, not spent waiting for a CPU, is the timer's lateness.
      const std::int64_t late = woke - before - jiffy - (*waited_now - *waited);
      waited = waited_now;
      {
        const std::lock_guard lock(into.mutex);
        into.log.record(woke, late);
      }
      into.last_woke = woke;
    }
  }
};

KernelTimerLateness::KernelTimerLateness() : sentinels_(std::make_unique<Sentinels>()) {
  const std::optional<std::int64_t> jiffy = jiffy_ns();
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (!jiffy || sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  for (std::size_t cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed)) continue;
    sentinels_->cpus.push_back(std::make_unique<Sentinels::Cpu>());
    Sentinels::Cpu& into = *sentinels_->cpus.back();
    const std::atomic<bool>& stopping = sentinels_->stop;
    sentinels_->threads.emplace_back(
        [cpu, jiffy = *jiffy, &into, &stopping] { Sentinels::watch(cpu, jiffy, into, stopping); });
  }
}

KernelTimerLateness::~KernelTimerLateness() = default;

std::int64_t KernelTimerLateness::longest_since(std::int64_t since_ns) const {
  std::int64_t longest = 0;
  for (const auto& cpu : sentinels_->cpus) {
    const std::lock_guard lock(cpu->mutex);
    longest = std::max(longest, cpu->log.longest_since(since_ns));
  }
  return longest;
}

bool KernelTimerLateness::seen_past(std::int64_t t_ns) const {
  return std::all_of(sentinels_->cpus.begin(), sentinels_->cpus.end(),
                     [t_ns](const auto& cpu) { return cpu->last_woke.load() > t_ns; });
}

void KernelTimerLateness::wait_until_seen_past(std::int64_t t_ns, std::int64_t give_up_ns) const {
  while (!seen_past(t_ns) && monotonic_now_ns() < give_up_ns)
    sleep_until_ns(monotonic_now_ns() + 200'000);
}

std::size_t KernelTimerLateness::sentinels() const { return sentinels_->threads.size(); }

}  // namespace tcplab::real
