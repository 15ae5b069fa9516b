// The SO_REUSEADDR rule, one test per case, as inet_bind_conflict() decides it.
#include "core/port_table.h"

#include <gtest/gtest.h>

namespace tcplab {
namespace {

const SocketAddress kServer{Ipv4{0x7f000002}, 5555};
const SocketAddress kAny{Ipv4::any(), 5555};

PortHolder holder(SocketAddress local, bool reuse, bool listening) {
  return PortHolder{99, local, reuse, listening, false};
}

TEST(BindRule, ListenerBlocksEvenWithReuseAddressOnBothSides) {
  EXPECT_TRUE(bind_conflicts(kServer, true, holder(kServer, true, true)));
}

TEST(BindRule, ConnectionsShareWhenBothSetReuseAddress) {
  EXPECT_FALSE(bind_conflicts(kServer, true, holder(kServer, true, false)));
}

TEST(BindRule, ConnectionBlocksWhenEitherSideLacksReuseAddress) {
  EXPECT_TRUE(bind_conflicts(kServer, false, holder(kServer, true, false)));
  EXPECT_TRUE(bind_conflicts(kServer, true, holder(kServer, false, false)));
  EXPECT_TRUE(bind_conflicts(kServer, false, holder(kServer, false, false)));
}

TEST(BindRule, WildcardOverlapsEverySpecificAddress) {
  EXPECT_TRUE(bind_conflicts(kAny, false, holder(kServer, false, true)));
  EXPECT_TRUE(bind_conflicts(kServer, false, holder(kAny, false, true)));
  EXPECT_FALSE(bind_conflicts({Ipv4{0x7f000003}, 5555}, false, holder(kServer, false, true)));
  EXPECT_FALSE(bind_conflicts({Ipv4{0x7f000002}, 5556}, false, holder(kServer, false, true)));
}

// LINUX-FACTS.md, "Restarting a server while its old connection is in TIME-WAIT".
struct TimeWaitTable : ::testing::TestWithParam<std::tuple<bool, bool, bool>> {};

TEST_P(TimeWaitTable, MatchesTheKernel) {
  const auto [old_reuse, new_reuse, expect_ok] = GetParam();
  PortTable ports;
  ports.add_time_wait(kServer, old_reuse);
  const auto conflict = ports.bind_conflict(kServer, new_reuse, 1);
  EXPECT_EQ(!conflict.has_value(), expect_ok);
  if (conflict) {
    EXPECT_EQ(conflict->holder, BindConflict::Holder::TimeWait);
    EXPECT_EQ(conflict->local, kServer);
    // The new socket's own missing option is named first; else the old connection's.
    EXPECT_EQ(conflict->rule, new_reuse ? BindConflict::Rule::ThatSocketHasNoReuse
                                        : BindConflict::Rule::ThisSocketHasNoReuse);
  }
}

INSTANTIATE_TEST_SUITE_P(FourCombinations, TimeWaitTable,
                         ::testing::Values(std::make_tuple(false, false, false),
                                           std::make_tuple(false, true, false),
                                           std::make_tuple(true, false, false),
                                           std::make_tuple(true, true, true)));

TEST(PortTable, TimeWaitEntriesLeaveWhenRemoved) {
  PortTable ports;
  ports.add_time_wait(kServer, false);
  ports.add_time_wait(kServer, false);
  const auto conflict = ports.bind_conflict(kServer, true, 1);
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->count, 2u);
  EXPECT_EQ(conflict->rule, BindConflict::Rule::ThatSocketHasNoReuse);
  ports.remove_time_wait(kServer, false);
  ports.remove_time_wait(kServer, false);
  EXPECT_FALSE(ports.bind_conflict(kServer, false, 1));
}

TEST(PortTable, ConnectNeverTakesAPortHeldByBind) {
  PortTable ports;
  ports.add({1, kServer, false, false, false});
  ports.add({2, {Ipv4{0x7f000001}, 40000}, false, false, true});
  EXPECT_TRUE(ports.held_by_bind(kServer));
  EXPECT_FALSE(ports.held_by_bind({Ipv4{0x7f000001}, 40000}));
  ports.remove(1, 5555);
  EXPECT_FALSE(ports.held_by_bind(kServer));
}

// A bind() with no conflict may still share its port: that is what SO_REUSEADDR did, and the
// trace's note says so (a restarted server beside its old connection's TIME-WAIT).
TEST(PortTable, ABindWithoutConflictNamesWhatItSharesThePortWith) {
  PortTable ports;
  EXPECT_FALSE(ports.shared_with(kServer, 9));
  ports.add_time_wait(kServer, true);
  ASSERT_FALSE(ports.bind_conflict(kServer, true, 9));
  EXPECT_EQ(ports.shared_with(kServer, 9),
            (PortShare{BindConflict::Holder::TimeWait, kServer, 1}));
  ports.remove_time_wait(kServer, true);
  ports.add({1, kServer, true, false, false});
  EXPECT_EQ(ports.shared_with(kServer, 9),
            (PortShare{BindConflict::Holder::Connection, kServer, 1}));
  EXPECT_FALSE(ports.shared_with(kServer, 1)) << "a socket does not share a port with itself";
}

}  // namespace
}  // namespace tcplab
