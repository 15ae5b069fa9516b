// [[injections]] in a lesson: what a well-formed one becomes, the error (file:line:col) for each
// mistake, and the segment it resolves to against the SYNs seen (scenario/injection.h).
#include <gtest/gtest.h>

#include "lesson_error.h"

#include "scenario/backend.h"
#include "scenario/injection.h"
#include "scenario/lesson_loader.h"

namespace tcplab {
namespace {

// Lines 1-3 the lesson, 4-6 a program, 7-12 a check; the injection from line 13 on.
const std::string kHeader = R"(id = "inject"
title = { en = "Inject", zh = "注入" }
summary = { en = "An RST.", zh = "一个 RST。" }
)";
const std::string kLesson = kHeader + R"([[programs]]
host = "server"
steps = [ { call = "socket", as = "l", label = "server.socket" } ]
[[checks]]
kind = "call"
step = "server.socket"
result = 3
en = "It has a socket"
zh = "它有一个套接字"
)";

std::string with_injection(const std::string& body) { return kLesson + "[[injections]]\n" + body; }

const std::string kRst = R"(at = "2s"
from = "server:5555"
to = "client"
flags = "R"
seq = 7
description = { en = "an RST", zh = "一个 RST" }
)";  // lines 14-19

// The lesson with this injection is refused at `position` with `words`.
void expect_error(const std::string& body, const std::string& position, const std::string& words) {
  expect_lesson_error(with_injection(body), position, words);
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << from << "' not in the injection";
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST(InjectionLoader, ReadsEveryField) {
  const Scenario s = parse_lesson(with_injection(kRst), "t.toml");
  ASSERT_EQ(s.injections.size(), 1u);
  const InjectionSpec& i = s.injections[0];
  EXPECT_EQ(i.when.at, std::chrono::seconds(2));
  EXPECT_EQ(i.when.after, "");
  EXPECT_EQ(i.when.delay, Duration{0});
  EXPECT_EQ(i.from, "server");
  EXPECT_EQ(i.from_port, 5555);
  EXPECT_EQ(i.to, "client");
  EXPECT_FALSE(i.to_port);
  EXPECT_EQ(tcpdump_flags(i.flags), "R");
  EXPECT_EQ(i.seq, 7u);
  EXPECT_EQ(i.ack, 0u);
  EXPECT_FALSE(i.absolute);
  EXPECT_EQ(i.payload, "");
  EXPECT_EQ(i.window, 65535);
  EXPECT_EQ(i.description.zh, "一个 RST");
  EXPECT_EQ(i.where.to_string(), "t.toml:13:1");

  const Scenario dup = parse_lesson(
      with_injection(
          "at = \"1s\"\nfrom = \"server:5555\"\nto = \"client:40000\"\nflags = \"P.\"\n"
          "seq = 1000\nack = 2000\nabsolute = true\npayload = \"hello\"\nwindow = 512\n"),
      "t.toml");
  const InjectionSpec& d = dup.injections.at(0);
  EXPECT_EQ(d.to_port, 40000);
  EXPECT_TRUE(d.absolute);
  EXPECT_EQ(d.payload, "hello");
  EXPECT_EQ(d.window, 512);
  EXPECT_EQ(d.ack, 2000u);
}

TEST(InjectionLoader, RefusesEachMistakeWithItsPosition) {
  expect_error(replace(kRst, "at = \"2s\"\n", ""), "t.toml:13:1",
               "an injection has no 'at': expected when the segment is written onto the wire, e.g. "
               "at = \"2s\", or after = \"<step label>\"");
  expect_error(replace(kRst, "\"2s\"", "\"2 parsecs\""), "t.toml:14:6", "cannot read '2 parsecs'");
  expect_error(replace(kRst, "\"server:5555\"", "\"sever:5555\""), "t.toml:15:8",
               "unknown host 'sever' in 'sever:5555' (did you mean 'server'?)");
  expect_error(replace(kRst, "\"server:5555\"", "\"server:0\""), "t.toml:15:8",
               "port '0' in 'server:0' is not a number from 1 to 65535");
  expect_error(replace(kRst, "to = \"client\"", "to = \"server\""), "t.toml:16:6",
               "'from' and 'to' are both 'server'");
  expect_error(replace(kRst, "\"R\"", "\"RST\""), "t.toml:17:9",
               "cannot read 'RST' as tcpdump flags");
  expect_error(replace(kRst, "seq = 7\n", ""), "t.toml:13:1", "an injection has no 'seq'");
  expect_error(replace(kRst, "seq = 7", "seq = -1"), "t.toml:18:7",
               "'seq' of an injection must be from 0 to 4294967295, not -1");
  expect_error(replace(kRst, "seq = 7", "seq = 7\nabsolute = true"), "t.toml:19:12",
               "absolute = true writes the four-tuple as given: 'from' and 'to' both need a port");
  expect_error(replace(kRst, "seq = 7", "seq = 7\nwindw = 3"), "t.toml:19:1",
               "unknown key 'windw' in an injection (did you mean 'window'?)");
  expect_error(replace(kRst, ", zh = \"一个 RST\"", ""), "t.toml:19:15", "has no 'zh'");
  const std::string not_a_table = kHeader + "injections = [ 3 ]\n" + kLesson.substr(kHeader.size());
  const std::string message = lesson_error_of(not_a_table);
  EXPECT_EQ(message.substr(0, 13), "t.toml:4:16: ") << message;
  EXPECT_NE(message.find("an injection must be a table"), std::string::npos) << message;
}

// Timed like a step (step_schedule.h): `delay` after the first return of the step `after` names.
TEST(InjectionLoader, ReadsAfterAndDelay) {
  const Scenario s = parse_lesson(
      with_injection(replace(kRst, "at = \"2s\"", "after = \"server.socket\"\ndelay = \"15ms\"")),
      "t.toml");
  const Trigger& when = s.injections.at(0).when;
  EXPECT_FALSE(when.at);
  EXPECT_EQ(when.after, "server.socket");
  EXPECT_EQ(when.delay, std::chrono::milliseconds(15));
  const Scenario no_delay = parse_lesson(
      with_injection(replace(kRst, "at = \"2s\"", "after = \"server.socket\"")), "t.toml");
  EXPECT_EQ(no_delay.injections.at(0).when.delay, Duration{0});
}

TEST(InjectionLoader, RefusesMalformedAfterAndDelayWithTheirPosition) {
  expect_error(replace(kRst, "at = \"2s\"", "after = \"server.sockt\""), "t.toml:14:9",
               "server.sockt");
  expect_error(replace(kRst, "at = \"2s\"", "after = 3"), "t.toml:14:9", "'after'");
  expect_error(replace(kRst, "at = \"2s\"", "after = \"server.socket\"\ndelay = \"soon\""),
               "t.toml:15:9", "cannot read 'soon'");
  expect_error(replace(kRst, "at = \"2s\"", "at = \"2s\"\nafter = \"server.socket\""),
               "t.toml:15:9", "an injection runs either 'at' a time or 'after' a step, not both");
  expect_error(replace(kRst, "at = \"2s\"", "delay = \"5ms\""), "t.toml:14:9",
               "an injection's 'delay' counts from a step: add after = \"<label>\"");
}

// Relative numbers count from the ISNs of the latest connection's SYNs (packetdrill's rule).
TEST(InjectionResolve, RelativeNumbersCountFromTheLatestConnectionsIsns) {
  const Scenario s = parse_lesson(with_injection(kRst), "t.toml");
  InjectionSpec spec = s.injections.at(0);
  const SocketAddress client{s.host("client")->address, 40001};
  const SocketAddress server{s.host("server")->address, 5555};
  auto syn = [](SocketAddress from, SocketAddress to, std::uint32_t isn, bool ack) {
    Segment seg;
    seg.src = from;
    seg.dst = to;
    seg.seq = SeqNum(isn);
    seg.flags = ack ? TcpFlag::Syn | TcpFlag::Ack : TcpFlags(TcpFlag::Syn);
    return seg;
  };
  const SocketAddress old_client{client.ip, 40000};
  std::vector<Segment> seen = {syn(old_client, server, 100, false), syn(server, old_client, 900, true),
                               syn(client, server, 5000, false), syn(server, client, 0xfffffffe, true)};
  auto made = resolve_injection(spec, s, seen, std::chrono::seconds(2));
  ASSERT_TRUE(std::holds_alternative<Segment>(made)) << std::get<std::string>(made);
  const Segment& rst = std::get<Segment>(made);
  EXPECT_EQ(rst.src, server);
  EXPECT_EQ(rst.dst, client);          // the latest connection, not the first
  EXPECT_EQ(rst.seq.raw(), 5u);        // 0xfffffffe + 7, modulo 2^32
  EXPECT_EQ(rst.ack.raw(), 0u);        // no ACK flag: written as given
  spec.flags = TcpFlag::Ack;
  spec.ack = 1;
  EXPECT_EQ(std::get<Segment>(resolve_injection(spec, s, seen, std::chrono::seconds(2))).ack.raw(), 5001u);
  // The client's port given: that connection, whichever came later.
  spec.to_port = 40000;
  const Segment old = std::get<Segment>(resolve_injection(spec, s, seen, std::chrono::seconds(2)));
  EXPECT_EQ(old.dst, old_client);
  EXPECT_EQ(old.seq.raw(), 907u);
  // No SYN from the server yet: no ISN to count from.
  spec.to_port.reset();
  seen.pop_back();
  const auto missing = resolve_injection(spec, s, seen, std::chrono::seconds(2));
  ASSERT_TRUE(std::holds_alternative<std::string>(missing));
  EXPECT_NE(std::get<std::string>(missing).find("server has sent no SYN on the connection"),
            std::string::npos)
      << std::get<std::string>(missing);
  // Absolute numbers with both ports need no connection.
  spec.absolute = true;
  spec.to_port = 40009;
  spec.seq = 1234;
  const Segment written = std::get<Segment>(resolve_injection(spec, s, {}, std::chrono::seconds(2)));
  EXPECT_EQ(written.dst.port, 40009);
  EXPECT_EQ(written.seq.raw(), 1234u);
  EXPECT_EQ(written.ack.raw(), 1u);
}

}  // namespace
}  // namespace tcplab
