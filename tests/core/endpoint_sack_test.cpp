// SACK and loss recovery, with the linux profile: the receiver holds out-of-order data and names
// it in SACK blocks, most recent first (RFC 2018 §4); the sender resends only what its scoreboard
// says is lost: RACK once three segments are SACKed beyond a hole (RFC 8985 §6.2, Linux
// tcp_rack_detect_loss), the head after three duplicate ACKs without SACK (RFC 6582). What Linux
// 6.18 sent in the same exchanges is in docs/linux-facts.md ("SACK and loss recovery").
#include "core/endpoint.h"
#include "endpoint_fixture.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

class Sack : public EndpointTest {
 protected:
  Sack() { profile = linux_profile(); }

  // The peer as Linux with MSS 1000; `sack_ok` says whether its SYN,ACK offered SACK.
  void established_with(bool sack_ok) {
    established_with_linux_peer(10ms, sack_ok);
  }
  Segment from_peer(TcpFlags flags, std::uint32_t rel_seq, std::uint32_t rel_ack,
                    std::uint32_t tsval, std::string payload = {}) const {
    Segment s = peer(flags, rel_seq, rel_ack, std::move(payload));
    s.window = 512;
    s.options.timestamps = TcpTimestamps{tsval, 0};
    return s;
  }
  // An ACK from the peer with SACK blocks, relative to our ISN.
  Segment sack_ack(std::uint32_t rel_ack, std::vector<std::pair<std::uint32_t, std::uint32_t>> blocks,
                   std::uint32_t tsval = 520) const {
    Segment s = from_peer(kAck, 1, rel_ack, tsval);
    for (auto [l, r] : blocks) s.options.sack.push_back({SeqNum(kOurIss + l), SeqNum(kOurIss + r)});
    return s;
  }
  const Segment& sent(std::size_t i = 0) const { return fx.segments.at(i).segment; }
  // Blocks relative to the peer's ISN, as packetdrill writes them.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> blocks_of(const Segment& s) const {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    for (const SackBlock& b : s.options.sack) out.emplace_back(b.left.raw() - kPeerIss, b.right.raw() - kPeerIss);
    return out;
  }
  using Blocks = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  std::string data(std::uint32_t n) const { return std::string(n, 'd'); }
};

TEST_F(Sack, ReceiverNamesHeldDataMostRecentFirstBehindTheTimestamps) {
  established_with(true);
  arrive(from_peer(kAck, 1, 1, 510, data(kSeg)));
  expect_segment(kAck, 1, 989);
  EXPECT_TRUE(sent().options.sack.empty());

  arrive(from_peer(kAck, 1977, 1, 511, data(kSeg)));  // 989:1977 lost
  expect_segment(kAck, 1, 989);
  EXPECT_EQ(blocks_of(sent()), (Blocks{{1977, 2965}}));
  EXPECT_EQ(tcp_options_layout(sent().options),
            (std::vector<TcpOptionKind>{TcpOptionKind::Nop, TcpOptionKind::Nop,
                                        TcpOptionKind::Timestamps, TcpOptionKind::Nop,
                                        TcpOptionKind::Nop, TcpOptionKind::Sack}));
  EXPECT_EQ(sent().options.timestamps->ecr, 510u);  // beyond Last.ACK.sent: not TS.Recent

  arrive(from_peer(kAck, 2965, 1, 512, data(kSeg)));
  expect_segment(kAck, 1, 989);
  EXPECT_EQ(blocks_of(sent()), (Blocks{{1977, 3953}}));

  arrive(from_peer(kAck, 4941, 1, 513, data(kSeg)));  // a second hole: newest block first
  expect_segment(kAck, 1, 989);
  EXPECT_EQ(blocks_of(sent()), (Blocks{{4941, 5929}, {1977, 3953}}));
}

TEST_F(Sack, FillingAHoleAcksAtOnceOverTheHeldBytes) {
  established_with(true);
  arrive(from_peer(kAck, 1, 1, 510, data(kSeg)));
  arrive(from_peer(kAck, 1977, 1, 511, data(kSeg)));
  arrive(from_peer(kAck, 4941, 1, 512, data(kSeg)));
  now += 10ms;
  arrive(from_peer(kAck, 989, 1, 520, data(kSeg)));
  expect_segment(kAck, 1, 2965);
  EXPECT_EQ(blocks_of(sent()), (Blocks{{4941, 5929}}));
  EXPECT_EQ(sent().options.timestamps->ecr, 520u);
  arrive(from_peer(kAck, 2965, 1, 530, data(2 * kSeg)));
  expect_segment(kAck, 1, 5929);
  EXPECT_TRUE(sent().options.sack.empty());
  EXPECT_EQ(call_read(100000).size(), 6u * kSeg);
}

TEST_F(Sack, AFinHeldOutOfOrderClosesOnceTheHoleIsFilled) {
  established_with(true);
  arrive(from_peer(TcpFlag::Fin | TcpFlag::Ack, 11, 1, 510, "world"));
  expect_segment(kAck, 1, 1);
  EXPECT_EQ(blocks_of(sent()), (Blocks{{11, 17}}));  // the FIN's number is in the block
  expect_state(TcpState::Established);
  arrive(from_peer(kAck, 1, 1, 511, "hello_____"));
  expect_transition(TcpState::Established, TcpState::CloseWait);
  EXPECT_EQ(ep->rcv_nxt().raw() - kPeerIss, 17u);
  EXPECT_EQ(call_read(100), "hello_____world");
}

TEST_F(Sack, DataReceivedTwiceIsReportedOnceAsADsackBlockFirst) {
  established_with(true);
  arrive(from_peer(kAck, 1, 1, 510, data(kSeg)));
  arrive(from_peer(kAck, 1977, 1, 511, data(kSeg)));
  arrive(from_peer(kAck, 1, 1, 512, data(kSeg)));  // our ACK was lost: the same bytes again
  expect_segment(kAck, 1, 989);
  EXPECT_EQ(blocks_of(sent()), (Blocks{{1, 989}, {1977, 2965}}));  // RFC 2883 §4: D-SACK first
  arrive(from_peer(kAck, 2965, 1, 513, data(kSeg)));
  EXPECT_EQ(blocks_of(sent()), (Blocks{{1977, 3953}}));  // reported once
}

TEST_F(Sack, ARepeatedSynAckGetsAChallengeAckWithoutDsack) {
  established_with(true);
  Segment synack = peer(kSynAck, 0, 1);
  synack.options.timestamps = TcpTimestamps{600, 0};
  arrive(synack);
  expect_segment(kAck, 1, 1);
  EXPECT_TRUE(sent().options.sack.empty());
}

TEST_F(Sack, NoSackBlocksWhenThePeerDidNotOfferSack) {
  established_with(false);
  arrive(from_peer(kAck, 1977, 1, 511, data(kSeg)));
  expect_segment(kAck, 1, 1);
  EXPECT_TRUE(sent().options.sack.empty());
}

TEST_F(Sack, ThreeSackedSegmentsResendOnlyTheHoleAsItWasSent) {
  established_with(true);
  call_send(data(5 * kSeg));
  ASSERT_EQ(fx.segments.size(), 5u);
  now += 10ms;
  arrive(sack_ack(989, {}));
  expect_nothing_sent();
  arrive(sack_ack(989, {{1977, 2965}}));
  expect_nothing_sent();
  arrive(sack_ack(989, {{1977, 3953}}));
  expect_nothing_sent();  // two SACKed: RACK still allows for reordering
  arrive(sack_ack(989, {{1977, 4941}}));
  expect_segment(kAck, 989, 1);  // the hole, without PSH as it first left
  EXPECT_TRUE(fx.segments[0].retransmission);
  EXPECT_EQ(sent().payload_len(), kSeg);
  EXPECT_EQ(sent().options.timestamps->ecr, 520u);
  arrive(sack_ack(989, {{1977, 4941}}));
  expect_nothing_sent();  // resent once only
  now += 10ms;
  arrive(sack_ack(4941, {}));
  expect_nothing_sent();
  EXPECT_EQ(ep->snd_una(), ep->snd_nxt());
}

TEST_F(Sack, OneSackedSegmentWaitsRacksReorderingWindowThenResendsTheHole) {
  established_with(true);  // RTT 10 ms: min_rtt/4 = 2.5 ms
  call_send(data(3 * kSeg));
  now += 10ms;
  arrive(sack_ack(989, {}));
  arrive(sack_ack(989, {{1977, 2965}}));
  expect_nothing_sent();
  // 2.5 ms (+1 us) rounded up to one jiffy, plus TCP_TIMEOUT_MIN (8 ms): 12 ms.
  ASSERT_TRUE(ep->poll_at());
  EXPECT_EQ(*ep->poll_at() - now, Duration{12ms});
  advance(11ms);
  expect_nothing_sent();
  advance(1ms);
  expect_segment(kAck, 989, 1);
  EXPECT_TRUE(fx.segments[0].retransmission);
  EXPECT_EQ(sent().payload_len(), kSeg);
}

TEST_F(Sack, TwoHolesGoOneAtATimeAsPrrAllows) {
  // Linux 6.18 resent only the first hole on this ACK (docs/linux-facts.md, "Proportional rate
  // reduction"): PRR lets one segment go per segment delivered (tcp_cwnd_reduction).
  established_with(true);
  call_send(data(6 * kSeg));
  now += 10ms;
  arrive(sack_ack(989, {}));
  arrive(sack_ack(989, {{1977, 2965}}));
  arrive(sack_ack(989, {{3953, 4941}, {1977, 2965}}));
  arrive(sack_ack(989, {{3953, 5929}, {1977, 2965}}));
  ASSERT_EQ(fx.segments.size(), 1u);
  EXPECT_EQ(sent(0).seq.raw() - kOurIss, 989u);
  EXPECT_TRUE(fx.segments[0].retransmission);
  // The resent hole arrives: the second one goes.
  now += 10ms;
  arrive(sack_ack(2965, {{3953, 5929}}));
  ASSERT_EQ(fx.segments.size(), 1u);
  EXPECT_EQ(sent(0).seq.raw() - kOurIss, 2965u);
  EXPECT_TRUE(fx.segments[0].retransmission);
}

TEST_F(Sack, WithoutSackTheThirdDuplicateAckResendsTheHead) {
  established_with(false);
  call_send(data(5 * kSeg));
  now += 10ms;
  arrive(from_peer(kAck, 1, 989, 520));
  arrive(from_peer(kAck, 1, 989, 520));
  arrive(from_peer(kAck, 1, 989, 520));
  expect_nothing_sent();
  arrive(from_peer(kAck, 1, 989, 520));
  expect_segment(kAck, 989, 1);
  EXPECT_TRUE(fx.segments[0].retransmission);
  EXPECT_TRUE(sent().options.sack.empty());
  // A partial ACK in recovery: the next hole is resent at once (RFC 6582 §3.2 step 5).
  arrive(from_peer(kAck, 1, 2965, 530));
  expect_segment(kAck, 2965, 1);
  EXPECT_TRUE(fx.segments[0].retransmission);
}

TEST_F(Sack, Rfc9293OffersNoSackAndFastRetransmitsOnThreeDuplicates) {
  profile = rfc9293_profile();
  profile.initial_cwnd = 10;  // all five leave at once (RFC 5681's IW would be three)
  syn_sent();
  EXPECT_FALSE(sent().options.sack_permitted);
  Segment synack = peer(kSynAck, 0, 1);
  synack.options.mss = 1460;
  arrive(synack);
  call_send(data(5 * 1460));
  ASSERT_EQ(fx.segments.size(), 5u);
  for (int i = 0; i < 3; ++i) {
    arrive(peer(kAck, 1, 1461));
    if (i == 0) expect_nothing_sent();
  }
  // The first ACK advanced SND.UNA; two duplicates so far.
  expect_nothing_sent();
  arrive(peer(kAck, 1, 1461));
  expect_segment(kAck, 1461, 1);
  EXPECT_TRUE(fx.segments[0].retransmission);
}

}  // namespace
}  // namespace tcplab::testing
