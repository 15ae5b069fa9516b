// The text ladder for a hand-built trace: columns, arrows, a lost segment, states, narration.
#include "scenario/ladder_text.h"

#include <gtest/gtest.h>

#include "scenario/backend.h"
#include "scenario/lesson_loader.h"
#include "scenario/text_width.h"

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
                      TcpState::FinWait1, StateCause::CloseSendsFin, 0};
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
      "    100 ms  │ s: ESTABLISHED → FIN-WAIT-1 (close(): snd FIN)\n"
      "    100 ms  │ close(s) = 0                  │                                 » The client "
      "closes first.\n"
      "    100 ms  ├─ F. seq 0 ack 5001 ───────────▶\n"
      "    110 ms  │       ✗─────── . seq 0 ack 1 ─┤  lost: drop the ACK             » Lost.\n"
      "    110 ms  │                               │ ⏱ server#2: TIME-WAIT timer armed, fires in "
      "60 s (at 60.11 s)\n";
  EXPECT_EQ(render_ladder(s, sample_trace(), options), expected);
}

TEST(LadderText, OptionsAreShownBesideTheirSegmentOnlyWhenAsked) {
  const Scenario s = parse_lesson(kLesson, "l.toml");
  Trace t = sample_trace();
  t.segment_by_id(1)->segment.options.timestamps = TcpTimestamps{1007, 90001};
  LadderOptions options;
  options.column_width = 30;
  const std::string plain = render_ladder(s, t, options);
  EXPECT_EQ(plain.find("options"), std::string::npos);
  options.segment_options = true;
  const std::string shown = render_ladder(s, t, options);
  EXPECT_NE(shown.find("    100 ms  ├─ F. seq 0 ack 5001 ───────────▶\n"
                       "            │                               │                       "
                       "          » options [nop,nop,TS val 1007 ecr 90001]\n"),
            std::string::npos)
      << shown;
}

TEST(LadderText, NarratesInChinese) {
  const Scenario s = parse_lesson(kLesson, "l.toml");
  LadderOptions options;
  options.lang = "zh";
  const std::string out = render_ladder(s, sample_trace(), options);
  EXPECT_NE(out.find("» 客户端先关闭。"), std::string::npos) << out;
  EXPECT_NE(out.find("» 丢了。"), std::string::npos) << out;
}

// The sample trace, plus a third host talking to the server and to a fourth host.
Trace crowded_trace() {
  Trace t = sample_trace();
  const auto at = [](int ms) { return kTimeZero + std::chrono::milliseconds(ms); };
  SegmentEvent syn;
  syn.segment.src = *parse_socket_address("10.0.0.3:40000");
  syn.segment.dst = *parse_socket_address("127.0.0.2:5555");
  syn.segment.seq = SeqNum(7);
  syn.segment.flags = *parse_tcpdump_flags("S");
  syn.from = "third";
  syn.to = "server";
  t.add_segment(at(120), syn);
  SegmentEvent aside = syn;
  aside.segment.dst = *parse_socket_address("10.0.0.4:80");
  aside.to = "fourth";
  t.add_segment(at(130), aside);
  StateEvent syn_sent{"third", "third#1", {}, TcpState::Closed, TcpState::SynSent,
                      StateCause::ConnectSendsSyn, 0};
  t.add(at(130), syn_sent);
  return t;
}

TEST(LadderText, HostsBeyondTheLaneLimitAreCountedNotDrawn) {
  const Scenario s = parse_lesson(kLesson, "l.toml");
  LadderOptions options;
  options.column_width = 30;
  options.max_lanes = 2;
  const std::string out = render_ladder(s, crowded_trace(), options);
  const std::string expected_tail =
      "    110 ms  │                               │ ⏱ server#2: TIME-WAIT timer armed, fires in "
      "60 s (at 60.11 s)\n"
      "    120 ms  │                               │ ← third: S seq 0\n"
      "… 2 hosts not drawn, 2 of their events left out (their segments with a drawn host are in "
      "its lane)\n";
  EXPECT_EQ(out.rfind("4 hosts: the first 2 are drawn as lanes (--lanes N, up to 64), 2 are not: "
                      "pick them with --hosts A,B; --format jsonl has every event\n"
                      "      time  client 127.0.0.1                server 127.0.0.2\n",
                      0),
            0u)
      << out;
  ASSERT_GE(out.size(), expected_tail.size());
  EXPECT_EQ(out.substr(out.size() - expected_tail.size()), expected_tail) << out;

  // The same trace with every host given a lane: the segment between third and fourth is drawn.
  options.max_lanes = kDefaultLadderLanes;
  const std::string all = render_ladder(s, crowded_trace(), options);
  EXPECT_EQ(all.find("hosts not drawn"), std::string::npos) << all;
  EXPECT_NE(all.find("├─ S seq 0 ─"), std::string::npos) << all;
  EXPECT_NE(all.find("third#1: CLOSED → SYN-SENT (connect(): snd SYN)"), std::string::npos) << all;
}

TEST(LadderText, ChosenHostsAreTheLanesInTheirOrder) {
  const Scenario s = parse_lesson(kLesson, "l.toml");
  LadderOptions options;
  options.column_width = 30;
  options.hosts = {"third", "server"};
  const std::string out = render_ladder(s, crowded_trace(), options);
  EXPECT_NE(out.find("4 hosts: the 2 given to --hosts are drawn as lanes, 2 are not: pick them "
                     "with --hosts A,B; --format jsonl has every event\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("      time  third                           server 127.0.0.2\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    120 ms  ├─ S seq 0 ─────────────────────▶\n"), std::string::npos) << out;
  EXPECT_NE(out.find("    130 ms  │ → fourth: S seq 0 "), std::string::npos) << out;
  EXPECT_NE(out.find("    130 ms  │ third#1: CLOSED → SYN-SENT (connect(): snd SYN)\n"), std::string::npos)
      << out;

  options.hosts = {"nobody"};
  try {
    render_ladder(s, crowded_trace(), options);
    ADD_FAILURE() << "an unknown host was accepted";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "--hosts: no host 'nobody' in this trace (its hosts: client, server, "
                 "third, fourth)");
  }
  options.hosts = {"client", "server", "third"};
  options.max_lanes = 2;
  try {
    render_ladder(s, crowded_trace(), options);
    ADD_FAILURE() << "more hosts than lanes were accepted";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "--hosts names 3 hosts, more than the 2 lanes allowed (--lanes, at most 64)");
  }
}

// Thousands of hosts: a few lanes, lines as wide as those lanes, and one row per drawn event.
TEST(LadderText, ThreeThousandHostsStayEightLanesWide) {
  Trace t;
  const SocketAddress server = *parse_socket_address("10.0.0.1:80");
  for (std::uint32_t i = 0; i < 3000; ++i) {
    SegmentEvent syn;
    syn.segment.src = {Ipv4{(10u << 24) | (1u << 16) | i}, 40000};
    syn.segment.dst = server;
    syn.segment.flags = *parse_tcpdump_flags("S");
    syn.from = "h" + std::to_string(i);
    syn.to = "server";
    t.add_segment(kTimeZero + std::chrono::milliseconds(i), syn);
  }
  const std::string out = render_ladder(Scenario{}, t, LadderOptions{});
  std::size_t lines = 0;
  std::size_t widest = 0;
  for (std::size_t start = 0; start < out.size();) {
    const std::size_t end = out.find('\n', start);
    widest = std::max(widest, display_width(std::string_view(out).substr(start, end - start)));
    ++lines;
    start = end + 1;
  }
  // Lanes h0, server, h1 .. h6; the server's lane names each peer without a lane.
  EXPECT_EQ(lines, 3 + 3000 + 1) << out.substr(0, 2000);
  EXPECT_LE(widest, 12 + 8 * 36) << out.substr(0, 2000);
  EXPECT_EQ(out.rfind("3001 hosts: the first 8 are drawn as lanes (--lanes N, up to 64), 2993 are "
                      "not",
                      0),
            0u);
  EXPECT_NE(out.find("\n   2.999 s  │                                   │ ← h2999: S seq 0 "),
            std::string::npos)
      << out.substr(out.size() - 2000);
  EXPECT_NE(out.find("\n… 2993 hosts not drawn, 0 of their events left out (their segments with a "
                     "drawn host are in its lane)\n"),
            std::string::npos);
}

}  // namespace
}  // namespace tcplab
