// TCP options on every segment an Endpoint sends, with the linux profile: the SYN and SYN,ACK
// carry MSS, SACK-permitted, timestamps and window scale as Linux 6.x lays them out (what the
// kernel sent over loopback is in docs/linux-facts.md); every later segment carries the
// timestamps, echoing the peer's latest TS.Recent (RFC 7323 §4.3); data segments stay within
// the smaller MSS less the timestamp option. Knobs turn each option off.
#include "core/endpoint.h"
#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

class LinuxOptions : public EndpointTest {
 protected:
  LinuxOptions() { profile = linux_profile(); }

  // The peer as Linux: its SYN (or SYN,ACK) offers all four options, timestamps from `tsval`.
  Segment linux_peer(TcpFlags flags, std::uint32_t rel_seq, std::uint32_t rel_ack,
                     std::uint32_t tsval, std::uint32_t tsecr, std::string payload = {}) const {
    Segment s = peer(flags, rel_seq, rel_ack, std::move(payload));
    if (flags.syn()) {
      s.options.mss = 65495;
      s.options.sack_permitted = true;
      s.options.window_scale = 7;
    } else {
      s.window = 512;  // 65536 >> 7
    }
    s.options.timestamps = TcpTimestamps{tsval, tsecr};
    return s;
  }
  const Segment& sent(std::size_t i = 0) const { return fx.segments.at(i).segment; }
  std::uint32_t our_ts() const { return ep->ts_val(now); }
  // An established connection with a Linux peer whose SYN,ACK had TSval 500.
  void linux_established() {
    syn_sent();
    now += 1ms;
    arrive(linux_peer(kSynAck, 0, 1, 500, ep->ts_val(kTimeZero)));
  }
};

TEST_F(LinuxOptions, SynOffersAllFourOptionsInLinuxOrder) {
  syn_sent();
  expect_segment(kSyn, 0, 0);
  const Segment& syn = sent();
  EXPECT_EQ(tcpdump_options(syn.options),
            "mss 65495,sackOK,TS val " + std::to_string(our_ts()) + " ecr 0,nop,wscale 7");
  EXPECT_EQ(tcp_options_length(syn.options), 20u);
  EXPECT_EQ(syn.window, 65535);  // a SYN's window is never scaled
}

TEST_F(LinuxOptions, SynAckAnswersWhatTheSynOfferedAndEchoesItsTsval) {
  fx.clear();
  ep = Endpoint::open_passive(now, profile, linux_peer(kSyn, 0, 0, 777, 0), SeqNum(kOurIss), fx);
  expect_segment(kSynAck, 0, 1);
  EXPECT_EQ(tcpdump_options(sent().options),
            "mss 65495,sackOK,TS val " + std::to_string(our_ts()) + " ecr 777,nop,wscale 7");
  EXPECT_EQ(sent().window, 65535);
}

TEST_F(LinuxOptions, SynAckToAPlainSynCarriesTheMssOnly) {
  // tcp_synack_options: timestamps, SACK and window scale only when the SYN offered them.
  fx.clear();
  Segment syn = peer(kSyn, 0, 0);
  syn.options.mss = 1460;
  ep = Endpoint::open_passive(now, profile, syn, SeqNum(kOurIss), fx);
  EXPECT_EQ(tcpdump_options(sent().options), "mss 65495");
  arrive(peer(kAck, 1, 1));
  expect_state(TcpState::Established);
  call_send(std::string(3000, 'x'));
  ASSERT_EQ(fx.segments.size(), 3u);  // the peer's 1460, no option bytes taken from it
  EXPECT_EQ(sent(0).payload_len(), 1460u);
  EXPECT_EQ(sent(1).payload_len(), 1460u);
  EXPECT_EQ(sent(2).payload_len(), 80u);
  for (const auto& out : fx.segments) EXPECT_TRUE(out.segment.options.empty());
  EXPECT_EQ(sent(0).window, 65535);  // no window scaling either
}

TEST_F(LinuxOptions, WithoutAnMssOptionThePeerGets536ByteSegments) {
  // RFC 9293 §3.7.1: a SYN without MSS option means 536 (Linux TCP_MSS_DEFAULT).
  fx.clear();
  ep = Endpoint::open_passive(now, profile, peer(kSyn, 0, 0), SeqNum(kOurIss), fx);
  arrive(peer(kAck, 1, 1));
  call_send(std::string(600, 'x'));
  ASSERT_EQ(fx.segments.size(), 2u);
  EXPECT_EQ(sent(0).payload_len(), 536u);
  EXPECT_EQ(sent(1).payload_len(), 64u);
}

TEST_F(LinuxOptions, TheHandshakeAckEchoesTheSynAcksTsval) {
  linux_established();
  expect_state(TcpState::Established);
  expect_segment(kAck, 1, 1);
  EXPECT_EQ(tcpdump_options(sent().options),
            "nop,nop,TS val " + std::to_string(our_ts()) + " ecr 500");
  EXPECT_EQ(sent().window, 512);  // 65535 rounded up to 128-byte units, shifted by 7
}

TEST_F(LinuxOptions, DataAckAndFinCarryTimestampsEchoingTheLatestTsval) {
  linux_established();
  now += 10ms;
  arrive(linux_peer(kPshAck, 1, 1, 510, 0, "hello"));
  expect_segment(kAck, 1, 6);
  ASSERT_TRUE(sent().options.timestamps);
  EXPECT_EQ(sent().options.timestamps->ecr, 510u);
  EXPECT_EQ(sent().options.timestamps->val, ep->ts_val(kTimeZero) + 11);  // 1 ms ticks

  now += 5ms;
  call_send("bye");
  expect_segment(kPshAck, 1, 6);
  EXPECT_EQ(tcpdump_options(sent().options),
            "nop,nop,TS val " + std::to_string(our_ts()) + " ecr 510");

  call_close();
  expect_segment(kFinAck, 4, 6);
  EXPECT_EQ(tcpdump_options(sent().options),
            "nop,nop,TS val " + std::to_string(our_ts()) + " ecr 510");
}

TEST_F(LinuxOptions, TsRecentIsNotTakenFromASegmentBeyondLastAckSent) {
  // RFC 7323 §4.3 (2): only a segment at or before Last.ACK.sent updates TS.Recent.
  linux_established();
  arrive(linux_peer(kPshAck, 100, 1, 900, 0, "later"));  // out of order, beyond RCV.NXT
  expect_segment(kAck, 1, 1);
  EXPECT_EQ(sent().options.timestamps->ecr, 500u);
  arrive(linux_peer(kPshAck, 1, 1, 600, 0, "now"));
  expect_segment(kAck, 1, 4);
  EXPECT_EQ(sent().options.timestamps->ecr, 600u);
  arrive(linux_peer(kAck, 4, 1, 550, 0));  // an older TSval does not go back
  arrive(linux_peer(kPshAck, 4, 1, 560, 0, "x"));
  EXPECT_EQ(sent().options.timestamps->ecr, 600u);
}

TEST_F(LinuxOptions, DataSegmentsAreTheSmallerMssLessTheTimestampOption) {
  syn_sent();
  Segment synack = linux_peer(kSynAck, 0, 1, 500, 0);
  synack.options.mss = 1000;
  arrive(synack);
  call_send(std::string(2000, 'x'));
  ASSERT_EQ(fx.segments.size(), 3u);
  EXPECT_EQ(sent(0).payload_len(), 988u);  // 1000 - 12 (tcp_current_mss)
  EXPECT_EQ(sent(1).payload_len(), 988u);
  EXPECT_EQ(sent(2).payload_len(), 24u);
}

TEST_F(LinuxOptions, AbortsRstCarriesTimestampsButAResetReplyCarriesNone) {
  linux_established();
  fx.clear();
  ep->abort(now, StateCause::CloseWithLingerZero, fx);
  expect_segment(TcpFlag::Rst | TcpFlag::Ack, 1, 1);  // tcp_send_active_reset
  EXPECT_TRUE(sent().options.timestamps);

  // tcp_v4_send_reset: a RST answering an unacceptable ACK in SYN-SENT has no options.
  syn_sent();
  arrive(linux_peer(kSynAck, 0, 77, 500, 0));
  expect_segment(TcpFlag::Rst, 77, 0);
  EXPECT_TRUE(sent().options.empty());
}

TEST_F(LinuxOptions, RetransmittedSynCarriesANewTsval) {
  syn_sent();
  const std::uint32_t first = sent().options.timestamps->val;
  advance(1s);
  ASSERT_EQ(fx.segments.size(), 1u);
  EXPECT_TRUE(fx.segments[0].retransmission);
  EXPECT_EQ(sent().options.timestamps->val, first + 1000);
  EXPECT_EQ(sent().options.timestamps->ecr, 0u);
}

// ---- Knobs ----------------------------------------------------------------------------------

TEST_F(LinuxOptions, TcpTimestampsOffLeavesThemOutEverywhere) {
  ASSERT_FALSE(set_knob(profile, "tcp_timestamps", "0"));
  syn_sent();
  EXPECT_EQ(tcpdump_options(sent().options), "mss 65495,nop,nop,sackOK,nop,wscale 7");
  EXPECT_EQ(tcp_options_length(sent().options), 12u);  // 8 bytes shorter than with timestamps
  arrive(linux_peer(kSynAck, 0, 1, 500, 0));           // the peer offers them; we did not
  expect_segment(kAck, 1, 1);
  EXPECT_TRUE(sent().options.empty());  // 12 bytes shorter than with timestamps
  call_send(std::string(70000, 'x'));
  EXPECT_EQ(sent(0).payload_len(), 65495u);  // no timestamp option to make room for
}

TEST_F(LinuxOptions, TcpSackOffLeavesOutSackPermitted) {
  ASSERT_FALSE(set_knob(profile, "tcp_sack", "0"));
  syn_sent();
  EXPECT_EQ(tcpdump_options(sent().options),
            "mss 65495,nop,nop,TS val " + std::to_string(our_ts()) + " ecr 0,nop,wscale 7");
}

TEST_F(LinuxOptions, TcpWindowScalingOffLeavesOutTheShiftAndTheWindowUnscaled) {
  ASSERT_FALSE(set_knob(profile, "tcp_window_scaling", "0"));
  syn_sent();
  EXPECT_EQ(tcpdump_options(sent().options),
            "mss 65495,sackOK,TS val " + std::to_string(our_ts()) + " ecr 0");
  now += 1ms;
  arrive(linux_peer(kSynAck, 0, 1, 500, 0));
  EXPECT_EQ(sent().window, 65535);
}

TEST_F(LinuxOptions, TheWindowScaleFollowsTcpRmemMax) {
  // tcp_select_initial_window: ilog2(tcp_rmem[2]) - 15; this machine's 33554432 gives 10.
  ASSERT_FALSE(set_knob(profile, "tcp_rmem_max", "33554432"));
  syn_sent();
  EXPECT_EQ(sent().options.window_scale, std::optional<std::uint8_t>(10));
  ASSERT_FALSE(set_knob(profile, "tcp_rmem_max", "65535"));
  syn_sent();
  EXPECT_EQ(sent().options.window_scale, std::optional<std::uint8_t>(0));
}

TEST_F(EndpointTest, TheRfcProfileSendsTheMssOptionOnly) {
  // RFC 9293 §3.7.1: "SHOULD send an MSS Option in every SYN"; nothing else by default.
  syn_sent();
  ASSERT_EQ(fx.segments.size(), 1u);
  EXPECT_EQ(tcpdump_options(fx.segments[0].segment.options), "mss 1460");
  arrive(peer(kSynAck, 0, 1));
  EXPECT_TRUE(fx.segments.at(0).segment.options.empty());
}

}  // namespace
}  // namespace tcplab::testing
