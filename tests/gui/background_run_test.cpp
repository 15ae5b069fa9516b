// The kernel run's thread in the GUI: a job runs beside the frame loop, hands its result over
// once, can be stopped at any moment (even before it begins), and forks only while the frame
// loop is parked.
#include "gui/background_run.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "gui/fork_gate.h"

namespace tcplab::gui {
namespace {

using namespace std::chrono_literals;

// Polls `run` the way the frame loop does, for at most `limit`.
template <typename R>
std::optional<typename BackgroundRun<R>::Outcome> wait_for(BackgroundRun<R>& run,
                                                           std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (auto o = run.take()) return o;
    std::this_thread::sleep_for(1ms);
  }
  return std::nullopt;
}

TEST(BackgroundRun, HandsTheResultOverOnceOnTheCallersThread) {
  BackgroundRun<int> run;
  ASSERT_TRUE(run.start([] { return 42; }, [] {}));
  const auto outcome = wait_for(run, 5000ms);
  ASSERT_TRUE(outcome);
  ASSERT_EQ(outcome->index(), 0u);
  EXPECT_EQ(std::get<0>(*outcome), 42);
  EXPECT_FALSE(run.running());
  EXPECT_FALSE(run.take()) << "handed over once";
}

TEST(BackgroundRun, AnExceptionBecomesAMessage) {
  BackgroundRun<int> run;
  run.start([]() -> int { throw std::runtime_error("the kernel cannot run lesson 'x'"); }, [] {});
  const auto outcome = wait_for(run, 5000ms);
  ASSERT_TRUE(outcome);
  ASSERT_EQ(outcome->index(), 1u);
  EXPECT_EQ(std::get<1>(*outcome), "the kernel cannot run lesson 'x'");
}

TEST(BackgroundRun, StopAsksTheJobToFinishWithWhatItHas) {
  BackgroundRun<int> run;
  std::atomic<bool> stop{false};
  std::atomic<int> stop_calls{0};
  run.start(
      [&stop] {
        int steps = 0;
        while (!stop.load()) {
          std::this_thread::sleep_for(1ms);
          ++steps;
        }
        return steps >= 0 ? -1 : 0;  // "stopped early"
      },
      [&] {
        ++stop_calls;
        stop.store(true);
      });
  EXPECT_TRUE(run.running());
  EXPECT_FALSE(run.start([] { return 0; }, [] {})) << "one job at a time";
  run.request_stop();
  run.request_stop();  // a second press does nothing more
  EXPECT_TRUE(run.stop_requested());
  const auto outcome = wait_for(run, 5000ms);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(std::get<0>(*outcome), -1);
  EXPECT_EQ(stop_calls.load(), 1);
  EXPECT_FALSE(run.stop_requested() && run.running());
}

TEST(BackgroundRun, DestroyingItStopsAndJoinsARunningJob) {
  std::atomic<bool> stop{false};
  {
    BackgroundRun<int> run;
    run.start(
        [&stop] {
          while (!stop.load()) std::this_thread::sleep_for(1ms);
          return 0;
        },
        [&stop] { stop.store(true); });
  }  // would hang here if the job were not asked to stop
  EXPECT_TRUE(stop.load());
}

TEST(ForkGate, WithoutAFrameLoopAForkGoesAheadAtOnce) {
  ForkGate gate;
  const auto start = std::chrono::steady_clock::now();
  gate.before_fork();
  gate.after_fork();
  EXPECT_LT(std::chrono::steady_clock::now() - start, ForkGate::kParkTimeout);
  EXPECT_EQ(gate.parks(), 0);
  gate.park_if_asked();  // nothing asked: returns at once
}

TEST(ForkGate, AForkWaitsForTheFrameLoopToParkAndReleasesItAfter) {
  ForkGate gate;
  std::atomic<bool> woken{false};
  std::atomic<bool> in_fork{false};
  std::atomic<bool> frame_during_fork{false};
  std::atomic<bool> quit{false};
  gate.begin_frames([&woken] { woken.store(true); });
  std::thread frames([&] {
    while (!quit.load()) {
      if (in_fork.load()) frame_during_fork.store(true);  // "drawing" while the child is made
      std::this_thread::sleep_for(2ms);
      gate.park_if_asked();
    }
  });
  for (int i = 0; i < 3; ++i) {
    gate.before_fork();
    in_fork.store(true);
    std::this_thread::sleep_for(20ms);  // "fork()"
    in_fork.store(false);
    gate.after_fork();
  }
  quit.store(true);
  frames.join();
  gate.end_frames();
  EXPECT_TRUE(woken.load()) << "a sleeping loop is woken to park";
  EXPECT_EQ(gate.parks(), 3);
  EXPECT_FALSE(frame_during_fork.load()) << "the frame loop ran while the fork was under way";
}

}  // namespace
}  // namespace tcplab::gui
