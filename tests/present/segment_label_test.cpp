#include "present/segment_label.h"

#include <gtest/gtest.h>

#include "present/translate.h"

namespace tcplab::present {
namespace {

SegmentEvent segment(TcpFlags flags, std::uint32_t seq, std::uint32_t ack,
                     std::string payload = {}) {
  SegmentEvent e;
  e.from = "client";
  e.to = "server";
  e.segment.flags = flags;
  e.segment.payload = std::move(payload);
  e.rel_seq = seq;
  e.rel_ack = ack;
  return e;
}

TEST(SegmentLabel, TcpdumpFlagsAndRelativeNumbers) {
  EXPECT_EQ(segment_label(segment(TcpFlag::Syn, 0, 0)), "S seq 0");
  EXPECT_EQ(segment_label(segment(TcpFlag::Syn | TcpFlag::Ack, 0, 1)), "S. seq 0 ack 1");
  EXPECT_EQ(segment_label(segment(TcpFlag::Fin | TcpFlag::Ack, 1, 1)), "F. seq 1 ack 1");
  EXPECT_EQ(segment_label(segment(TcpFlag::Psh | TcpFlag::Ack, 1, 1, "hello")),
            "P. seq 1:6 ack 1 len 5");
}

TEST(SegmentLabel, SaysWhenItIsARetransmission) {
  SegmentEvent e = segment(TcpFlag::Fin | TcpFlag::Ack, 6, 1);
  e.retransmission = true;
  EXPECT_EQ(segment_label(e), "F. seq 6 ack 1 (retransmit)");
}

TEST(SegmentSummary, HostInitialsThenFlagsSeqAckAndLength) {
  EXPECT_EQ(segment_summary(segment(TcpFlag::Fin | TcpFlag::Ack, 1, 2)), "c>s F. 1 2");
  EXPECT_EQ(segment_summary(segment(TcpFlag::Psh | TcpFlag::Ack, 1, 1, "hello")),
            "c>s P. 1 1 len 5");
}

TEST(SegmentFateText, LostWithTheFaultsWordsOrOnArrivalWithTheReceivers) {
  SegmentEvent lost = segment(TcpFlag::Ack, 2, 2);
  lost.fate = SegmentFate::Dropped;
  lost.fault = WireFault{WireAction::Dropped, "drop the ACK"};
  EXPECT_EQ(segment_fate_text(lost), "lost: drop the ACK");
  lost.reason = "drop the ACK";  // the English copy a trace file keeps: typed fields still win
  lost.fault = WireFault{WireAction::Dropped, {"drop the ACK", "丢掉这个 ACK"}};
  ASSERT_EQ(load_catalogs(TCPLAB_TEST_LOCALE_DIR), std::vector<std::string>{});
  set_language(kChinese);
  const std::string in_chinese = segment_fate_text(lost);
  set_language(kEnglish);
  EXPECT_EQ(in_chinese, "丢失：丢掉这个 ACK");
  EXPECT_EQ(segment_fate_text(lost), "lost: drop the ACK");

  SegmentEvent captured = segment(TcpFlag::Ack, 2, 2);  // a capture: no typed fields, own words
  captured.fate = SegmentFate::Dropped;
  captured.reason = "packet 17";
  EXPECT_EQ(segment_fate_text(captured), "lost: packet 17");

  SegmentEvent seen = segment(TcpFlag::Fin | TcpFlag::Ack, 1, 1);
  EXPECT_EQ(segment_fate_text(seen), "");
  seen.verdict = ReceiverVerdict(VerdictCode::AckOfFin);
  EXPECT_EQ(segment_fate_text(seen), "on arrival: ACK of our FIN");

  // The verdict's words and numbers come from its fields, in the reader's language.
  SegmentEvent gap = segment(TcpFlag::Psh | TcpFlag::Ack, 1, 1);
  gap.verdict = ReceiverVerdict(VerdictCode::OutOfOrder, {.first = 1001, .second = 1501});
  EXPECT_EQ(segment_fate_text(gap),
            "on arrival: out of order: expected seq 1001, got 1501; duplicate ACK sent");
  SegmentEvent nobody = segment(TcpFlag::Syn, 0, 0);
  nobody.verdict = ReceiverVerdict(VerdictCode::NoSocketRst);
  EXPECT_EQ(segment_reason(nobody), "no socket for " + to_string(nobody.segment.dst) +
                                        ": answered with RST");
  set_language(kChinese);
  const std::string gap_zh = segment_fate_text(gap);
  const std::string fin_zh = segment_fate_text(seen);
  set_language(kEnglish);
  EXPECT_EQ(gap_zh, "到达时：乱序：期望 seq 1001，收到 1501；发送重复 ACK");
  EXPECT_EQ(fin_zh, "到达时：我方 FIN 的 ACK");

  // A version-1 file: a verdict without a code keeps its words in `reason`.
  SegmentEvent old = segment(TcpFlag::Ack, 1, 1);
  old.verdict.verdict = Verdict::Accepted;
  old.reason = "ACK of our FIN";
  EXPECT_EQ(segment_reason(old), "ACK of our FIN");
}

}  // namespace
}  // namespace tcplab::present
