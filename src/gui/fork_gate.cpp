#include "gui/fork_gate.h"

namespace tcplab::gui {

void ForkGate::begin_frames(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
  loop_running_ = true;
}

void ForkGate::end_frames() {
  std::lock_guard lock(mutex_);
  loop_running_ = false;
  wake_ = nullptr;
  changed_.notify_all();
}

void ForkGate::park_if_asked() {
  std::unique_lock lock(mutex_);
  if (!fork_waiting_) return;
  parked_for_ = fork_number_;
  ++parks_;
  changed_.notify_all();
  // Until that fork is done (the next may already be asking: the loop draws a frame first).
  changed_.wait(lock, [this] { return done_ >= parked_for_; });
}

void ForkGate::before_fork() {
  std::unique_lock lock(mutex_);
  fork_waiting_ = true;
  ++fork_number_;
  if (!loop_running_) return;
  if (wake_) wake_();
  changed_.wait_for(lock, kParkTimeout,
                    [this] { return parked_for_ == fork_number_ || !loop_running_; });
}

void ForkGate::after_fork() {
  std::lock_guard lock(mutex_);
  fork_waiting_ = false;
  done_ = fork_number_;
  changed_.notify_all();
}

int ForkGate::parks() const {
  std::lock_guard lock(mutex_);
  return parks_;
}

}  // namespace tcplab::gui
