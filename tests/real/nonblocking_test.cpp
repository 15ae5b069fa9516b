// Non-blocking sockets on both backends: the model, and the real kernel when a namespace can be
// made. The same errno values, the same segments, the same states.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "linux_facts_lessons.h"
#include "scenario/model_backend.h"

namespace tcplab::testing {
namespace {

using ::testing::ElementsAre;

RunResult run_model(const Scenario& scenario, Duration limit) {
  ModelBackend model;
  RunOptions options;
  options.time_limit = limit;
  options.profile = "linux";
  return model.run(scenario, options);
}

void expect_close_while_connecting(const Trace& t) {
  EXPECT_THAT(segments(t), ElementsAre("c>s S 0 0 dropped")) << ladder(t);
  EXPECT_THAT(states(t, "client#1"), ElementsAre("SYN-SENT", "CLOSED")) << ladder(t);
  ASSERT_TRUE(call(t, "client.connect") && call(t, "client.connect_again") &&
              call(t, "client.close"))
      << ladder(t);
  EXPECT_EQ(call(t, "client.connect")->error, Errno::InProgress) << ladder(t);
  EXPECT_EQ(call(t, "client.connect_again")->error, Errno::AlreadyInProgress) << ladder(t);
  EXPECT_EQ(call(t, "client.close")->result, 0) << ladder(t);
}

void expect_nonblocking_calls(const Trace& t) {
  ASSERT_TRUE(call(t, "server.accept_early") && call(t, "server.accept") &&
              call(t, "client.connect") && call(t, "client.connect_again") &&
              call(t, "client.recv"))
      << ladder(t);
  EXPECT_EQ(call(t, "server.accept_early")->error, Errno::WouldBlock) << ladder(t);
  EXPECT_EQ(call(t, "client.connect")->error, Errno::InProgress) << ladder(t);
  EXPECT_EQ(call(t, "client.connect_again")->result, 0) << ladder(t);
  EXPECT_EQ(call(t, "client.recv")->error, Errno::WouldBlock) << ladder(t);
  EXPECT_EQ(call(t, "server.accept")->endpoint, "server#2") << ladder(t);
  // The accepted socket does not inherit O_NONBLOCK: its recv() waits for the client's FIN.
  EXPECT_EQ(call(t, "server.recv")->result, 0) << ladder(t);
}

TEST(Nonblocking, CloseWhileConnectingOnTheModel) {
  expect_close_while_connecting(run_model(close_while_connecting(), 400ms).trace);
}

TEST(Nonblocking, CloseWhileConnectingOnTheKernel) {
  RUN_KERNEL(r, close_while_connecting(), 400ms);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_close_while_connecting(r.trace);
}

TEST(Nonblocking, CallsThatWouldWaitOnTheModel) {
  expect_nonblocking_calls(run_model(nonblocking_calls(), 400ms).trace);
}

TEST(Nonblocking, CallsThatWouldWaitOnTheKernel) {
  RUN_KERNEL(r, nonblocking_calls(), 400ms);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_nonblocking_calls(r.trace);
}

}  // namespace
}  // namespace tcplab::testing
