// What the kernel backend sees of sockets no program holds, on the real kernel: a connection in
// the accept queue that was never accept()ed, a socket numbered as the model numbers it, a
// connect() refused before any sock_diag poll, a listener that lives less than a poll, and a
// host's RST from no socket (the lesson-format issue's points 7, 8, 9 and 11).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "linux_facts_lessons.h"
#include "real/kernel_backend.h"

namespace tcplab::testing {
namespace {

using ::testing::ElementsAre;

// The endpoint that sent the first segment with these flags.
std::string sender_of_first(const Trace& t, TcpFlags flags) {
  for (const auto& e : t.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body); s && s->segment.flags == flags)
      return s->endpoint;
  }
  return "(no such segment)";
}

TEST(KernelObservation, AConnectionNeverAcceptedIsASocketOfItsOwnAndSendsTheReset) {
  RUN_KERNEL(r, never_accepted(), 500ms);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  EXPECT_THAT(segments(t), ElementsAre("c>s S 0 0", "s>c S. 0 1", "c>s . 1 1", "s>c R. 1 1"))
      << ladder(t);
  EXPECT_THAT(states(t, "server#2"), ElementsAre("SYN-RECEIVED", "ESTABLISHED", "CLOSED"))
      << ladder(t);
  EXPECT_EQ(sender_of_first(t, TcpFlag::Syn | TcpFlag::Ack), "server#2") << ladder(t);
  EXPECT_EQ(sender_of_first(t, TcpFlag::Rst | TcpFlag::Ack), "server#2") << ladder(t);
  ASSERT_TRUE(call(t, "client.recv"));
  EXPECT_EQ(call(t, "client.recv")->error, Errno::ConnectionReset);
}

TEST(KernelObservation, TheChildIsNumberedWhenItsSynArrivedAsInTheModel) {
  RUN_KERNEL(r, socket_between_syn_and_accept(), 500ms);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  ASSERT_TRUE(call(t, "server.accept") && call(t, "server.other")) << ladder(t);
  EXPECT_EQ(call(t, "server.accept")->endpoint, "server#2") << ladder(t);
  EXPECT_EQ(call(t, "server.other")->endpoint, "server#3") << ladder(t);
  EXPECT_THAT(states(t, "server#2"),
              ElementsAre("SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT"))
      << ladder(t);
}

TEST(KernelObservation, AConnectRefusedBeforeAnyPollGoesBackToClosed) {
  RUN_KERNEL(r, connect_refused(), 300ms);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  EXPECT_THAT(segments(t), ElementsAre("c>s S 0 0", "s>c R. 0 1")) << ladder(t);
  EXPECT_THAT(states(t, "client#1"), ElementsAre("SYN-SENT", "CLOSED")) << ladder(t);
  ASSERT_TRUE(call(t, "client.connect"));
  EXPECT_EQ(call(t, "client.connect")->error, Errno::ConnectionRefused);
}

TEST(KernelObservation, AListenerClosedAtOnceStillListensThenCloses) {
  RUN_KERNEL(r, listener_closed_at_once(), 200ms);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  EXPECT_THAT(states(t, "server#1"), ElementsAre("LISTEN", "CLOSED")) << ladder(t);
}

TEST(KernelObservation, TheResetOfAHostWithNoSocketIsTheHostsNotTheDeadSockets) {
  RUN_KERNEL(r, reset_lost_then_data(), 500ms);
  const Trace& t = r.trace;
  SKIP_WITHOUT_NAMESPACE(t);
  EXPECT_THAT(segments(t), ElementsAre("c>s S 0 0", "s>c S. 0 1", "c>s . 1 1", "c>s R. 1 1 dropped",
                                       "s>c P. 1 1 len 4", "c>s R 1 0"))
      << ladder(t);
  EXPECT_EQ(sender_of_first(t, TcpFlag::Rst | TcpFlag::Ack), "client#1") << ladder(t);
  EXPECT_EQ(sender_of_first(t, TcpFlag::Rst), "") << "the host's, from no socket\n" << ladder(t);
  ASSERT_TRUE(call(t, "server.recv"));
  EXPECT_EQ(call(t, "server.recv")->error, Errno::ConnectionReset);
}

}  // namespace
}  // namespace tcplab::testing
