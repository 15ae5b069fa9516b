#pragma once
// What a TIME-WAIT makes of a segment the lesson injects ([[injections]]), asserted the same way on
// the model's trace and the kernel's (docs/linux-facts.md, "TIME-WAIT, segment by segment").
// The lesson: lessons/10-time-wait-assassination-injected.toml (client closes first at 500 ms,
// the server's end is gone by 900 ms, one segment injected from server:5555 at 1 s).
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/trace.h"
#include "scenario/lesson_loader.h"
#include "support/trace_query.h"
#include "support/trace_text.h"

namespace tcplab::testing {

inline Scenario injected_rst_lesson() {
  return load_lesson_file(TCPLAB_SOURCE_DIR "/lessons/10-time-wait-assassination-injected.toml");
}

// The same lesson, injecting an old duplicate of the server's "hello" (seq 1, ack 1: the copy
// lesson 10's network held back) instead of the RST.
inline Scenario injected_old_duplicate_lesson() {
  Scenario s = injected_rst_lesson();
  InjectionSpec& dup = s.injections.at(0);
  dup.flags = *parse_tcpdump_flags("P.");
  dup.seq = 1;
  dup.ack = 1;
  dup.payload = "hello";
  dup.description = {"an old duplicate of hello", "hello 的旧副本"};
  return s;
}

// The same lesson, injecting a late copy of the client's last ACK (seq 2, ack 7) to the server's
// port 5555 after its LAST-ACK ended.
inline Scenario injected_late_ack_lesson() {
  Scenario s = injected_rst_lesson();
  InjectionSpec& ack = s.injections.at(0);
  std::swap(ack.from, ack.to);
  ack.to_port = ack.from_port;
  ack.from_port.reset();
  ack.flags = TcpFlag::Ack;
  ack.seq = 2;
  ack.ack = 7;
  ack.description = {"a late copy of the client's last ACK", "客户端最后一个 ACK 的迟到副本"};
  return s;
}

// The same RST timed after a step (`after`/`delay`, the steps' rule): 500 ms after the client's
// close() returned (at 500 ms on the model: the injection is then at 1 s, as in the lesson).
inline Scenario injected_after_close_lesson() {
  Scenario s = injected_rst_lesson();
  s.injections.at(0).when = Trigger{std::nullopt, "client.close", std::chrono::milliseconds(500)};
  return s;
}

// An injection for a connection that never exists (the client's port 1), due right after the
// client's close() returned: it cannot be made, and the run stops there with an error naming it,
// on both backends.
inline Scenario injected_on_no_connection_lesson() {
  Scenario s = injected_rst_lesson();
  s.injections.at(0).when = Trigger{std::nullopt, "client.close", Duration{0}};
  s.injections.at(0).to_port = 1;
  return s;
}
// What the error says after "injection at <when it was due>: ".
inline constexpr const char* kNoConnectionWords =
    "no connection between server:5555 and client:1 has been seen by then";

// When the trace's `step` returned, and when its injected segment was written (sent).
inline std::optional<Instant> returned_at(const Trace& t, const std::string& step) {
  std::optional<Instant> at;
  for (const auto& e : t.events())
    if (const auto* c = get_if<CallEvent>(&e.body); c && c->step == step) at = e.at;
  return at;
}

inline std::optional<Instant> injected_sent_at(const Trace& t) {
  for (const auto& e : t.events())
    if (const auto* s = get_if<SegmentEvent>(&e.body);
        s && s->fault && s->fault->action == WireAction::Injected)
      return e.at;
  return std::nullopt;
}

inline std::vector<const SegmentEvent*> injected_segments(const Trace& t) {
  std::vector<const SegmentEvent*> out;
  for (const SegmentEvent* s : segments_of(t))
    if (s->fault && s->fault->action == WireAction::Injected) out.push_back(s);
  return out;
}

// The segments from the injected one on.
inline std::vector<const SegmentEvent*> from_injection_on(const Trace& t) {
  std::vector<const SegmentEvent*> out;
  for (const SegmentEvent* s : segments_of(t))
    if (!out.empty() || (s->fault && s->fault->action == WireAction::Injected)) out.push_back(s);
  return out;
}

inline const SegmentEvent* server_fin(const Trace& t) {
  for (const SegmentEvent* s : segments_of(t))
    if (s->from == "server" && s->segment.flags.fin()) return s;
  return nullptr;
}

// Checks common to every run: one segment injected, at 1 s, from server:5555 to the client's
// four-tuple, no socket as its sender, numbers as written (relative to the connection's ISNs).
inline void expect_injected(const Trace& t, const char* flags, std::uint32_t rel_seq,
                            std::uint32_t rel_ack, const std::string& payload,
                            bool from_server = true) {
  const auto injected = injected_segments(t);
  ASSERT_EQ(injected.size(), 1u) << describe(t);
  const SegmentEvent& s = *injected[0];
  EXPECT_EQ(s.from, from_server ? "server" : "client");
  EXPECT_EQ(s.to, from_server ? "client" : "server");
  EXPECT_EQ(s.endpoint, "");  // no socket sent it
  EXPECT_EQ(from_server ? s.segment.src.port : s.segment.dst.port, 5555);
  EXPECT_EQ(tcpdump_flags(s.segment.flags), flags);
  EXPECT_EQ(s.rel_seq, rel_seq);
  if (s.segment.flags.ack()) {
    EXPECT_EQ(s.rel_ack, rel_ack);
  }
  EXPECT_EQ(s.segment.payload, payload);
  EXPECT_EQ(s.fate, SegmentFate::Delivered);
  // Written at 1 s: the model exactly, the kernel when its injector thread ran (never before).
  EXPECT_GE(to_ns(s.arrives_at), 1'000'000'000) << describe(t);
  // The client's four-tuple, as its FIN had it.
  const SegmentEvent* fin = nullptr;
  for (const SegmentEvent* c : segments_of(t))
    if (c->from == "client" && c->segment.flags.fin()) fin = c;
  ASSERT_TRUE(fin) << describe(t);
  EXPECT_EQ(from_server ? s.segment.dst : s.segment.src, fin->segment.src);
  EXPECT_EQ(from_server ? s.segment.src : s.segment.dst, fin->segment.dst);
}

// tcp_rfc1337 = 0: the RST at RCV.NXT (the server's FIN + 1) kills the TIME-WAIT at once; nothing
// answers it.
inline void expect_rst_assassinates(const Trace& t) {
  expect_injected(t, "R", 7, 0, "");
  const auto after = from_injection_on(t);
  ASSERT_FALSE(after.empty());
  const SegmentEvent& rst = *after[0];
  const SegmentEvent* fin = server_fin(t);
  ASSERT_TRUE(fin) << describe(t);
  EXPECT_EQ(rst.segment.seq, fin->segment.seq + 1);  // exactly TIME-WAIT's RCV.NXT
  EXPECT_EQ(after.size(), 1u) << "nothing answers an RST\n" << describe(t);
  EXPECT_EQ(state_at(t, "client#1", rst.arrives_at - std::chrono::milliseconds(1)),
            TcpState::TimeWait)
      << describe(t);
  EXPECT_EQ(states_of(t, "client#1").back(), TcpState::Closed) << describe(t);
}

// tcp_rfc1337 = 1: the RST is ignored; TIME-WAIT stays, and its timer is not restarted (only a
// bare ACK at RCV.NXT restarts it in tcp_timewait_state_process). Returns the TIME-WAIT timer's
// deadline as armed before the RST (nullopt if none was seen).
inline std::optional<Instant> expect_rst_ignored(const Trace& t) {
  expect_injected(t, "R", 7, 0, "");
  const auto after = from_injection_on(t);
  EXPECT_EQ(after.size(), 1u) << "nothing answers an RST\n" << describe(t);
  EXPECT_EQ(states_of(t, "client#1").back(), TcpState::TimeWait) << describe(t);
  if (after.empty()) return std::nullopt;
  std::optional<Instant> armed;
  for (const auto& e : t.events()) {
    const auto* timer = get_if<TimerEvent>(&e.body);
    if (!timer || timer->endpoint != "client#1" || timer->timer != TimerKind::TimeWait) continue;
    if (e.at < after[0]->arrives_at) {
      if (timer->action == TimerAction::Armed) armed = timer->deadline;
    } else {
      ADD_FAILURE() << "TIME-WAIT's timer changed after the ignored RST\n" << describe(t);
    }
  }
  EXPECT_TRUE(armed) << describe(t);
  return armed;
}

// An old duplicate of "hello" in TIME-WAIT (lesson 10's chain, with tcp_rfc1337 = 0): TIME-WAIT
// answers with an ACK of where it is (its SND.NXT, RCV.NXT 7); the server has no socket left and
// answers that ACK with an RST at its ACK number; the RST kills the TIME-WAIT.
inline void expect_old_duplicate_chain(const Trace& t) {
  expect_injected(t, "P.", 1, 1, "hello");
  const auto after = from_injection_on(t);
  ASSERT_EQ(after.size(), 3u) << describe(t);
  const SegmentEvent& tw_ack = *after[1];
  const SegmentEvent& rst = *after[2];
  EXPECT_EQ(tw_ack.from, "client");
  EXPECT_EQ(tcpdump_flags(tw_ack.segment.flags), ".");
  EXPECT_EQ(tw_ack.rel_ack, 7u);  // RCV.NXT: after the server's FIN
  EXPECT_EQ(tw_ack.rel_seq, 2u);  // SND.NXT: after the client's SYN and FIN
  EXPECT_EQ(rst.from, "server");
  EXPECT_EQ(rst.endpoint, "");  // the host: no socket
  EXPECT_EQ(tcpdump_flags(rst.segment.flags), "R");
  EXPECT_EQ(rst.segment.seq, tw_ack.segment.ack);  // RFC 9293 §3.10.7.1: <SEQ=SEG.ACK><CTL=RST>
  EXPECT_EQ(states_of(t, "client#1").back(), TcpState::Closed) << describe(t);
}

// A late copy of the client's last ACK after the server's LAST-ACK ended: no socket has that
// four-tuple on the server, whose host answers with an RST at the ACK's number (RFC 9293
// §3.10.7.1); that RST is exactly the client's TIME-WAIT RCV.NXT, and kills it (tcp_rfc1337 = 0).
inline void expect_late_ack_chain(const Trace& t) {
  expect_injected(t, ".", 2, 7, "", false);
  const auto after = from_injection_on(t);
  ASSERT_EQ(after.size(), 2u) << describe(t);
  const SegmentEvent& rst = *after[1];
  EXPECT_EQ(rst.from, "server");
  EXPECT_EQ(rst.endpoint, "");  // the host: no socket
  EXPECT_EQ(tcpdump_flags(rst.segment.flags), "R");
  EXPECT_EQ(rst.rel_seq, 7u);
  EXPECT_EQ(rst.segment.seq, after[0]->segment.ack);
  EXPECT_EQ(states_of(t, "client#1").back(), TcpState::Closed) << describe(t);
}

}  // namespace tcplab::testing
