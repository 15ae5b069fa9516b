// call_args(): the one text of a call's arguments, written alike by the model and the kernel.
#include "scenario/call_args.h"

#include <gtest/gtest.h>

#include "support/scenario_builder.h"

namespace tcplab::testing {
namespace {

TEST(CallArgs, NamesWhatTheLessonAskedWithoutTheSocket) {
  EXPECT_EQ(call_args(socket_call("s")), "AF_INET, SOCK_STREAM, 0");
  EXPECT_EQ(call_args(reuse_call("s")), "SO_REUSEADDR, 1");
  EXPECT_EQ(call_args(linger_call("s", true, 0)), "SO_LINGER, {1, 0}");
  EXPECT_EQ(call_args(bind_call("s", "127.0.0.2:5555")), "127.0.0.2:5555");
  EXPECT_EQ(call_args(connect_call("s", "127.0.0.2:5555")), "127.0.0.2:5555");
  EXPECT_EQ(call_args(listen_call("s", 16)), "16");
  EXPECT_EQ(call_args(accept_call("l", "c")), "");
  EXPECT_EQ(call_args(send_call("s", "hi \"x\"\n")), R"("hi \"x\"\n", 7)");
  CallSpec recv = recv_call("s");
  recv.max_bytes = 65536;
  EXPECT_EQ(call_args(recv), "65536");
  EXPECT_EQ(call_args(shutdown_write("s")), "SHUT_WR");
  EXPECT_EQ(call_args(close_call("s")), "");
  EXPECT_EQ(call_args(exit_call()), "");
}

}  // namespace
}  // namespace tcplab::testing
