#include "real/socket_observer.h"

#include "real/monotonic_clock.h"

namespace tcplab::real {

namespace {
// How far a TIME-WAIT deadline must move forward to count as a restart (sock_diag reports the
// remaining time in ms, and polls take time).
constexpr std::int64_t kTimerRestartNs = 100'000'000;
// A socket missed by one dump is gone only if a dump at least this much later misses it too: a
// poll right after a call can follow the previous one by microseconds, inside the same window in
// which the kernel swaps a full socket for its TIME-WAIT record.
constexpr std::int64_t kConfirmGoneNs = 1'000'000;
}  // namespace

SocketObserver::~SocketObserver() {
  if (thread_.joinable()) stop();
}

std::string SocketObserver::start(std::int64_t origin_ns) {
  origin_ns_ = origin_ns;
  std::string why = diag_.open();
  if (!why.empty()) return why;
  std::vector<DiagSocket> probe;
  if (!diag_.dump(probe)) return diag_.error();
  thread_ = std::thread([this] { loop(); });
  return "";
}

void SocketObserver::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_one();
}

void SocketObserver::poll_now() {
  // Each program thread dumps through its own netlink socket, so that it never waits behind the
  // polling thread (which a busy machine can preempt in the middle of a dump).
  thread_local SockDiag own;
  thread_local bool opened = own.open().empty();
  if (!opened) {
    poke();
    return;
  }
  poll_once(own);
}

void SocketObserver::restrict_to(std::set<std::uint16_t> ports, std::set<std::uint64_t> inodes) {
  std::lock_guard lock(filter_mutex_);
  restricted_ = true;
  ports_ = std::move(ports);
  inodes_ = std::move(inodes);
}

bool SocketObserver::ours(const DiagSocket& s) {
  std::lock_guard lock(filter_mutex_);
  if (!restricted_) return true;
  return inodes_.contains(s.inode) || ports_.contains(s.tuple.local.port) ||
         ports_.contains(s.tuple.remote.port);
}

void SocketObserver::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [this] { return poked_ || stopping_; });
    poked_ = false;
    if (stopping_) break;
    lock.unlock();
    poll_once(diag_);
    lock.lock();
  }
}

void SocketObserver::poll_once(SockDiag& diag) {
  std::vector<DiagSocket> now;
  // The dump reads each socket somewhere between its start and its end: the start bounds when a
  // change happened from below, the end is when it was seen.
  const std::int64_t started = monotonic_now_ns() - origin_ns_;
  const bool dumped = diag.dump(now);
  const std::int64_t t = monotonic_now_ns() - origin_ns_;
  std::lock_guard lock(poll_mutex_);
  if (!dumped) {
    if (error_.empty()) error_ = diag.error();
    return;
  }
  // Dumps from two threads can overlap: one that started before a dump already recorded knows
  // less than it, and would make sockets seem to go back in time.
  if (polls_ > 0 && started < last_poll_start_ns_) return;
  if (polls_ > 0) {
    const std::int64_t gap = std::max<std::int64_t>(0, t - last_poll_ns_);
    max_gap_ns_ = std::max(max_gap_ns_, gap);
    gap_sum_ns_ += gap;
  }
  ++polls_;
  std::map<FourTuple, DiagSocket> seen;
  for (const auto& s : now) {
    if (ours(s)) seen[s.tuple] = s;
  }
  for (const auto& [tuple, s] : seen) {
    auto it = current_.find(tuple);
    bool changed = it == current_.end() || it->second.state != s.state ||
                   it->second.inode != s.inode || it->second.timer != s.timer ||
                   it->second.retransmits != s.retransmits;
    // A TIME-WAIT timer that jumped forward was restarted (a retransmitted FIN re-ACKed) or
    // belongs to a new connection on the same four-tuple that came and went between polls.
    // An overdue timer (the wheel fires a 60 s timer up to seconds late) reports 0 ms left at
    // every poll: its deadline did not move.
    if (!changed && s.timer == DiagTimer::TimeWait && s.expires_ms > 0) {
      const std::int64_t deadline = t + std::int64_t{s.expires_ms} * 1'000'000;
      changed = deadline - deadlines_[tuple] > kTimerRestartNs;
    }
    if (s.timer == DiagTimer::TimeWait && (changed || !deadlines_.contains(tuple))) {
      deadlines_[tuple] = t + std::int64_t{s.expires_ms} * 1'000'000;
    }
    if (!changed) continue;
    changes_.push_back(DiagChange{t,
                                  last_poll_start_ns_,
                                  tuple,
                                  true,
                                  s.inode,
                                  s.state,
                                  s.timer,
                                  s.expires_ms,
                                  s.retransmits,
                                  {}});
  }
  // A dump can skip a socket that moves inside its hash chain meanwhile (a full socket replaced
  // by its TIME-WAIT record): a socket counts as gone only when two polls in a row, at least
  // kConfirmGoneNs apart, miss it, and then from the first of them.
  std::map<FourTuple, DiagSocket> next = seen;
  for (const auto& [tuple, s] : current_) {
    if (seen.contains(tuple)) {
      missing_.erase(tuple);
      continue;
    }
    auto first_miss = missing_.find(tuple);
    if (first_miss == missing_.end()) {
      missing_[tuple] = {t, last_poll_start_ns_};
      next.emplace(tuple, s);
      continue;
    }
    if (t - first_miss->second.first < kConfirmGoneNs) {
      next.emplace(tuple, s);  // too soon to tell
      continue;
    }
    record_gone(tuple, s, first_miss->second.first, first_miss->second.second);
    missing_.erase(first_miss);
  }
  current_ = std::move(next);
  live_.store(current_.size());
  last_poll_ns_ = t;
  last_poll_start_ns_ = started;
}

void SocketObserver::record_gone(const FourTuple& tuple, const DiagSocket& s, std::int64_t t,
                                 std::int64_t prev_start) {
  deadlines_.erase(tuple);
  changes_.push_back(DiagChange{
      t, prev_start, tuple, false, s.inode, s.state, DiagTimer::None, 0, s.retransmits, {}});
}

std::vector<DiagChange> SocketObserver::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  poll_once(diag_);
  sleep_until_ns(monotonic_now_ns() + kConfirmGoneNs);
  poll_once(
      diag_);  // a socket missed once by the last poll is confirmed gone (or back) by this one
  return changes_;
}

}  // namespace tcplab::real
