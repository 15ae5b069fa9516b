#pragma once
// How late the kernel ran its own timers. The delayed ACK, the retransmission timeout and
// TIME-WAIT's end are timer_list timers on the timer wheel, run from TIMER_SOFTIRQ on the tick
// after they are due. On a busy machine that tick can come late (a virtual CPU the hypervisor
// did not run, interrupts off) and the softirq can wait behind other softirq work or bottom
// halves held off — and no thread of the run waits on a run queue meanwhile, so nothing else
// measures it. So one sentinel thread per CPU sleeps one jiffy at a time on a timer of the same
// kind (SO_RCVTIMEO: schedule_timeout(), a timer_list) and measures how much later than a jiffy
// it woke, beyond its own wait for a CPU: how late a TCP timer on that CPU fired then.
#include <cstdint>
#include <memory>
#include <vector>

namespace tcplab::real {

// The lateness one sentinel saw: pure bookkeeping, no clock of its own.
class LatenessLog {
 public:
  // The sentinel woke at `woke_ns` (monotonic), its timer `late_ns` late.
  void record(std::int64_t woke_ns, std::int64_t late_ns);
  // The most any timer was late in the time from `since_ns` on: lateness that began before it
  // counts only for what came after.
  std::int64_t longest_since(std::int64_t since_ns) const;

 private:
  struct Late {
    std::int64_t woke_ns, late_ns;
  };
  std::vector<Late> lates_;
};

class KernelTimerLateness {
 public:
  KernelTimerLateness();   // starts a sentinel on every CPU this process may run on
  ~KernelTimerLateness();  // stops and joins them (within a jiffy)
  KernelTimerLateness(const KernelTimerLateness&) = delete;
  KernelTimerLateness& operator=(const KernelTimerLateness&) = delete;

  // The most a kernel timer on any CPU was late from the monotonic instant `since_ns` on: what
  // a segment sent by a timer then can be late by, the machine's doing. 0 where the kernel keeps
  // no schedstats (without them a late timer cannot be told from a wait for a CPU).
  std::int64_t longest_since(std::int64_t since_ns) const;
  // Whether every sentinel still running has woken after the monotonic instant `t_ns`: a late
  // tick is known only once it has come, so lateness up to `t_ns` is all in by then.
  bool seen_past(std::int64_t t_ns) const;
  // Waits until seen_past(t_ns), or until the monotonic instant `give_up_ns`.
  void wait_until_seen_past(std::int64_t t_ns, std::int64_t give_up_ns) const;
  // How many sentinels are running (one per CPU the process may use, where they could start).
  std::size_t sentinels() const;

 private:
  struct Sentinels;
  std::unique_ptr<Sentinels> sentinels_;
};

}  // namespace tcplab::real
