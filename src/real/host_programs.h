#pragma once
// The lesson's applications as real programs: one thread per host, each making its Program's
// socket calls for real (blocking like a real program), with the steps' timing honoured, and every
// call recorded as the model records it.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "real/run_record.h"
#include "scenario/scenario.h"

namespace tcplab::real {

class HostPrograms {
 public:
  // `after_call` runs on the calling thread right after each call returns (the observer's poll,
  // injections timed after the step), with the step and its return (relative ns).
  // No call is issued at or after `deadline_ns` (relative): the run's time limit stops the
  // programs however many calls remain.
  HostPrograms(const Scenario& scenario, std::int64_t origin_ns, std::int64_t deadline_ns,
               std::function<void(const Step&, std::int64_t)> after_call);
  ~HostPrograms();
  HostPrograms(const HostPrograms&) = delete;
  HostPrograms& operator=(const HostPrograms&) = delete;

  void start();
  // Waits until every program has finished, `deadline_ns` (relative) passes, or `stop_fd` becomes
  // readable, or `give_up` says so (checked as often as stop_fd). True if every program finished.
  bool wait(std::int64_t deadline_ns, int stop_fd, const std::function<bool()>& give_up = {});
  // Lets threads still blocked in a call go (the sandbox's exit ends them).
  void abandon();

  // Copies of what was recorded so far.
  void collect(RunRecord& record) const;
  // Ports and socket inodes the programs use (host loopback mode filters sock_diag with them).
  std::set<std::uint16_t> ports() const;
  std::set<std::uint64_t> inodes() const;
  // When the last call returned (relative ns).
  std::int64_t last_return_ns() const;

 private:
  struct HostState;
  struct Shared;
  void run_program(const Program& program);

  const Scenario& scenario_;
  std::int64_t origin_ns_;
  std::int64_t deadline_ns_;
  std::function<void(const Step&, std::int64_t)> after_call_;
  std::shared_ptr<Shared> shared_;
  std::vector<std::thread> threads_;
};

}  // namespace tcplab::real
