#pragma once
// Brings an Endpoint into any state by replaying the events that lead there (never by poking
// its fields), then checks what one more input does: exactly these segments, this state.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "core/endpoint.h"
#include "core/profile.h"

namespace tcplab::testing {

inline constexpr std::uint32_t kOurIss = 1000;
inline constexpr std::uint32_t kPeerIss = 5000;
// A segment's payload from established_with_linux_peer(): MSS 1000 less the timestamps option.
inline constexpr std::uint32_t kSeg = 988;

inline const TcpFlags kSyn = TcpFlag::Syn;
inline const TcpFlags kSynAck = TcpFlag::Syn | TcpFlag::Ack;
inline const TcpFlags kAck = TcpFlag::Ack;
inline const TcpFlags kPshAck = TcpFlag::Psh | TcpFlag::Ack;
inline const TcpFlags kFinAck = TcpFlag::Fin | TcpFlag::Ack;
inline const TcpFlags kRst = TcpFlag::Rst;
inline const TcpFlags kRstAck = TcpFlag::Rst | TcpFlag::Ack;

class EndpointTest : public ::testing::Test {
 protected:
  Profile profile = rfc9293_profile();
  const FourTuple tuple{{Ipv4{0x7f000001}, 40000}, {Ipv4{0x7f000002}, 5555}};
  Instant now = kTimeZero;
  Effects fx;
  std::optional<Endpoint> ep;

  // A segment from the peer; seq and ack relative to the peer's and our ISN.
  Segment peer(TcpFlags flags, std::uint32_t rel_seq, std::uint32_t rel_ack,
               std::string payload = {}) const {
    Segment s;
    s.src = tuple.remote;
    s.dst = tuple.local;
    s.seq = SeqNum(kPeerIss + rel_seq);
    s.ack = flags.ack() ? SeqNum(kOurIss + rel_ack) : SeqNum(0);
    s.flags = flags;
    s.window = 65535;
    s.payload = std::move(payload);
    return s;
  }
  void arrive(const Segment& s) {
    fx.clear();
    ep->on_segment(now, s, fx);
  }
  void advance_to(Instant t) {
    now = t;
    fx.clear();
    ep->on_timer(now, fx);
  }
  void advance(Duration d) { advance_to(now + d); }
  void call_close() {
    fx.clear();
    ep->close(now, fx);
  }
  void call_shutdown() {
    fx.clear();
    ep->shutdown_write(now, fx);
  }
  void call_send(std::string_view data) {
    fx.clear();
    ep->send(now, data, fx);
  }
  std::string call_read(std::size_t max) {
    fx.clear();
    return ep->read(now, max, fx);
  }

  // ---- Bringing the endpoint into a state ----
  void syn_sent() {
    fx.clear();
    ep = Endpoint::open_active(now, profile, tuple, SeqNum(kOurIss), fx);
  }
  void established() {
    syn_sent();
    arrive(peer(TcpFlag::Syn | TcpFlag::Ack, 0, 1));
  }
  void syn_received() {
    fx.clear();
    Segment syn = peer(TcpFlag::Syn, 0, 0);
    ep = Endpoint::open_passive(now, profile, syn, SeqNum(kOurIss), fx);
  }
  void fin_wait_1() {
    established();
    call_close();
  }
  void fin_wait_2() {
    fin_wait_1();
    arrive(peer(TcpFlag::Ack, 1, 2));
  }
  void close_wait() {
    established();
    arrive(peer(TcpFlag::Fin | TcpFlag::Ack, 1, 1));
  }
  void last_ack() {
    close_wait();
    call_close();
  }
  void closing() {
    fin_wait_1();
    arrive(peer(TcpFlag::Fin | TcpFlag::Ack, 1, 1));
  }
  // Established with a peer that is Linux: MSS 1000, window scale 7, timestamps, and SACK when
  // `sack_ok`; its SYN,ACK arrives `rtt` after our SYN.
  void established_with_linux_peer(Duration rtt, bool sack_ok = true) {
    syn_sent();
    now += rtt;
    Segment synack = peer(TcpFlag::Syn | TcpFlag::Ack, 0, 1);
    synack.options.mss = 1000;
    synack.options.sack_permitted = sack_ok;
    synack.options.window_scale = 7;
    synack.options.timestamps = TcpTimestamps{500, ep->ts_val(kTimeZero)};
    arrive(synack);
  }

  // ---- Expectations ----
  void expect_state(TcpState s) const { EXPECT_EQ(rfc_name(ep->state()), rfc_name(s)); }
  // Exactly one segment, with these flags and relative seq/ack.
  void expect_segment(TcpFlags flags, std::uint32_t rel_seq, std::uint32_t rel_ack) const {
    ASSERT_EQ(fx.segments.size(), 1u) << "segments sent: " << fx.segments.size();
    const Segment& s = fx.segments[0].segment;
    EXPECT_EQ(tcpdump_flags(s.flags), tcpdump_flags(flags));
    EXPECT_EQ(s.seq.raw() - kOurIss, rel_seq) << "seq";
    if (flags.ack()) {
      EXPECT_EQ(s.ack.raw() - kPeerIss, rel_ack) << "ack";
    }
    EXPECT_EQ(s.src, tuple.local);
    EXPECT_EQ(s.dst, tuple.remote);
  }
  void expect_nothing_sent() const {
    EXPECT_TRUE(fx.segments.empty())
        << "sent " << fx.segments.size() << " segment(s), first "
        << (fx.segments.empty() ? "" : tcpdump_flags(fx.segments[0].segment.flags));
  }
  void expect_transition(TcpState from, TcpState to) const {
    bool found = false;
    for (const auto& c : fx.states) found = found || (c.from == from && c.to == to);
    EXPECT_TRUE(found) << "no transition " << rfc_name(from) << " -> " << rfc_name(to);
  }
  void expect_cause(StateCause cause, std::uint32_t count = 0) const {
    ASSERT_FALSE(fx.states.empty());
    EXPECT_EQ(fx.states.back().cause, cause) << state_cause_key(fx.states.back().cause);
    EXPECT_EQ(fx.states.back().cause_count, count);
  }
  // The endpoint refused the segment, and decided exactly `code` about it.
  void expect_rejected(VerdictCode code) const {
    EXPECT_EQ(fx.verdict.verdict, Verdict::Rejected);
    EXPECT_NE(fx.rejected(), RejectCode::None);
    EXPECT_EQ(verdict_code_key(fx.verdict.what), verdict_code_key(code));
  }
  // The endpoint took the segment, and decided exactly `code` about it.
  void expect_accepted(VerdictCode code) const {
    EXPECT_EQ(fx.verdict.verdict, Verdict::Accepted);
    EXPECT_EQ(fx.rejected(), RejectCode::None);
    EXPECT_EQ(verdict_code_key(fx.verdict.what), verdict_code_key(code));
  }
};

}  // namespace tcplab::testing
