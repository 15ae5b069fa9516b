// The text ladder for a hand-built trace: columns, arrows, a lost segment, states, narration.
#include "scenario/ladder_text.h"

#include <gtest/gtest.h>

#include "scenario/lesson_loader.h"

namespace tcplab {
namespace {

const std::string kLesson = R"(id = "ladder"
title = { en = "Ladder", zh = "梯形图" }
summary = { en = "s", zh = "s" }
[[programs]]
host = "client"
steps = [
  { call = "socket", as = "s" },
  { call = "bind", socket = "s", address = "client:5555" },
  { call = "close", socket = "s", label = "client.close" },
]
[[narration]]
after = "client.close"
en = "The client closes first."
zh = "客户端先关闭。"
[[narration]]
segment = 2
en = "Lost."
zh = "丢了。"
[[checks]]
kind = "call"
step = "client.close"
result = 0
en = "e"
zh = "z"
)";

Trace sample_trace() {
  Trace t;
  const auto at = [](int ms) { return kTimeZero + std::chrono::milliseconds(ms); };
  CallEvent socket_call{"client",    "client.socket", "socket",   "", 3,  3,
                        Errno::None, at(0),           "client#1", "", {}, {}};
  t.add(at(0), socket_call);
  CallEvent bind_call{"client",
                      "client.bind",
                      "bind",
                      "127.0.0.1:5555",
                      3,
                      -1,
                      Errno::AddressInUse,
                      at(0),
                      "client#1",
                      "",
                      {},
                      {}};
  t.add(at(0), bind_call);
  StateEvent fin_wait{"client",           "client#1", {}, TcpState::Established,
                      TcpState::FinWait1, "close()",  0};
  t.add(at(100), fin_wait);
  CallEvent close_call{"client",    "client.close", "close",    "", 3,  0,
                       Errno::None, at(100),        "client#1", "", {}, {}};
  t.add(at(100), close_call);
  SegmentEvent fin;
  fin.segment.src = *parse_socket_address("127.0.0.1:40000");
  fin.segment.dst = *parse_socket_address("127.0.0.2:5555");
  fin.segment.seq = SeqNum(1001);
  fin.segment.ack = SeqNum(5001);
  fin.segment.flags = *parse_tcpdump_flags("F.");
  fin.from = "client";
  fin.to = "server";
  t.add_segment(at(100), fin);
  SegmentEvent ack;
  ack.segment.src = fin.segment.dst;
  ack.segment.dst = fin.segment.src;
  ack.segment.seq = SeqNum(5001);
  ack.segment.ack = SeqNum(1002);
  ack.segment.flags = *parse_tcpdump_flags(".");
  ack.from = "server";
  ack.to = "client";
  ack.fate = SegmentFate::Dropped;
  ack.reason = "drop the ACK";
  t.add_segment(at(110), ack);
  TimerEvent timer{"server", "server#2", TimerKind::TimeWait, TimerAction::Armed, at(60110), 0};
  t.add(at(110), timer);
  return t;
}

TEST(LadderText, DrawsColumnsArrowsLossesStatesTimersAndNarration) {
  const Scenario s = parse_lesson(kLesson, "l.toml");
  LadderOptions options;
  options.column_width = 30;
  // No SYN in this trace, so relative numbers start at the first segment seen each way.
  const std::string expected =
      "      time  client 127.0.0.1                server 127.0.0.2\n"
      "────────────────────────────────────────────────────────────────────────────\n"
      "       0 s  │ socket() = 3 → s              │\n"
      "       0 s  │ bind(s, 127.0.0.1:5555) = -1 EADDRINUSE (Address already in use)\n"
      "    100 ms  │ s: ESTABLISHED → FIN-WAIT-1 (close())\n"
      "    100 ms  │ close(s) = 0                  │                                 » The client "
      "closes first.\n"
      "    100 ms  ├─ F. seq 0 ack 5001 ───────────▶\n"
      "    110 ms  │       ✗─────── . seq 0 ack 1 ─┤  lost: drop the ACK             » Lost.\n"
      "    110 ms  │                               │ ⏱ server#2 time-wait armed, due 60.11 s\n";
  EXPECT_EQ(render_ladder(s, sample_trace(), options), expected);
}

TEST(LadderText, NarratesInChinese) {
  const Scenario s = parse_lesson(kLesson, "l.toml");
  LadderOptions options;
  options.lang = "zh";
  const std::string out = render_ladder(s, sample_trace(), options);
  EXPECT_NE(out.find("» 客户端先关闭。"), std::string::npos) << out;
  EXPECT_NE(out.find("» 丢了。"), std::string::npos) << out;
}

}  // namespace
}  // namespace tcplab
