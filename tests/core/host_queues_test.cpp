// The host's queue ioctls (SIOCINQ, SIOCOUTQ: Linux tcp_ioctl) and the socket options of
// socket_options.h as setsockopt() takes them: EINVAL where Linux refuses a value, and an accepted
// socket inheriting its listener's options. Two model hosts on one simulated link.
#include <gtest/gtest.h>

#include "core/simulator.h"

namespace tcplab::testing {
namespace {

constexpr Ipv4 kClient{0x0a000001};
constexpr Ipv4 kServer{0x0a000002};
constexpr std::uint16_t kPort = 5555;

class HostQueues : public ::testing::Test {
 protected:
  HostQueues() : sim(linux_profile(), 1) {
    sim.network().set_latency(1ms);
    client = &sim.add_host("client", kClient);
    server = &sim.add_host("server", kServer);
    listener = static_cast<int>(server->socket(now()).value);
    EXPECT_EQ(server->bind(now(), listener, {kServer, kPort}).error, Errno::None);
    EXPECT_EQ(server->listen(now(), listener, 8).error, Errno::None);
  }
  Instant now() const { return sim.now(); }
  // Runs the simulation up to `t` (virtual time since the start).
  void run_until(Duration t) {
    RunLimits limits;
    limits.time_limit = t;
    sim.run(limits);
  }
  void connect_and_accept() {
    conn = static_cast<int>(client->socket(now()).value);
    EXPECT_TRUE(client->connect(now(), conn, {kServer, kPort}).would_block);
    sim.host_changed(*client);
    run_until(10ms);
    accepted = static_cast<int>(server->accept(now(), listener).value);
    ASSERT_GE(accepted, 0);
  }

  Simulator sim;
  Host* client = nullptr;
  Host* server = nullptr;
  int listener = -1, conn = -1, accepted = -1;
};

TEST_F(HostQueues, AListeningSocketHasNoQueuesToCount) {
  const CallResult r = server->queued_bytes(now(), listener, SocketQueue::Receive);
  EXPECT_EQ(r.error, Errno::InvalidArgument);
  EXPECT_EQ(server->queued_bytes(now(), 99, SocketQueue::Send).error, Errno::BadDescriptor);
}

TEST_F(HostQueues, InqCountsUnreadBytesAndOutqUnacknowledgedOnes) {
  connect_and_accept();
  EXPECT_EQ(client->queued_bytes(now(), conn, SocketQueue::Send).value, 0);
  EXPECT_EQ(client->send(now(), conn, std::string(300, 'x')).value, 300);
  sim.host_changed(*client);
  EXPECT_EQ(client->queued_bytes(now(), conn, SocketQueue::Send).value, 300);  // in flight
  run_until(20ms);
  EXPECT_EQ(client->queued_bytes(now(), conn, SocketQueue::Send).value, 0);  // acknowledged
  EXPECT_EQ(server->queued_bytes(now(), accepted, SocketQueue::Receive).value, 300);
  EXPECT_EQ(server->recv(now(), accepted, 100).value, 100);
  EXPECT_EQ(server->queued_bytes(now(), accepted, SocketQueue::Receive).value, 200);
  // Our FIN counts one until it is acknowledged (tcp_send_fin advances write_seq).
  EXPECT_EQ(client->shutdown(now(), conn, ShutdownDirection::Write).error, Errno::None);
  sim.host_changed(*client);
  EXPECT_EQ(client->queued_bytes(now(), conn, SocketQueue::Send).value, 1);
  run_until(100ms);  // the FIN's ACK is delayed (tcp_fin: pingpong)
  EXPECT_EQ(client->queued_bytes(now(), conn, SocketQueue::Send).value, 0);
  EXPECT_EQ(server->queued_bytes(now(), accepted, SocketQueue::Receive).value, 200)
      << "the FIN is not a byte to read";
}

TEST_F(HostQueues, SetOptionRefusesWhatLinuxRefuses) {
  EXPECT_EQ(server->set_option(now(), listener, SocketOption::KeepAliveIdle, 0).error,
            Errno::InvalidArgument);
  EXPECT_EQ(server->set_option(now(), listener, SocketOption::KeepAliveIdle, 32768).error,
            Errno::InvalidArgument);
  EXPECT_EQ(server->set_option(now(), listener, SocketOption::KeepAliveInterval, 0).error,
            Errno::InvalidArgument);
  EXPECT_EQ(server->set_option(now(), listener, SocketOption::KeepAliveProbes, 128).error,
            Errno::InvalidArgument);
  EXPECT_EQ(server->set_option(now(), listener, SocketOption::UserTimeout, -1).error,
            Errno::InvalidArgument);
  EXPECT_EQ(server->set_option(now(), listener, SocketOption::KeepAliveIdle, 32767).error,
            Errno::None);
  EXPECT_EQ(server->set_option(now(), 99, SocketOption::Cork, 1).error, Errno::BadDescriptor);
}

TEST_F(HostQueues, AnAcceptedSocketKeepsItsListenersKeepalive) {
  EXPECT_EQ(server->set_option(now(), listener, SocketOption::KeepAliveIdle, 1).error, Errno::None);
  EXPECT_EQ(server->set_option(now(), listener, SocketOption::KeepAlive, 1).error, Errno::None);
  connect_and_accept();
  run_until(1500ms);
  int fired = 0;
  for (const TraceEvent& e : sim.trace().events()) {
    const auto* t = get_if<TimerEvent>(&e.body);
    if (t && t->timer == TimerKind::Keepalive && t->action == TimerAction::Fired) {
      EXPECT_EQ(std::string_view(t->host), "server");
      ++fired;
    }
  }
  EXPECT_EQ(fired, 1) << "one idle second after the handshake";
}

}  // namespace
}  // namespace tcplab::testing
