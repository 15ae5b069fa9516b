// The delayed-ACK/close() race on segment lists as the kernel backend captured them on a loaded
// machine (relative numbers; the server closes first in the first two, as in restart()).
#include "scenario/delayed_ack_race.h"

#include <gtest/gtest.h>

namespace tcplab {
namespace {

SocketAddress client_addr() { return *parse_socket_address("127.0.0.1:40000"); }
SocketAddress server_addr() { return *parse_socket_address("127.0.0.2:5555"); }

struct Captured {
  bool from_client;
  const char* flags;
  std::uint32_t seq;
  std::uint32_t ack;
};

Trace captured(const std::vector<Captured>& segments) {
  Trace t;
  std::int64_t at = 0;
  for (const Captured& c : segments) {
    SegmentEvent e;
    e.segment.src = c.from_client ? client_addr() : server_addr();
    e.segment.dst = c.from_client ? server_addr() : client_addr();
    e.segment.seq = SeqNum(c.seq);
    e.segment.ack = SeqNum(c.ack);
    e.segment.flags = *parse_tcpdump_flags(c.flags);
    e.from = c.from_client ? "client" : "server";
    e.to = c.from_client ? "server" : "client";
    t.add_segment(kTimeZero + std::chrono::microseconds(at += 20), e);
  }
  return t;
}

const std::vector<Captured> kHandshakeServerFin = {
    {true, "S", 0, 0}, {false, "S.", 0, 1}, {true, ".", 1, 1}, {false, "F.", 1, 1}};

std::vector<Captured> with(std::vector<Captured> head, const std::vector<Captured>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

// Seen in CI under load (KernelReuseAddr): the client's ACK of the server's FIN arrived after the
// client's own FIN, the server's TIME-WAIT answered it, and the client's host reset that answer.
TEST(DelayedAckRace, AckArrivingAfterItsSendersFinIsFound) {
  const Trace t = captured(with(kHandshakeServerFin, {{true, "F.", 1, 2},
                                                      {false, ".", 2, 2},
                                                      {true, ".", 1, 2},
                                                      {false, ".", 2, 2},
                                                      {true, "R", 2, 0}}));
  const auto races = delayed_ack_races(t);
  ASSERT_EQ(races.size(), 1u);
  EXPECT_EQ(races[0].ack_segment, 7u);
  EXPECT_EQ(races[0].fin_segment, 5u);
  EXPECT_EQ(races[0].order, AckRaceOrder::AckAfterFin);
  EXPECT_EQ(race_of(races, 7), &races[0]);
  EXPECT_EQ(race_of(races, 8), nullptr);
}

TEST(DelayedAckRace, AckLeavingBeforeItsSendersFinIsFound) {
  const Trace t = captured(
      with(kHandshakeServerFin, {{true, ".", 1, 2}, {true, "F.", 1, 2}, {false, ".", 2, 2}}));
  const auto races = delayed_ack_races(t);
  ASSERT_EQ(races.size(), 1u);
  EXPECT_EQ(races[0].ack_segment, 5u);
  EXPECT_EQ(races[0].fin_segment, 6u);
  EXPECT_EQ(races[0].order, AckRaceOrder::AckBeforeFin);
}

TEST(DelayedAckRace, AThreeSegmentCloseHasNone) {
  const Trace t = captured(with(kHandshakeServerFin, {{true, "F.", 1, 2}, {false, ".", 2, 2}}));
  EXPECT_TRUE(delayed_ack_races(t).empty());
}

// The handshake's ACK precedes the client's FIN with the same numbers, but that FIN closes first:
// neither ACK acknowledges a FIN, so neither raced one.
TEST(DelayedAckRace, AnActiveClosersAcksAreNone) {
  const Trace t = captured({{true, "S", 0, 0},
                            {false, "S.", 0, 1},
                            {true, ".", 1, 1},
                            {true, "F.", 1, 1},
                            {false, ".", 1, 2},
                            {true, ".", 1, 1}});
  EXPECT_TRUE(delayed_ack_races(t).empty());
}

}  // namespace
}  // namespace tcplab
