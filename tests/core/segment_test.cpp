#include "core/segment.h"

#include <gtest/gtest.h>

namespace tcplab {

TEST(TcpdumpFlags, PrintsAsTcpdumpDoes) {
  EXPECT_EQ(tcpdump_flags(TcpFlag::Syn), "S");
  EXPECT_EQ(tcpdump_flags(TcpFlag::Syn | TcpFlag::Ack), "S.");
  EXPECT_EQ(tcpdump_flags(TcpFlag::Fin | TcpFlag::Ack), "F.");
  EXPECT_EQ(tcpdump_flags(TcpFlag::Rst | TcpFlag::Ack), "R.");
  EXPECT_EQ(tcpdump_flags(TcpFlag::Rst), "R");
  EXPECT_EQ(tcpdump_flags(TcpFlag::Ack), ".");
  EXPECT_EQ(tcpdump_flags(TcpFlags(TcpFlag::Fin) | TcpFlag::Psh | TcpFlag::Ack), "FP.");
  EXPECT_EQ(tcpdump_flags(TcpFlags{}), "none");
}

TEST(TcpdumpFlags, ParsesOnlyTcpdumpSpelling) {
  EXPECT_EQ(parse_tcpdump_flags("F."), TcpFlags(TcpFlag::Fin | TcpFlag::Ack));
  EXPECT_EQ(parse_tcpdump_flags("."), TcpFlags(TcpFlag::Ack));
  EXPECT_EQ(parse_tcpdump_flags("P."), TcpFlags(TcpFlag::Psh | TcpFlag::Ack));
  EXPECT_FALSE(parse_tcpdump_flags(".F"));  // tcpdump puts the ACK dot last
  EXPECT_FALSE(parse_tcpdump_flags("SS"));
  EXPECT_FALSE(parse_tcpdump_flags("X"));
  EXPECT_FALSE(parse_tcpdump_flags(""));
}

TEST(Segment, SynAndFinOccupySequenceSpace) {
  Segment s;
  s.flags = TcpFlag::Syn;
  EXPECT_EQ(s.seq_len(), 1u);
  s.flags = TcpFlag::Fin | TcpFlag::Ack;
  s.payload = "hello";
  EXPECT_EQ(s.seq_len(), 6u);
  s.flags = TcpFlag::Ack;
  s.payload.clear();
  EXPECT_EQ(s.seq_len(), 0u);
}

}  // namespace tcplab
