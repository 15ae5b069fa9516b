#pragma once
// The rows of LINUX-FACTS.md as hand-built scenarios (the lesson files come from elsewhere): each
// one is run on the kernel by the kernel tests, and on both backends by the comparison tests.
#include "lesson_builder.h"

namespace tcplab::testing {

using namespace std::chrono_literals;

// The usual start: the server listens on 127.0.0.2:5555, the client connects from 127.0.0.1.
inline LessonBuilder connected() {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.accept", accept("listener", "conn"))
      .step("client", "client.socket", sock("sock"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"), after("server.listen"));
  return b;
}

// The client closes; the server closes `server_delay` after it (0: as soon as recv() returns 0).
inline Scenario client_closes_first(Duration server_delay) {
  auto b = connected();
  b.step("client", "client.close", on(CallKind::Close, "sock"), after("server.accept", 20ms))
      .step("server", "server.recv", on(CallKind::Recv, "conn"));
  if (server_delay > Duration{0}) {
    b.step("server", "server.close", on(CallKind::Close, "conn"),
           after("client.close", server_delay));
  } else {
    b.step("server", "server.close", on(CallKind::Close, "conn"));
  }
  b.step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

inline Scenario linger_reset() {
  auto b = connected();
  b.step("client", "client.linger", linger("sock", true, 0), after("server.accept", 20ms))
      .step("client", "client.close", on(CallKind::Close, "sock"))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

inline Scenario close_with_unread_data() {
  auto b = connected();
  b.step("client", "client.send", send("sock", "hello"), after("server.accept", 10ms))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("server", "server.close", on(CallKind::Close, "conn"), after("client.send", 30ms))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

inline FaultSpec drop_last_ack() {
  FaultSpec drop;
  drop.action = FaultAction::Drop;
  drop.match.from = "client";
  drop.match.to = "server";
  drop.match.flags = parse_tcpdump_flags(".");
  drop.match.nth = 2;  // the handshake's ACK is the first bare ACK, the last ACK the second
  drop.description = "drop the client's last ACK";
  return drop;
}

inline Scenario dropped_last_ack() {
  Scenario s = client_closes_first(50ms);
  s.faults.push_back(drop_last_ack());
  return s;
}

// The old server accepts one connection and closes first, so the connection sits in TIME-WAIT on
// 127.0.0.2:5555; then a new listener binds the same address.
inline Scenario restart(bool old_reuse, bool new_reuse) {
  LessonBuilder b;
  b.step("server", "old.socket", sock("old"));
  if (old_reuse) b.step("server", "old.reuseaddr", reuseaddr("old"));
  b.step("server", "old.bind", bind("old", "127.0.0.2:5555"))
      .step("server", "old.listen", on(CallKind::Listen, "old"))
      .step("server", "old.accept", accept("old", "conn"))
      .step("server", "old.close_conn", on(CallKind::Close, "conn"), after("old.accept", 10ms))
      .step("server", "old.close", on(CallKind::Close, "old"))
      .step("client", "client.socket", sock("sock"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"), after("old.listen"))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("client", "client.close", on(CallKind::Close, "sock"))
      .step("server", "new.socket", sock("new"), after("client.close", 20ms));
  if (new_reuse) b.step("server", "new.reuseaddr", reuseaddr("new"));
  b.step("server", "new.bind", bind("new", "127.0.0.2:5555"));
  return b.scenario();
}

inline Scenario self_connect() {
  LessonBuilder b;
  b.step("client", "client.socket", sock("sock"))
      .step("client", "client.bind", bind("sock", "127.0.0.1:5555"))
      .step("client", "client.connect", connect("sock", "127.0.0.1:5555"))
      .step("client", "client.close", on(CallKind::Close, "sock"), after("client.connect", 10ms));
  return b.scenario();
}

// Ten ephemeral ports, the client closing first so each one sits in TIME-WAIT.
inline Scenario exhaustion(int tw_reuse, int rounds_before_pause, int rounds_after_pause,
                           int accepted) {
  LessonBuilder b;
  b.knob("ip_local_port_range", "40000-40009").knob("tcp_tw_reuse", std::to_string(tw_reuse));
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"));
  b.phase("server", accepted)
      .step("server", "server.accept", accept("listener", "conn"))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"));
  b.step("client", "client.start", sock("unused"), after("server.listen"));
  b.phase("client", rounds_before_pause)
      .step("client", "client.socket", sock("sock"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"))
      .step("client", "client.close", on(CallKind::Close, "sock"), Trigger{std::nullopt, "", 2ms});
  if (rounds_after_pause > 0) {
    b.phase("client", rounds_after_pause)
        .step("client", "late.socket", sock("sock"), Trigger{std::nullopt, "", 1200ms})
        .step("client", "late.connect", connect("sock", "127.0.0.2:5555"))
        .step("client", "late.close", on(CallKind::Close, "sock"), Trigger{std::nullopt, "", 2ms});
  }
  return b.scenario();
}

// The client closes first, then connects again from the same bound port (SO_REUSEADDR) to the same
// server, over its own TIME-WAIT, with tcp_tw_reuse = 0: tcp_twsk_unique lets a bound port
// (twp == NULL) take the four-tuple whenever the connection used timestamps.
inline Scenario bound_reconnect_over_time_wait(bool timestamps) {
  LessonBuilder b;
  b.knob("tcp_tw_reuse", "0").knob("tcp_timestamps", timestamps ? "true" : "false");
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.accept", accept("listener", "conn"))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("client", "client.socket", sock("sock"), after("server.listen"))
      .step("client", "client.reuse", reuseaddr("sock"))
      .step("client", "client.bind", bind("sock", "127.0.0.1:40000"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"))
      .step("client", "client.close", on(CallKind::Close, "sock"), after("server.accept", 20ms))
      .step("client", "again.socket", sock("again"), after("client.close", 100ms))
      .step("client", "again.reuse", reuseaddr("again"))
      .step("client", "again.bind", bind("again", "127.0.0.1:40000"))
      .step("client", "again.connect", connect("again", "127.0.0.2:5555"));
  return b.scenario();
}

// What sock_diag sees that no program holds (the lesson-format issue's points 7 and 9).

// A connection the server never accept()s: the kernel completed it into the accept queue, and
// closing the listener resets it (inet_csk_listen_stop). The child is server#2, as in the model.
inline Scenario never_accepted() {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"),
            after("server.listen", 200ms))
      .step("client", "client.socket", sock("sock"), after("server.listen"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("client", "client.close", on(CallKind::Close, "sock"));
  return b.scenario();
}

// The server makes a socket after the client's SYN arrived and before accept(): the child was
// made first (at the SYN), so it is server#2 and the new socket server#3, in both backends.
inline Scenario socket_between_syn_and_accept() {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.other", sock("other"), after("client.connect", 50ms))
      .step("server", "server.accept", accept("listener", "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"))
      .step("client", "client.socket", sock("sock"), after("server.listen"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("client", "client.close", on(CallKind::Close, "sock"));
  return b.scenario();
}

// connect() to a port nobody listens on: refused at once, before any sock_diag poll saw the
// socket; its SYN and the RST that answered it still say SYN-SENT, then CLOSED.
inline Scenario connect_refused() {
  LessonBuilder b;
  b.step("client", "client.socket", sock("sock"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"))
      .step("client", "client.close", on(CallKind::Close, "sock"));
  return b.scenario();
}

// A listener closed at once: it may live less than a sock_diag poll, and its listen() and close()
// still give LISTEN and CLOSED.
inline Scenario listener_closed_at_once() {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// SO_LINGER 0 on the client, and its RST lost: the server still thinks the connection is open and
// sends; the client's host has no socket for it any more and answers with RST itself
// (tcp_v4_rcv's no_tcp_socket -> tcp_v4_send_reset), which the trace gives to the host.
inline Scenario reset_lost_then_data() {
  auto b = connected();
  FaultSpec drop;
  drop.action = FaultAction::Drop;
  drop.match.from = "client";
  drop.match.to = "server";
  drop.match.flags = parse_tcpdump_flags("R.");
  drop.description = "drop the client's RST";
  b.fault(drop)
      .step("client", "client.linger", linger("sock", true, 0), after("server.accept", 20ms))
      .step("client", "client.close", on(CallKind::Close, "sock"))
      .step("server", "server.send", send("conn", "late"), after("client.close", 50ms))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// Non-blocking sockets (SOCK_NONBLOCK): calls that would wait return at once.

// The client's SYN is lost, so its non-blocking connect() stays in SYN-SENT: EINPROGRESS, then
// EALREADY for a second connect(), and close() ends it there with no segment (tcp_close in
// SYN-SENT: nothing was sent the peer must hear about).
inline Scenario close_while_connecting() {
  LessonBuilder b;
  FaultSpec drop;
  drop.action = FaultAction::Drop;
  drop.match.from = "client";
  drop.match.to = "server";
  drop.match.flags = parse_tcpdump_flags("S");
  drop.description = "drop the client's SYN";
  b.fault(drop)
      .step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"),
            after("server.listen", 300ms))
      .step("client", "client.socket", nonblocking_sock("sock"), after("server.listen"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"))
      .step("client", "client.connect_again", connect("sock", "127.0.0.2:5555"),
            after("client.connect", 50ms))
      .step("client", "client.close", on(CallKind::Close, "sock"),
            after("client.connect_again", 50ms));
  return b.scenario();
}

// Non-blocking on both sides: accept() with nothing queued and recv() with nothing to read say
// EAGAIN; connect() called again once the handshake is done reports its success (0).
inline Scenario nonblocking_calls() {
  LessonBuilder b;
  b.step("server", "server.socket", nonblocking_sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.accept_early", accept("listener", "early"))
      .step("server", "server.accept", accept("listener", "conn"), after("client.connect", 60ms))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"), after("client.close", 20ms))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"))
      .step("client", "client.socket", nonblocking_sock("sock"), after("server.accept_early"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"))
      .step("client", "client.connect_again", connect("sock", "127.0.0.2:5555"),
            after("client.connect", 40ms))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("client", "client.close", on(CallKind::Close, "sock"), after("server.accept", 20ms));
  return b.scenario();
}

// The server closes first, so it holds the four-tuple in TIME-WAIT, and closes its listener; then
// the client connects again from the same port: its SYN reaches a TIME-WAIT nobody listens behind
// (tcp_timewait_state_process: TCP_TW_SYN; tcp_v4_rcv finds no listener and answers as TCP_TW_ACK).
inline Scenario syn_into_time_wait_without_listener() {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.accept", accept("listener", "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"), after("server.accept", 10ms))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"))
      .step("client", "client.socket", sock("sock"))
      .step("client", "client.reuseaddr", reuseaddr("sock"))
      .step("client", "client.bind", bind("sock", "127.0.0.1:40000"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"), after("server.listen"))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("client", "client.close", on(CallKind::Close, "sock"), after("client.recv", 50ms))
      .step("client", "again.socket", sock("again"), after("client.close", 50ms))
      .step("client", "again.reuseaddr", reuseaddr("again"))
      .step("client", "again.bind", bind("again", "127.0.0.1:40000"))
      .step("client", "again.connect", connect("again", "127.0.0.2:5555"));
  return b.scenario();
}

// ---- Nagle's algorithm (docs/linux-facts.md, "Nagle and TCP_NODELAY") ----------------------------
// The client writes "a", then "b" 10 ms later, while the server's ACK of "a" is held 100 ms on
// the way (below the 200 ms minimum RTO and tail-loss-probe time, so nothing is resent meanwhile):
// "b" waits for that ACK (tcp_nagle_test), unless the client set TCP_NODELAY first. Over plain
// loopback the ACK is back before send() returns, so without the held ACK Nagle never shows.
inline FaultSpec hold_first_data_ack(Duration delay) {
  FaultSpec f;
  f.action = FaultAction::Delay;
  f.match.from = "server";
  f.match.to = "client";
  f.match.flags = parse_tcpdump_flags(".");
  f.match.nth = 1;  // the handshake's server side is S.; its first bare ACK is the one of "a"
  f.delay = delay;
  f.description = "hold the ACK of the first byte";
  return f;
}

inline Scenario two_small_writes(bool with_nodelay) {
  auto b = connected();
  if (with_nodelay) b.step("client", "client.nodelay", nodelay("sock"), after("server.accept"));
  b.step("client", "client.send_a", send("sock", "a"), after("server.accept", 20ms))
      // 5 ms: well before "a" has even reached the server over the 10 ms link, so "b" never
      // ties with the server's ACK of "a" (held or not).
      .step("client", "client.send_b", send("sock", "b"), after("client.send_a", 5ms))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("client", "client.close", on(CallKind::Close, "sock"))
      .step("server", "server.recv_a", on(CallKind::Recv, "conn"))
      .step("server", "server.recv_b", on(CallKind::Recv, "conn"))
      // Closing only after the held ACK arrived, so it never meets a closed connection.
      .step("server", "server.close", on(CallKind::Close, "conn"), after("client.send_b", 200ms))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  b.fault(hold_first_data_ack(100ms));
  // With timestamps (the default): with TCP_NODELAY the held ACK arrives after the ACK of "b",
  // older than TS.Recent, and PAWS (tcp_paws_discard) answers it with a duplicate ACK, on both
  // backends (docs/linux-facts.md).
  return b.scenario();
}

// ---- The 40 ms stall (docs/linux-facts.md, "When Linux ACKs at once and when it waits") --------
// After one request and its answer the server is interactive (pingpong mode): the client writes
// "a", then "b" (held by Nagle until "a" is ACKed), and reads; the server delays its ACK of "a"
// for its answer, which needs "b". The delayed-ACK timer breaks the wait after 40 ms.
inline Scenario write_write_read_after_an_answer(bool quickack = false) {
  auto b = connected();
  b.step("client", "client.hello", send("sock", "hi!"), after("server.accept", 20ms))
      .step("client", "client.read_hello", on(CallKind::Recv, "sock"))
      .step("client", "client.send_a", send("sock", "a"), after("client.read_hello", 100ms))
      .step("client", "client.send_b", send("sock", "b"))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("server", "server.recv_hello", on(CallKind::Recv, "conn"))
      .step("server", "server.answer_hello", send("conn", "OK"))
      .step("server", "server.recv_a", on(CallKind::Recv, "conn"));
  if (quickack) b.step("server", "server.quickack", tcp_quickack("conn"));
  b.step("server", "server.recv_b", on(CallKind::Recv, "conn"))
      .step("server", "server.answer", send("conn", "ab!"));
  return b.scenario();
}

// The same, but the server sets TCP_QUICKACK once "a" is read: the owed ACK leaves at once
// (__tcp_sock_set_quickack -> tcp_cleanup_rbuf), "b" follows, and there is no 40 ms stall.
inline Scenario write_write_read_with_quickack() { return write_write_read_after_an_answer(true); }

// ---- What each call returns after an RST (docs/linux-facts.md, "Errors after a reset") ----------
// The client aborts with SO_LINGER {1, 0} (RST,ACK at SND.NXT) while the server's socket is in a
// given state; then the server's calls, each 20 ms after the one before, show what it sees.

inline FaultSpec drop_matching(const char* from, const char* to, const char* flags, int nth,
                               int count, const char* description) {
  FaultSpec f;
  f.action = FaultAction::Drop;
  f.match.from = from;
  f.match.to = to;
  f.match.flags = parse_tcpdump_flags(flags);
  f.match.nth = nth;
  f.match.count = count;
  f.description = description;
  return f;
}

// The client's abort, `delay` after the step `after_step` returned.
inline LessonBuilder& client_resets(LessonBuilder& b, const std::string& after_step,
                                    Duration delay) {
  return b.step("client", "client.linger", linger("sock", true, 0), after(after_step, delay))
      .step("client", "client.close", on(CallKind::Close, "sock"));
}

// ESTABLISHED: recv() first (tcp_reset: sk_err = ECONNRESET), then recv() and send() again.
inline Scenario reset_in_established_recv_first() {
  auto b = connected();
  client_resets(b, "server.accept", 20ms)
      .step("server", "server.recv", on(CallKind::Recv, "conn"), after("client.close", 20ms))
      .step("server", "server.recv_again", on(CallKind::Recv, "conn"))
      .step("server", "server.send", send("conn", "late"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// ESTABLISHED: send() first, then send() and recv() again.
inline Scenario reset_in_established_send_first() {
  auto b = connected();
  client_resets(b, "server.accept", 20ms)
      .step("server", "server.send", send("conn", "late"), after("client.close", 20ms))
      .step("server", "server.send_again", send("conn", "late"))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// CLOSE-WAIT: the client shut down its sending side first, and the server read the end of stream.
inline Scenario reset_in_close_wait() {
  auto b = connected();
  b.step("client", "client.shutdown", shutdown_write("sock"), after("server.accept", 20ms))
      .step("server", "server.eof", on(CallKind::Recv, "conn"));
  client_resets(b, "server.eof", 20ms)
      .step("server", "server.recv", on(CallKind::Recv, "conn"), after("client.close", 20ms))
      .step("server", "server.send", send("conn", "late"))
      .step("server", "server.send_again", send("conn", "late"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// FIN-WAIT-2: the server shut down its sending side first, and the client read the end of stream.
inline Scenario reset_in_fin_wait_2() {
  auto b = connected();
  b.step("server", "server.shutdown", shutdown_write("conn"), after("server.accept", 20ms))
      .step("client", "client.eof", on(CallKind::Recv, "sock"));
  client_resets(b, "client.eof", 20ms)
      .step("server", "server.recv", on(CallKind::Recv, "conn"), after("client.close", 20ms))
      .step("server", "server.recv_again", on(CallKind::Recv, "conn"))
      .step("server", "server.send", send("conn", "late"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// FIN-WAIT-1: the server shut down its sending side and the client's ACK of that FIN is lost.
inline Scenario reset_in_fin_wait_1() {
  auto b = connected();
  b.fault(drop_matching("client", "server", ".", 2, -1,
                        "drop the client's ACKs after the handshake's"))
      .step("server", "server.shutdown", shutdown_write("conn"), after("server.accept", 20ms));
  client_resets(b, "server.shutdown", 20ms)
      .step("server", "server.recv", on(CallKind::Recv, "conn"), after("client.close", 20ms))
      .step("server", "server.recv_again", on(CallKind::Recv, "conn"))
      .step("server", "server.send", send("conn", "late"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// SYN-SENT: refused (RST,ACK answering the SYN); then connect() again on the same socket, and the
// data calls on it. With `bound`, the socket was bound to 127.0.0.1:40000 first and keeps that
// port (SOCK_BINDPORT_LOCK); otherwise the failed connect() released its ephemeral port.
inline Scenario connect_refused_then_again(bool bound) {
  LessonBuilder b;
  b.step("client", "client.socket", sock("sock"));
  if (bound) b.step("client", "client.bind", bind("sock", "127.0.0.1:40000"));
  b.step("client", "client.connect", connect("sock", "127.0.0.2:5555"))
      .step("client", "client.connect_again", connect("sock", "127.0.0.2:5555"),
            after("client.connect", 20ms))
      .step("client", "client.recv", on(CallKind::Recv, "sock"),
            after("client.connect_again", 20ms))
      .step("client", "client.send", send("sock", "hello"))
      .step("client", "client.close", on(CallKind::Close, "sock"));
  return b.scenario();
}

// send() and recv() on sockets that were never connected: a fresh one, and a listener.
inline Scenario data_calls_never_connected() {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "listener.send", send("listener", "hello"))
      .step("server", "listener.recv", on(CallKind::Recv, "listener"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"))
      .step("client", "client.socket", sock("sock"))
      .step("client", "client.send", send("sock", "hello"))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("client", "client.close", on(CallKind::Close, "sock"));
  return b.scenario();
}

// A connection reset while it waited in the listener's accept queue, then accept()ed.
inline Scenario reset_in_accept_queue() {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("client", "client.socket", sock("sock"), after("server.listen"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"));
  client_resets(b, "client.connect", 20ms)
      .step("server", "server.accept", accept("listener", "conn"), after("client.close", 20ms))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.recv_again", on(CallKind::Recv, "conn"))
      .step("server", "server.send", send("conn", "late"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// SO_LINGER {1, 5}: close() waits until the client's FIN is acknowledged (sk_stream_wait_close).
inline Scenario linger_until_fin_acked() {
  auto b = connected();
  b.step("client", "client.linger", linger("sock", true, 5), after("server.accept", 20ms))
      .step("client", "client.close", on(CallKind::Close, "sock"))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"), after("client.close", 20ms))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// SO_LINGER {1, 1} and no ACK of the client's FIN ever arrives: close() waits the linger time,
// O_NONBLOCK or not (inet_release passes sk_lingertime whatever the file's flags).
inline Scenario linger_times_out(bool nonblocking = false) {
  LessonBuilder b;
  b.step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.accept", accept("listener", "conn"))
      .step("client", "client.socket", nonblocking ? nonblocking_sock("sock") : sock("sock"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"), after("server.listen"));
  b.fault(drop_matching("server", "client", ".", 1, -1, "drop the server's bare ACKs"))
      .step("client", "client.linger", linger("sock", true, 1), after("server.accept", 20ms))
      .step("client", "client.close", on(CallKind::Close, "sock"))
      .step("server", "server.recv", on(CallKind::Recv, "conn"));
  return b.scenario();
}

// ---- Keepalive and TCP_CORK, set as a lesson sets them (docs/linux-facts.md) -------------------

// SO_KEEPALIVE with TCP_KEEPIDLE and TCP_KEEPINTVL of 1 s: the idle client probes with the byte
// before SND.NXT and no data (tcp_write_wakeup), 1 s after it last heard from the server
// (keepalive_time_elapsed), and the server's ACK answers each probe. The server closes 2.5 s in.
inline Scenario keepalive_probes_answered() {
  auto b = connected();
  b.step("client", "client.keepalive", socket_option("sock", SocketOption::KeepAlive, 1),
         after("server.accept"))
      .step("client", "client.keepidle", socket_option("sock", SocketOption::KeepAliveIdle, 1))
      .step("client", "client.keepintvl",
            socket_option("sock", SocketOption::KeepAliveInterval, 1))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("client", "client.close", on(CallKind::Close, "sock"))
      .step("server", "server.close", on(CallKind::Close, "conn"), after("server.accept", 2500ms))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// TCP_CORK: two small writes wait in the send queue (tcp_push with TCP_NAGLE_CORK) until the cork
// comes out 50 ms later, and leave as one segment.
inline Scenario cork_gathers_two_writes() {
  auto b = connected();
  b.step("client", "client.cork", socket_option("sock", SocketOption::Cork, 1),
         after("server.accept"))
      .step("client", "client.send_a", send("sock", "GET "), after("server.accept", 20ms))
      .step("client", "client.send_b", send("sock", "/index.html"))
      .step("client", "client.uncork", socket_option("sock", SocketOption::Cork, 0),
            after("client.send_b", 50ms))
      .step("client", "client.recv", on(CallKind::Recv, "sock"))
      .step("client", "client.close", on(CallKind::Close, "sock"))
      .step("server", "server.recv", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"), after("client.uncork", 100ms))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

// ---- Connection establishment retries (docs/linux-facts.md) ----------------------------------

// Every SYN dropped; connect() in SYN-SENT until it gives up.
inline Scenario syn_lost_until_connect_gives_up(int syn_retries, int linear_timeouts) {
  LessonBuilder b;
  b.knob("tcp_syn_retries", std::to_string(syn_retries))
      .knob("tcp_syn_linear_timeouts", std::to_string(linear_timeouts))
      .fault(drop_matching("client", "server", "S", 1, -1, "drop every SYN"))
      .step("client", "client.socket", sock("sock"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"));
  return b.scenario();
}

// TCP_USER_TIMEOUT of 1.5 s on a socket whose SYNs are all dropped: the clock runs out long
// before tcp_syn_retries (6) would (tcp_write_timeout, retransmits_timed_out with the user
// timeout), and the last retransmit timer is cut short to end at it
// (tcp_clamp_rto_to_user_timeout).
inline Scenario user_timeout_ends_connect() {
  LessonBuilder b;
  b.fault(drop_matching("client", "server", "S", 1, -1, "drop every SYN"))
      .step("client", "client.socket", sock("sock"))
      .step("client", "client.user_timeout",
            socket_option("sock", SocketOption::UserTimeout, 1500))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"));
  return b.scenario();
}

// tcp_synack_retries = 1, the client's ACKs all lost: the request socket resends its SYN-ACK after
// 1 s (reqsk_timer_handler, TCP_TIMEOUT_INIT << num_timeout), then expires 2 s later, silently.
inline Scenario synack_lost_until_the_server_gives_up() {
  LessonBuilder b;
  b.knob("tcp_synack_retries", "1")
      .fault(drop_matching("client", "server", ".", 1, -1, "drop every ACK from the client"))
      .step("server", "server.socket", sock("listener"))
      .step("server", "server.bind", bind("listener", "127.0.0.2:5555"))
      .step("server", "server.listen", on(CallKind::Listen, "listener"))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"),
            after("server.listen", 3500ms))
      .step("client", "client.socket", sock("sock"), after("server.listen"))
      .step("client", "client.connect", connect("sock", "127.0.0.2:5555"));
  return b.scenario();
}

// shutdown(SHUT_RDWR) by the server, then data from the client once the server is in FIN-WAIT-2:
// RST (RCV_SHUTDOWN, as after close()), and the server's next recv() is ECONNRESET, then 0.
inline Scenario data_after_shutdown_both() {
  auto b = connected();
  b.step("server", "server.shutdown", shutdown_both("conn"), after("server.accept", 20ms))
      .step("client", "client.eof", on(CallKind::Recv, "sock"))
      .step("client", "client.send", send("sock", "late"), after("client.eof", 50ms))
      .step("server", "server.recv", on(CallKind::Recv, "conn"), after("client.send", 50ms))
      .step("server", "server.recv_again", on(CallKind::Recv, "conn"))
      .step("server", "server.close", on(CallKind::Close, "conn"))
      .step("client", "client.close", on(CallKind::Close, "sock"), after("client.send", 60ms))
      .step("server", "server.close_listener", on(CallKind::Close, "listener"));
  return b.scenario();
}

}  // namespace tcplab::testing
