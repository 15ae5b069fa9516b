#pragma once
// The kernel backend: runs a Scenario's programs as real socket calls on loopback, inside a
// private network namespace made for the run, and returns what the kernel did as a Trace —
// segments captured on lo, states and timers polled through sock_diag, calls and their errno.
#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "scenario/backend.h"

namespace tcplab {

// The scenario cannot run on this kernel (random loss, a delay with no netfilter queue, a fault
// needs a namespace that could not be made ...). reasons() has one sentence per cause.
class KernelCannotRun : public std::runtime_error {
 public:
  explicit KernelCannotRun(std::vector<std::string> reasons);
  const std::vector<std::string>& reasons() const { return reasons_; }

 private:
  std::vector<std::string> reasons_;
};

struct KernelBackendOptions {
  Duration poll_interval = std::chrono::milliseconds(1);  // sock_diag
  // When neither the run options nor the scenario bound the run: long enough for TIME-WAIT's
  // 60 s to expire.
  Duration default_time_limit = std::chrono::seconds(75);
  // Run on the host's loopback without a namespace, as when namespaces are refused (tests use
  // it inside a namespace of their own).
  bool force_host_loopback = false;
  // When no namespace can be made, run on the host's loopback anyway (what a teacher wants); a
  // test that must not touch the host turns this off and gets KernelCannotRun instead.
  bool allow_host_fallback = true;
  // Called in this process just before and just after each fork() of the run's sandbox, on the
  // thread that calls run(): a caller with other threads (the GUI's frame loop) parks them there
  // so that none holds a lock (malloc's, the sanitizers') the forked child would inherit held.
  std::function<void()> before_fork;
  std::function<void()> after_fork;
};

class KernelBackend final : public Backend {
 public:
  explicit KernelBackend(KernelBackendOptions options = {}) : options_(std::move(options)) {}
  std::string name() const override { return "kernel"; }
  // Throws ScenarioError for a bad scenario, KernelCannotRun when this kernel cannot run it, and
  // std::runtime_error when the run itself failed. A run stopped by its time limit or by
  // request_stop() returns completed = false, with a warning saying so.
  RunResult run(const Scenario& scenario, const RunOptions& options) override;
  // Why this scenario cannot run here; empty if it can (namespaces are checked by running).
  std::vector<std::string> cannot_run(const Scenario& scenario, const RunOptions& options) const;
  // Asks a run in progress (on another thread) to stop now; it returns what it has. A stop asked
  // for before run() begins stops that run as soon as it starts; the request is used up when
  // run() returns.
  void request_stop() { stop_.store(true); }
  // The request itself, for a signal handler: storing true is request_stop().
  std::atomic<bool>& stop_request() { return stop_; }

 private:
  KernelBackendOptions options_;
  std::atomic<bool> stop_{false};
};

}  // namespace tcplab
