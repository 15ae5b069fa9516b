#include "real/socket_observer.h"

#include "real/monotonic_clock.h"

namespace tcplab::real {

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
    poll_once();
    lock.lock();
  }
}

void SocketObserver::poll_once() {
  std::vector<DiagSocket> now;
  // The dump reads each socket somewhere between its start and its end: the start bounds when a
  // change happened from below, the end is when it was seen.
  const std::int64_t started = monotonic_now_ns() - origin_ns_;
  if (!diag_.dump(now)) {
    if (error_.empty()) error_ = diag_.error();
    return;
  }
  const std::int64_t t = monotonic_now_ns() - origin_ns_;
  if (polls_ > 0) {
    max_gap_ns_ = std::max(max_gap_ns_, t - last_poll_ns_);
    gap_sum_ns_ += t - last_poll_ns_;
  }
  ++polls_;
  std::map<FourTuple, DiagSocket> seen;
  for (const auto& s : now) {
    if (ours(s)) seen[s.tuple] = s;
  }
  for (const auto& [tuple, s] : seen) {
    auto it = current_.find(tuple);
    const bool changed = it == current_.end() || it->second.state != s.state ||
                         it->second.inode != s.inode || it->second.timer != s.timer ||
                         it->second.retransmits != s.retransmits;
    if (!changed) continue;
    changes_.push_back(DiagChange{t, last_poll_start_ns_, tuple, true, s.inode, s.state, s.timer,
                                  s.expires_ms, s.retransmits});
  }
  for (const auto& [tuple, s] : current_) {
    if (seen.contains(tuple)) continue;
    changes_.push_back(DiagChange{t, last_poll_start_ns_, tuple, false, s.inode, s.state, DiagTimer::None, 0,
                                  s.retransmits});
  }
  current_ = std::move(seen);
  live_.store(current_.size());
  last_poll_ns_ = t;
  last_poll_start_ns_ = started;
}

std::vector<DiagChange> SocketObserver::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  poll_once();
  return changes_;
}

}  // namespace tcplab::real
