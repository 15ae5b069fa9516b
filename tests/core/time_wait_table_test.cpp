#include "core/time_wait_table.h"

#include <gtest/gtest.h>

namespace tcplab {
namespace {

using namespace std::chrono_literals;

FourTuple tuple(std::uint16_t client_port) {
  return {{Ipv4{0x7f000002}, 5555}, {Ipv4{0x7f000001}, client_port}};
}
TimeWaitRecord record(Instant deadline, std::uint32_t serial) {
  TimeWaitRecord r;
  r.deadline = deadline;
  r.socket_serial = serial;
  return r;
}

TEST(TimeWaitTable, FindsRecordsByFourTuple) {
  TimeWaitTable t;
  t.insert(tuple(40000), record(kTimeZero + 60s, 1));
  t.insert(tuple(40001), record(kTimeZero + 61s, 2));
  ASSERT_TRUE(t.find(tuple(40001)));
  EXPECT_EQ(t.find(tuple(40001))->socket_serial, 2u);
  EXPECT_FALSE(t.find(tuple(40002)));
  EXPECT_EQ(t.size(), 2u);
}

TEST(TimeWaitTable, ExpiresInDeadlineOrderAndOnlyWhenDue) {
  TimeWaitTable t;
  t.insert(tuple(1), record(kTimeZero + 60s, 1));
  t.insert(tuple(2), record(kTimeZero + 61s, 2));
  EXPECT_EQ(t.next_deadline(), kTimeZero + 60s);
  EXPECT_FALSE(t.pop_expired(kTimeZero + 59s));
  auto first = t.pop_expired(kTimeZero + 61s);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->first, tuple(1));
  auto second = t.pop_expired(kTimeZero + 61s);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->second.socket_serial, 2u);
  EXPECT_FALSE(t.pop_expired(kTimeZero + 100s));
  EXPECT_EQ(t.size(), 0u);
  EXPECT_FALSE(t.next_deadline());
}

TEST(TimeWaitTable, RestartMovesTheRecordBehindTheOthers) {
  TimeWaitTable t;
  t.insert(tuple(1), record(kTimeZero + 60s, 1));
  t.insert(tuple(2), record(kTimeZero + 61s, 2));
  t.restart(tuple(1), kTimeZero + 70s);  // a retransmitted FIN arrived at t = 10 s
  EXPECT_EQ(t.find(tuple(1))->deadline, kTimeZero + 70s);
  EXPECT_EQ(t.find(tuple(1))->socket_serial, 1u);
  EXPECT_EQ(t.next_deadline(), kTimeZero + 61s);
  EXPECT_EQ(t.pop_expired(kTimeZero + 65s)->first, tuple(2));
  EXPECT_FALSE(t.pop_expired(kTimeZero + 69s));
  EXPECT_EQ(t.pop_expired(kTimeZero + 70s)->first, tuple(1));
}

TEST(TimeWaitTable, ErasedRecordsNeverExpire) {
  TimeWaitTable t;
  t.insert(tuple(1), record(kTimeZero + 60s, 1));
  t.insert(tuple(2), record(kTimeZero + 60s, 2));
  t.erase(tuple(1));  // assassinated, or reused by tcp_tw_reuse
  EXPECT_FALSE(t.contains(tuple(1)));
  auto only = t.pop_expired(kTimeZero + 60s);
  ASSERT_TRUE(only);
  EXPECT_EQ(only->first, tuple(2));
  EXPECT_FALSE(t.pop_expired(kTimeZero + 60s));
}

TEST(TimeWaitTable, ManyRecordsSurviveRehashing) {
  TimeWaitTable t;
  for (std::uint16_t p = 1; p < 20000; ++p) t.insert(tuple(p), record(kTimeZero + 60s, p));
  for (std::uint16_t p = 1; p < 20000; p += 2) t.erase(tuple(p));
  for (std::uint16_t p = 1; p < 20000; ++p) {
    ASSERT_EQ(t.contains(tuple(p)), p % 2 == 0) << p;
  }
  int visited = 0;
  t.for_each([&](const FourTuple& tu, const TimeWaitRecord& r) {
    EXPECT_EQ(tu.remote.port, r.socket_serial);
    ++visited;
  });
  EXPECT_EQ(visited, 9999);
}

}  // namespace
}  // namespace tcplab
