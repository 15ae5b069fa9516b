#include "core/address.h"

#include <gtest/gtest.h>

namespace tcplab {

TEST(Address, ParsesAndPrintsLoopback) {
  auto a = parse_socket_address("127.0.0.2:5555");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->ip.value, 0x7f000002u);
  EXPECT_EQ(a->port, 5555);
  EXPECT_EQ(to_string(*a), "127.0.0.2:5555");
  EXPECT_TRUE(a->ip.is_loopback());
}

TEST(Address, RejectsMalformed) {
  for (const char* bad : {"127.0.0.1", "127.0.0:80", "256.0.0.1:80", "1.2.3.4:65536",
                          "1.2.3.4:", "1.2.3.4:8x", "a.b.c.d:1", "1.2.3.4.5:1", "1..2.3:4"}) {
    EXPECT_FALSE(parse_socket_address(bad)) << bad;
  }
}

TEST(Address, FourTupleReversesAndPrints) {
  FourTuple t{*parse_socket_address("127.0.0.1:40000"), *parse_socket_address("127.0.0.2:5555")};
  EXPECT_EQ(to_string(t), "127.0.0.1:40000 > 127.0.0.2:5555");
  EXPECT_EQ(t.reversed().local, t.remote);
  EXPECT_NE(FourTupleHash{}(t), FourTupleHash{}(t.reversed()));
}

}  // namespace tcplab
