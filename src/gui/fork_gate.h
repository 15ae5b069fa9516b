#pragma once
// Where the GUI's frame loop and a kernel run meet around fork(). fork() copies only the calling
// thread; a lock another thread held at that instant (malloc's, a sanitizer's) stays held in the
// child forever. So the worker that forks asks the frame loop to park between frames — where it
// holds no lock — forks, and lets it go; the frame stops for about a millisecond.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace tcplab::gui {

class ForkGate {
 public:
  // How long a fork waits for the frame loop to park before going ahead anyway (a loop that
  // stopped drawing without saying so must not hang the run).
  static constexpr std::chrono::milliseconds kParkTimeout{1000};

  // The frame loop: it runs (and parks when asked) from begin_frames() to end_frames(). `wake`
  // interrupts its wait for input (glfwPostEmptyEvent), so a sleeping loop parks promptly.
  void begin_frames(std::function<void()> wake);
  void end_frames();
  // The frame loop, between frames: if a fork is waiting, parks until it is done.
  void park_if_asked();

  // The forking thread, around fork(): waits until the frame loop is parked (at once when no
  // loop runs), then lets it go again.
  void before_fork();
  void after_fork();

  // For tests: how many times the frame loop parked.
  int parks() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::function<void()> wake_;
  bool loop_running_ = false;
  bool fork_waiting_ = false;
  // Each fork has a number; the loop parked for the one it names (not an earlier one).
  std::uint64_t fork_number_ = 0;
  std::uint64_t parked_for_ = 0;
  std::uint64_t done_ = 0;  // the last fork that finished
  int parks_ = 0;
};

}  // namespace tcplab::gui
