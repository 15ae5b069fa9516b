#pragma once
// Watches every TCP socket of the namespace through sock_diag: polls at a short interval on its
// own thread, and on a program's thread right after a call that can change a socket (a busy
// machine can starve the polling thread for tens of milliseconds; the caller is running anyway),
// and records each change of state, timer or owner per four-tuple, and each disappearance.
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "real/sock_diag.h"

namespace tcplab::real {

class SocketObserver {
 public:
  explicit SocketObserver(Duration interval) : interval_(interval) {}
  ~SocketObserver();
  SocketObserver(const SocketObserver&) = delete;
  SocketObserver& operator=(const SocketObserver&) = delete;

  // Opens sock_diag and starts polling; "" or why it cannot. Times are relative to `origin_ns`.
  std::string start(std::int64_t origin_ns);
  // Ask the polling thread to poll soon.
  void poke();
  // Poll now, on the calling thread (right after a call that can change a socket returns).
  void poll_now();
  // Stops after one last poll; returns the changes in time order.
  std::vector<DiagChange> stop();
  // Sockets the last poll saw (limited to those `keep` accepts, see set_filter()).
  std::size_t live_sockets() const { return live_.load(); }
  // Host loopback mode: only sockets whose local or remote port is in `ports` or whose inode is
  // in `inodes` are ours; updated as the programs create sockets.
  void restrict_to(std::set<std::uint16_t> ports, std::set<std::uint64_t> inodes);

  std::uint64_t polls() const { return polls_; }
  std::int64_t max_gap_ns() const { return max_gap_ns_; }
  std::int64_t mean_gap_ns() const {
    return polls_ > 1 ? gap_sum_ns_ / static_cast<std::int64_t>(polls_ - 1) : 0;
  }
  const std::string& error() const { return error_; }

 private:
  void loop();
  void poll_once(SockDiag& diag);  // dumps through `diag`, then records under poll_mutex_
  bool ours(const DiagSocket& s);
  void record_gone(const FourTuple& tuple, const DiagSocket& s, std::int64_t t,
                   std::int64_t prev_start);

  Duration interval_;
  std::int64_t origin_ns_ = 0;
  SockDiag diag_;
  std::thread thread_;
  std::mutex mutex_;
  std::mutex poll_mutex_;  // guards what the dumps are recorded into (below), not the dumps
  std::condition_variable wake_;
  bool poked_ = false;
  bool stopping_ = false;
  std::atomic<std::size_t> live_{0};
  std::map<FourTuple, DiagSocket> current_;
  std::map<FourTuple, std::int64_t> deadlines_;  // TIME-WAIT deadlines last recorded
  // Sockets the last poll missed once: when (that poll, and the start of the one before).
  std::map<FourTuple, std::pair<std::int64_t, std::int64_t>> missing_;
  std::vector<DiagChange> changes_;
  std::int64_t last_poll_ns_ = 0;
  std::int64_t last_poll_start_ns_ = 0;
  std::uint64_t polls_ = 0;
  std::int64_t max_gap_ns_ = 0;
  std::int64_t gap_sum_ns_ = 0;
  std::string error_;
  bool restricted_ = false;
  std::set<std::uint16_t> ports_;
  std::set<std::uint64_t> inodes_;
  std::mutex filter_mutex_;
};

}  // namespace tcplab::real
