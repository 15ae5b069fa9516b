#include "present/call_label.h"

#include <gtest/gtest.h>

#include "present/quoted.h"

namespace tcplab::present {
namespace {

CallEvent call(std::string name, std::string args, std::int64_t result, Errno error = Errno::None) {
  CallEvent c;
  c.host = "server";
  c.call = std::move(name);
  c.args = std::move(args);
  c.result = result;
  c.error = error;
  return c;
}

TEST(CallLabel, StraceLikeWithTheLessonsSocketName) {
  EXPECT_EQ(call_label(call("bind", "127.0.0.2:5555", -1, Errno::AddressInUse), {"listener", ""}),
            "bind(listener, 127.0.0.2:5555) = -1 EADDRINUSE (Address already in use)");
  EXPECT_EQ(call_label(call("close", "", 0), {"conn", ""}), "close(conn) = 0");
}

TEST(CallLabel, WithoutNamesShowsTheArgumentsAlone) {
  EXPECT_EQ(call_label(call("socket", "AF_INET, SOCK_STREAM, 0", 3)),
            "socket(AF_INET, SOCK_STREAM, 0) = 3");
}

TEST(CallLabel, NamesTheVariableANewSocketWentToUnlessTheCallFailed) {
  EXPECT_EQ(call_label(call("accept", "", 4), {"listener", "conn"}), "accept(listener) = 4 → conn");
  EXPECT_EQ(call_label(call("accept", "", -1, Errno::InvalidArgument), {"listener", "conn"}),
            "accept(listener) = -1 EINVAL (Invalid argument)");
}

TEST(CallLabel, ShowsReceivedBytesAsACStringLiteral) {
  CallEvent c = call("recv", "100", 6);
  c.data = "hi\n\"x\"";
  EXPECT_EQ(call_label(c, {"conn", ""}), R"(recv(conn, 100) = 6 "hi\n\"x\"")");
}

TEST(ShortCallLabel, NameResultAndErrnoOnly) {
  EXPECT_EQ(short_call_label(call("bind", "127.0.0.2:5555", -1, Errno::AddressInUse)),
            "bind() = -1 EADDRINUSE");
  EXPECT_EQ(short_call_label(call("close", "", 0)), "close() = 0");
}

TEST(Quoted, EscapesQuotesBackslashesAndNewlines) {
  EXPECT_EQ(quoted("a\"b\\c\n"), R"("a\"b\\c\n")");
}

}  // namespace
}  // namespace tcplab::present
