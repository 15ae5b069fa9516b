// The kernel trace builder on hand-made run records (no kernel needed): what it infers between
// two sock_diag polls from the captured segments alone.
#include "real/trace_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lesson_builder.h"

namespace tcplab::testing {
namespace {

using real::CapturedPacket;
using real::DiagChange;
using real::RunRecord;
using real::SocketRecord;
using ::testing::ElementsAre;

constexpr std::int64_t kMs = 1'000'000;

CapturedPacket packet(std::int64_t t_ns, const char* from, const char* to, TcpFlags flags,
                      std::uint32_t seq, std::uint32_t ack) {
  CapturedPacket p;
  p.t_ns = t_ns;
  p.segment.src = addr(from);
  p.segment.dst = addr(to);
  p.segment.flags = flags;
  p.segment.seq = SeqNum{seq};
  p.segment.ack = SeqNum{ack};
  return p;
}

// A SYN-SENT socket answered with an unacceptable ACK (a TIME-WAIT's, say) resets it and keeps
// waiting (RFC 9293 §3.10.7.3); its SYN retransmitted a second later then connects. The RST it
// sent is not its own closing: no SYN-SENT -> CLOSED -> SYN-SENT cycle is invented.
TEST(KernelTraceBuilder, AResetSentInSynSentDoesNotCloseTheSocket) {
  const char* client = "127.0.0.1:40000";
  const char* server = "127.0.0.2:5555";
  RunRecord record;
  record.packets = {
      packet(1 * kMs, client, server, TcpFlag::Syn, 100, 0),
      packet(1 * kMs + 100'000, server, client, TcpFlag::Ack, 5000, 7777),
      packet(1 * kMs + 200'000, client, server, TcpFlag::Rst, 7777, 0),
      packet(1001 * kMs, client, server, TcpFlag::Syn, 100, 0),
      packet(1001 * kMs + 100'000, server, client, TcpFlag::Syn | TcpFlag::Ack, 9000, 101),
      packet(1001 * kMs + 200'000, client, server, TcpFlag::Ack, 101, 9001),
  };
  SocketRecord sock;
  sock.label = "client#1";
  sock.host = "client";
  sock.inode = 11;
  sock.created_ns = kMs / 2;
  sock.connects = {{addr(server), 900'000, 1001 * kMs + 300'000}};
  sock.tuple = FourTuple{addr(client), addr(server)};
  sock.tuple_known_ns = sock.connects[0].returned_ns;
  record.sockets = {sock};
  DiagChange syn_sent;
  syn_sent.t_ns = 2 * kMs;
  syn_sent.prev_poll_ns = 1 * kMs;
  syn_sent.tuple = *sock.tuple;
  syn_sent.inode = 11;
  syn_sent.state = TcpState::SynSent;
  DiagChange established = syn_sent;
  established.t_ns = 1002 * kMs;
  established.prev_poll_ns = 1000 * kMs;
  established.state = TcpState::Established;
  record.diag = {syn_sent, established};

  Trace trace;
  real::build_trace(LessonBuilder().scenario(), record, real::BuildOptions{}, trace);
  EXPECT_THAT(states(trace, "client#1"), ElementsAre("SYN-SENT", "ESTABLISHED")) << ladder(trace);
}

}  // namespace
}  // namespace tcplab::testing
