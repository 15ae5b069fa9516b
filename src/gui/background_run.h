#pragma once
// One long job (a lesson on the real kernel: up to 75 s) on a thread of its own, so the frame
// loop keeps drawing: it shows the time so far, and a Stop button that asks the job to finish now
// with what it has. One job at a time; the result is handed over once, on the frame thread.
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

namespace tcplab::gui {

template <typename Result>
class BackgroundRun {
 public:
  // A finished job: its result, or the message of the exception it threw.
  using Outcome = std::variant<Result, std::string>;

  BackgroundRun() = default;
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;
  // Closing the window during a run stops it and waits for it (the kernel's child dies with it).
  ~BackgroundRun() {
    request_stop();
    if (thread_.joinable()) thread_.join();
  }

  // Starts `job` on a new thread; `stop` must be callable from any thread, before, during or
  // after the job, and make it return soon. False (and nothing started) if a job is running.
  bool start(std::function<Result()> job, std::function<void()> stop) {
    if (running()) return false;
    if (thread_.joinable()) thread_.join();
    {
      std::lock_guard lock(mutex_);
      outcome_.reset();
      stop_ = std::move(stop);
      stop_requested_ = false;
    }
    started_ = std::chrono::steady_clock::now();
    running_.store(true);
    thread_ = std::thread([this, job = std::move(job)] {
      Outcome outcome = run(job);
      std::lock_guard lock(mutex_);
      outcome_ = std::move(outcome);
      running_.store(false);
    });
    return true;
  }

  bool running() const { return running_.load(); }
  // Seconds since start() (the job's own clock may differ by its set-up time).
  double elapsed_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }

  void request_stop() {
    std::lock_guard lock(mutex_);
    if (!running_.load() || stop_requested_) return;
    stop_requested_ = true;
    if (stop_) stop_();
  }
  bool stop_requested() const {
    std::lock_guard lock(mutex_);
    return stop_requested_;
  }

  // The finished job's outcome, once; nothing while it runs or after it was taken.
  std::optional<Outcome> take() {
    std::lock_guard lock(mutex_);
    std::optional<Outcome> out = std::move(outcome_);
    outcome_.reset();
    return out;
  }

 private:
  static Outcome run(const std::function<Result()>& job) {
    try {
      return Outcome(std::in_place_index<0>, job());
    } catch (const std::exception& e) {
      return Outcome(std::in_place_index<1>, std::string(e.what()));
    } catch (...) {
      return Outcome(std::in_place_index<1>, std::string("the run failed (unknown exception)"));
    }
  }

  mutable std::mutex mutex_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  bool stop_requested_ = false;
  std::function<void()> stop_;
  std::optional<Outcome> outcome_;
  std::chrono::steady_clock::time_point started_{};
};

}  // namespace tcplab::gui
