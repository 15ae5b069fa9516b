// The lesson loader: what a well-formed lesson becomes, and for every kind of mistake the one
// error a teacher sees, with its exact file:line:column.
#include "scenario/lesson_loader.h"

#include <fstream>

#include <gtest/gtest.h>

#include "scenario/call_args.h"

#include "lesson_error.h"

namespace tcplab {
namespace {

// A small valid lesson; tests swap one line for a broken one. Line numbers are in the comments.
const std::string kHeader = R"(id = "tiny"
title = { en = "Tiny", zh = "小" }
summary = { en = "A server listens.", zh = "服务器监听。" }
)";  // lines 1-3

const std::string kServer = R"([[programs]]
host = "server"
steps = [
  { call = "socket", as = "l" },
  { call = "bind", socket = "l", address = "server:5555" },
  { call = "listen", socket = "l", label = "server.listen" },
]
)";  // lines 4-10

const std::string kCheck = R"([[checks]]
kind = "call"
step = "server.listen"
result = 0
en = "It listens"
zh = "它在监听"
)";  // lines 11-16

std::string lesson(const std::string& header = kHeader, const std::string& server = kServer,
                   const std::string& rest = kCheck) {
  return header + server + rest;
}


std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << from << "' not in the lesson";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(LessonLoader, ReadsAWellFormedLesson) {
  const Scenario s = parse_lesson(lesson(), "t.toml");
  EXPECT_EQ(s.id, "tiny");
  EXPECT_EQ(s.title.en, "Tiny");
  EXPECT_EQ(s.title.zh, "小");
  EXPECT_EQ(s.profile, "linux");
  ASSERT_EQ(s.hosts.size(), 2u);
  EXPECT_EQ(s.hosts[0].name, "client");
  EXPECT_EQ(to_string(s.hosts[0].address), "127.0.0.1");
  EXPECT_EQ(to_string(s.hosts[1].address), "127.0.0.2");
  ASSERT_EQ(s.programs.size(), 1u);
  const auto& steps = s.programs[0].phases.at(0).steps;
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].label, "server.socket");  // default label: host.call
  EXPECT_EQ(steps[0].call.result_var, "l");
  EXPECT_EQ(steps[1].call.kind, CallKind::Bind);
  EXPECT_EQ(to_string(steps[1].call.address), "127.0.0.2:5555");
  EXPECT_EQ(steps[1].where.to_string(), "t.toml:8:3");
  EXPECT_EQ(steps[2].label, "server.listen");
  ASSERT_EQ(s.checks.size(), 1u);
  EXPECT_EQ(s.checks[0].kind, CheckKind::CallResult);
  EXPECT_EQ(s.checks[0].result, 0);
  EXPECT_TRUE(s.checks[0].when.end);
  EXPECT_EQ(s.checks[0].description.zh, "它在监听");
  EXPECT_EQ(s.checks[0].where.to_string(), "t.toml:11:1");
}

TEST(LessonLoader, ReadsTriggersPhasesFaultsKnobsAndNarration) {
  const std::string text = kHeader + R"(profile = "rfc9293"
knobs = { msl = "30s", tcp_tw_reuse = 1 }
link = { latency = "5ms" }
hosts = [ { name = "a" }, { name = "b", address = "10.0.0.9" } ]
[[programs]]
host = "b"
steps = [
  { call = "socket", as = "l" },
  { call = "setsockopt", socket = "l", option = "SO_REUSEADDR" },
  { call = "bind", socket = "l", address = "*:80" },
  { call = "listen", socket = "l", backlog = 5 },
  { call = "accept", socket = "l", as = "c" },
  { call = "recv", socket = "c", max = 10 },
  { call = "shutdown", socket = "c", how = "SHUT_RDWR", after = "a.connect", delay = "1.5s" },
  { call = "exit" },
]
[[programs]]
host = "a"
phases = [ { repeat = 3, pause = "100ms", steps = [
  { call = "socket", as = "s", at = "2s" },
  { call = "setsockopt", socket = "s", option = "SO_LINGER", linger = 0 },
  { call = "connect", socket = "s", to = "b:80" },
  { call = "send", socket = "s", data = "hi" },
  { call = "close", socket = "s" },
] } ]
[[faults]]
kind = "drop"
from = "a"
flags = "F."
nth = 2
count = -1
[[faults]]
kind = "random-loss"
probability = 0.25
[[checks]]
kind = "flag_sequence"
from = "a"
to = "b"
dropped = false
sequence = ["S", "."]
after = "a.connect"
delay = "2s"
en = "e"
zh = "中"
[[narration]]
segment = 3
en = "third"
zh = "第三"
)";
  const Scenario s = parse_lesson(text, "t.toml");
  EXPECT_EQ(s.profile, "rfc9293");
  EXPECT_EQ(s.knobs.at("msl"), "30s");
  EXPECT_EQ(s.knobs.at("tcp_tw_reuse"), "1");
  EXPECT_EQ(s.link.latency, std::chrono::milliseconds(5));
  EXPECT_EQ(to_string(s.host("a")->address), "127.0.0.1");
  EXPECT_EQ(to_string(s.host("b")->address), "10.0.0.9");
  const Step* shutdown = s.step("b.shutdown");
  ASSERT_NE(shutdown, nullptr);
  EXPECT_EQ(shutdown->call.how, ShutdownHow::Both);
  EXPECT_EQ(shutdown->when.after, "a.connect");
  EXPECT_EQ(shutdown->when.delay, std::chrono::milliseconds(1500));
  EXPECT_TRUE(s.step("b.bind")->call.address.ip.is_any());
  EXPECT_EQ(s.step("b.listen")->call.backlog, 5);
  const Step* linger = s.step("a.setsockopt");
  EXPECT_EQ(linger->call.kind, CallKind::SetLinger);
  EXPECT_TRUE(linger->call.flag);
  EXPECT_EQ(linger->call.linger_seconds, 0);
  EXPECT_EQ(s.step("b.setsockopt")->call.kind, CallKind::SetReuseAddr);
  EXPECT_EQ(s.programs[1].phases[0].repeat, 3);
  EXPECT_EQ(s.programs[1].phases[0].pause, std::chrono::milliseconds(100));
  EXPECT_EQ(s.step("a.socket")->when.at, std::chrono::seconds(2));
  ASSERT_EQ(s.faults.size(), 2u);
  EXPECT_EQ(s.faults[0].match.nth, 2);
  EXPECT_EQ(s.faults[0].match.count, -1);
  EXPECT_EQ(s.faults[1].action, FaultAction::RandomLoss);
  EXPECT_DOUBLE_EQ(s.faults[1].probability, 0.25);
  EXPECT_EQ(s.checks[0].dropped, false);
  EXPECT_EQ(s.checks[0].sequences, (std::vector<std::vector<std::string>>{{"S", "."}}));
  EXPECT_EQ(s.checks[0].when.delay, std::chrono::seconds(2));
  EXPECT_EQ(s.narration[0].segment_id, 3u);
  EXPECT_FALSE(s.narration[0].when.end);
}

TEST(LessonLoader, ReadsANonBlockingSocketAndRefusesANonBoolean) {
  const Scenario s = parse_lesson(replace(lesson(), "{ call = \"socket\", as = \"l\" }",
                                          "{ call = \"socket\", as = \"l\", nonblocking = true }"),
                                  "t.toml");
  EXPECT_TRUE(s.programs.at(0).phases.at(0).steps.at(0).call.nonblocking);
  EXPECT_FALSE(
      parse_lesson(lesson(), "t.toml").programs.at(0).phases.at(0).steps.at(0).call.nonblocking);
  expect_lesson_error(replace(lesson(), "{ call = \"socket\", as = \"l\" }",
                       "{ call = \"socket\", as = \"l\", nonblocking = 1 }"),
               "t.toml:7:46",
               "'nonblocking' of a step of host 'server' must be true or false, not an integer");
}

// TCP_NODELAY (the model issue's socket options): on by default, `value = false` turns it off;
// a value that is not a boolean, or a misspelt option, is refused where it is written.
TEST(LessonLoader, ReadsTcpNodelayAndRefusesItsMistakesWhereTheyAre) {
  const std::string socket_line = "{ call = \"socket\", as = \"l\" }";
  auto with = [&](const std::string& step) {
    return replace(lesson(), socket_line, socket_line + ",\n  " + step);
  };
  const Scenario on =
      parse_lesson(with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_NODELAY\" }"),
                   "t.toml");
  const CallSpec& set = on.programs.at(0).phases.at(0).steps.at(1).call;
  EXPECT_EQ(set.kind, CallKind::SetNoDelay);
  EXPECT_TRUE(set.flag);
  EXPECT_EQ(set.socket, "l");
  EXPECT_EQ(call_name(set.kind), "setsockopt");
  const Scenario off = parse_lesson(
      with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_NODELAY\", value = false }"),
      "t.toml");
  EXPECT_FALSE(off.programs.at(0).phases.at(0).steps.at(1).call.flag);
  expect_lesson_error(
      with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_NODELAY\", value = 1 }"),
      "t.toml:8:72", "'value' of a step of host 'server' must be true or false, not an integer");
  expect_lesson_error(with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_NODELAI\" }"),
               "t.toml:8:49",
               "unknown socket option 'TCP_NODELAI' (did you mean 'TCP_NODELAY'?); expected "
               "SO_REUSEADDR, SO_LINGER, TCP_NODELAY, TCP_QUICKACK, SO_KEEPALIVE, TCP_KEEPIDLE, "
               "TCP_KEEPINTVL, TCP_KEEPCNT, TCP_USER_TIMEOUT or TCP_CORK");
}

// TCP_QUICKACK: 1 (the default) sends an owed ACK now and leaves pingpong mode; 0 enters it.
TEST(LessonLoader, ReadsTcpQuickackAndSaysItsArguments) {
  const std::string socket_line = "{ call = \"socket\", as = \"l\" }";
  auto with = [&](const std::string& step) {
    return replace(lesson(), socket_line, socket_line + ",\n  " + step);
  };
  const Scenario on = parse_lesson(
      with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_QUICKACK\" }"), "t.toml");
  const CallSpec& set = on.programs.at(0).phases.at(0).steps.at(1).call;
  EXPECT_EQ(set.kind, CallKind::SetQuickAck);
  EXPECT_TRUE(set.flag);
  EXPECT_EQ(call_name(set.kind), "setsockopt");
  EXPECT_EQ(call_args(set), "TCP_QUICKACK, 1");
  const Scenario off = parse_lesson(
      with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_QUICKACK\", value = false }"),
      "t.toml");
  EXPECT_EQ(call_args(off.programs.at(0).phases.at(0).steps.at(1).call), "TCP_QUICKACK, 0");
  expect_lesson_error(with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_QUIKACK\" }"),
                      "t.toml:8:49",
                      "unknown socket option 'TCP_QUIKACK' (did you mean 'TCP_QUICKACK'?); "
                      "expected SO_REUSEADDR, SO_LINGER, TCP_NODELAY, TCP_QUICKACK, "
                      "SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_USER_TIMEOUT "
                      "or TCP_CORK");
}

// SO_KEEPALIVE, TCP_KEEPIDLE/KEEPINTVL/KEEPCNT, TCP_USER_TIMEOUT and TCP_CORK: the options the
// model and the kernel backend both set, read as setsockopt() takes them (on/off, or an int).
TEST(LessonLoader, ReadsKeepaliveUserTimeoutAndCorkAsSetsockoptTakesThem) {
  const std::string socket_line = "{ call = \"socket\", as = \"l\" }";
  auto with = [&](const std::string& step) {
    return replace(lesson(), socket_line, socket_line + ",\n  " + step);
  };
  auto parsed = [&](const std::string& step) {
    return parse_lesson(with(step), "t.toml").programs.at(0).phases.at(0).steps.at(1).call;
  };
  const CallSpec keepalive =
      parsed("{ call = \"setsockopt\", socket = \"l\", option = \"SO_KEEPALIVE\" }");
  EXPECT_EQ(keepalive.kind, CallKind::SetOption);
  EXPECT_EQ(keepalive.option, SocketOption::KeepAlive);
  EXPECT_EQ(call_name(keepalive.kind), "setsockopt");
  EXPECT_EQ(call_args(keepalive), "SO_KEEPALIVE, 1");
  EXPECT_EQ(call_args(parsed("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_CORK\", "
                             "value = false }")),
            "TCP_CORK, 0");
  const CallSpec idle = parsed(
      "{ call = \"setsockopt\", socket = \"l\", option = \"TCP_KEEPIDLE\", value = 1 }");
  EXPECT_EQ(idle.option, SocketOption::KeepAliveIdle);
  EXPECT_EQ(idle.option_value, 1);
  EXPECT_EQ(call_args(idle), "TCP_KEEPIDLE, 1");
  EXPECT_EQ(call_args(parsed("{ call = \"setsockopt\", socket = \"l\", "
                             "option = \"TCP_USER_TIMEOUT\", value = 3000 }")),
            "TCP_USER_TIMEOUT, 3000");
  // A number option needs its number; an on/off one refuses a number.
  expect_lesson_error(
      with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_USER_TIMEOUT\" }"),
      "t.toml:8:49", "TCP_USER_TIMEOUT needs its value, e.g. value = 3000 (milliseconds)");
  expect_lesson_error(
      with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_KEEPCNT\", value = true }"),
      "t.toml:8:72", "'value' of a step of host 'server' must be an integer, not true/false");
  expect_lesson_error(
      with("{ call = \"setsockopt\", socket = \"l\", option = \"SO_KEEPALIVE\", value = 1 }"),
      "t.toml:8:73", "'value' of a step of host 'server' must be true or false, not an integer");
  expect_lesson_error(with("{ call = \"setsockopt\", socket = \"l\", option = \"TCP_KEEPIDL\" }"),
                      "t.toml:8:49", "unknown socket option 'TCP_KEEPIDL' (did you mean "
                                     "'TCP_KEEPIDLE'?)");
}

TEST(LessonLoader, ReportsTomlSyntaxErrorsWithTheirPosition) {
  expect_lesson_error(replace(lesson(), "host = \"server\"", "host = \"server"), "t.toml:5:15",
               "not valid TOML");
}

TEST(LessonLoader, ReportsAnUnknownCallAndSuggestsTheRightOne) {
  expect_lesson_error(replace(lesson(), "{ call = \"listen\"", "{ call = \"lisen\""), "t.toml:9:12",
               "unknown call 'lisen' (did you mean 'listen'?)");
}

TEST(LessonLoader, ReportsAnUnknownHost) {
  expect_lesson_error(replace(lesson(), "address = \"server:5555\"", "address = \"sever:5555\""),
               "t.toml:8:44",
               "unknown host 'sever' in address 'sever:5555' (did you mean 'server'?)");
  expect_lesson_error(replace(lesson(), "host = \"server\"", "host = \"db\""), "t.toml:5:8",
               "unknown host 'db'");
}

TEST(LessonLoader, ReportsATimeThatDoesNotParse) {
  expect_lesson_error(replace(lesson(), "{ call = \"listen\", socket = \"l\"",
                       "{ call = \"listen\", socket = \"l\", delay = \"5 seconds\""),
               "t.toml:9:44", "cannot read '5 seconds' as a time");
  expect_lesson_error(replace(lesson(), "{ call = \"listen\", socket = \"l\"",
                       "{ call = \"listen\", socket = \"l\", at = 5"),
               "t.toml:9:41", "must be a duration in quotes");
}

TEST(LessonLoader, ReportsAMissingChineseTranslation) {
  expect_lesson_error(
      replace(lesson(), "title = { en = \"Tiny\", zh = \"小\" }", "title = { en = \"Tiny\" }"),
      "t.toml:2:9", "'title' has no 'zh'");
  expect_lesson_error(replace(lesson(), "zh = \"它在监听\"\n", ""), "t.toml:11:1", "a check has no 'zh'");
}

TEST(LessonLoader, ReportsAnUnknownKeyAsAProbableTypo) {
  expect_lesson_error(replace(lesson(), "result = 0", "reslt = 0"), "t.toml:14:1",
               "unknown key 'reslt' in a check (did you mean 'result'?)");
  expect_lesson_error(replace(lesson(), "{ call = \"socket\", as = \"l\" }",
                       "{ call = \"socket\", as = \"l\", sokcet = \"x\" }"),
               "t.toml:7:32", "unknown key 'sokcet'");
}

TEST(LessonLoader, ExplainsALessonKeyWrittenAfterATableHeader) {
  const std::string text =
      "id = \"tiny\"\ntitle = { en = \"T\", zh = \"题\" }\n[summary]\nen = \"S\"\n"
      "zh = \"概\"\nprofile = \"linux\"\n" +
      kServer + kCheck;
  expect_lesson_error(text, "t.toml:6:1",
               "belongs to the lesson itself: move it above the first [table] header");
}

TEST(LessonLoader, ReadsTheViewTableAndRefusesItsMistakesWhereTheyAre) {
  EXPECT_EQ(parse_lesson(lesson(), "t.toml").columns, TimelineColumns::Host);
  const std::string view = "[view]\ncolumns = \"connection\"\n";  // lines 4-5
  EXPECT_EQ(parse_lesson(lesson(kHeader + view), "t.toml").columns, TimelineColumns::Connection);
  EXPECT_EQ(parse_lesson(lesson(kHeader + "[view]\ncolumns = \"host\"\n"), "t.toml").columns,
            TimelineColumns::Host);
  expect_lesson_error(lesson(kHeader + "[view]\ncolumns = \"conection\"\n"), "t.toml:5:11",
                      "unknown columns 'conection' in [view] (did you mean 'connection'?)");
  expect_lesson_error(lesson(kHeader + "[view]\ncolumns = 2\n"), "t.toml:5:11",
                      "'columns' of [view] must be a string, not an integer");
  expect_lesson_error(lesson(kHeader + "[view]\ncolums = \"connection\"\n"), "t.toml:5:1",
                      "unknown key 'colums' in [view] (did you mean 'columns'?)");
  expect_lesson_error(lesson(kHeader + "view = \"connection\"\n"), "t.toml:4:8",
                      "'view' of the lesson must be a table");
}

TEST(LessonLoader, ReportsADuplicateStepLabel) {
  expect_lesson_error(replace(lesson(), "{ call = \"bind\", socket = \"l\",",
                       "{ call = \"bind\", label = \"server.listen\", socket = \"l\","),
               "t.toml:9:44", "step label 'server.listen' is already used by the step at line 8");
}

TEST(LessonLoader, ReportsASocketUsedBeforeItIsCreated) {
  expect_lesson_error(
      replace(lesson(), "{ call = \"bind\", socket = \"l\"", "{ call = \"bind\", socket = \"k\""),
      "t.toml:8:29",
      "socket 'k' is used before any socket() or accept() of host 'server' creates it");
}

TEST(LessonLoader, ReportsAStepThatNamesAMissingStep) {
  expect_lesson_error(replace(lesson(), "{ call = \"socket\", as = \"l\" }",
                       "{ call = \"socket\", as = \"l\", after = \"client.go\" }"),
               "t.toml:7:40", "'after' names step 'client.go', which does not exist");
  expect_lesson_error(
      replace(lesson(), "step = \"server.listen\"", "step = \"server.lisen\""), "t.toml:13:8",
      "'step' names step 'server.lisen', which does not exist (did you mean 'server.listen'?)");
}

TEST(LessonLoader, ReportsStepsThatWaitForEachOther) {
  expect_lesson_error(replace(lesson(), "{ call = \"socket\", as = \"l\" }",
                       "{ call = \"socket\", as = \"l\", after = \"server.listen\" }"),
               "t.toml:7:3", "can never run");
}

TEST(LessonLoader, ReportsBadValuesWhereTheyAre) {
  expect_lesson_error(kHeader + "profile = \"bsd\"\n" + kServer + kCheck, "t.toml:4:11",
               "unknown profile 'bsd'");
  expect_lesson_error(kHeader + "knobs = { tcp_tw_reuse = 7 }\n" + kServer + kCheck, "t.toml:4:26",
               "knob 'tcp_tw_reuse' wants an integer from 0 to 2");
  expect_lesson_error(kHeader + "knobs = { tcp_tw_resue = 1 }\n" + kServer + kCheck, "t.toml:4:11",
               "unknown knob 'tcp_tw_resue' (did you mean 'tcp_tw_reuse'?)");
  expect_lesson_error(replace(lesson(), "\"server:5555\"", "\"server:70000\""), "t.toml:8:44",
               "port '70000' in 'server:70000' is not a number from 0 to 65535");
  expect_lesson_error(replace(lesson(), "result = 0", "errno = \"EWHAT\""), "t.toml:14:9",
               "unknown errno 'EWHAT'");
  expect_lesson_error(replace(lesson(), "kind = \"call\"", "kind = \"cal\""), "t.toml:12:8",
               "unknown check 'cal' (did you mean 'call'?)");
  expect_lesson_error(lesson(kHeader, kServer, ""), "t.toml:1:1", "the lesson has no 'checks'");
  expect_lesson_error(replace(lesson(), "id = \"tiny\"", "id = \"Tiny Lesson\""), "t.toml:1:6",
               "may hold only lower-case letters");
}

// The check kinds races and timing need (at_least, one_of, blocked_*) and a duplicate's delay.
TEST(LessonLoader, ReadsRaceAndTimingChecksAndRefusesTheirMistakesWhereTheyAre) {
  const std::string segments = R"([[checks]]
kind = "segment_count"
flags = "F."
at_least = 2
en = "e"
zh = "z"
[[checks]]
kind = "flag_sequence"
one_of = [["F.", "."], ["F.", "F.", "."]]
en = "e"
zh = "z"
[[checks]]
kind = "call"
step = "server.listen"
blocked_at_most = "1s"
en = "e"
zh = "z"
[[faults]]
kind = "duplicate"
flags = "F."
delay = "3s"
)";  // lines 11-33
  const Scenario s = parse_lesson(lesson(kHeader, kServer, segments), "t.toml");
  EXPECT_EQ(s.checks[0].at_least, 2);
  EXPECT_FALSE(s.checks[0].count);
  EXPECT_EQ(s.checks[1].sequences,
            (std::vector<std::vector<std::string>>{{"F.", "."}, {"F.", "F.", "."}}));
  EXPECT_EQ(s.checks[2].blocked_at_most, Duration{std::chrono::seconds(1)});
  EXPECT_EQ(s.faults[0].action, FaultAction::Duplicate);
  EXPECT_EQ(s.faults[0].delay, Duration{std::chrono::seconds(3)});
  expect_lesson_error(
      lesson(kHeader, kServer, replace(segments, "at_least = 2", "at_least = 2\ncount = 1")),
      "t.toml:14:12", "'count' (exactly) or 'at_least', not both");
  expect_lesson_error(lesson(kHeader, kServer, replace(segments, "[\"F.\", \".\"], ", "\"F.\", ")),
               "t.toml:19:11", "each entry of 'one_of' is a sequence in brackets");
  expect_lesson_error(lesson(kHeader, kServer, replace(segments, "[\"F.\", \".\"]", "[\"F.\", \"X\"]")),
               "t.toml:19:18", "each entry of 'one_of' must be tcpdump flags");
  expect_lesson_error(lesson(kHeader, kServer,
                      replace(segments, "blocked_at_most = \"1s\"",
                              "blocked_at_least = \"2s\"\nblocked_at_most = \"1s\"")),
               "t.toml:26:19", "'blocked_at_most' is shorter than 'blocked_at_least'");
}

TEST(LessonLoader, ReportsFullWidthPunctuationOutsideStrings) {
  // toml++ 3.3 has undefined behaviour on some of these characters; the loader stops first.
  expect_lesson_error(replace(lesson(), "title = { en = \"Tiny\", zh", "title = { en = \"Tiny\"， zh"),
               "t.toml:2:22", "unexpected character '，' outside a string");
  expect_lesson_error(replace(lesson(), "id = \"tiny\"", "id =。\"tiny\""), "t.toml:1:5",
               "unexpected character '。'");
  // Found by fuzzing: a stray UTF-8 continuation byte at the start of a line.
  expect_lesson_error(replace(lesson(), "[[checks]]", "\x8e[[checks]]"), "t.toml:11:1",
               "invalid UTF-8 (byte 0x8E)");
  // Found by fuzzing: toml++ looks at the character after a backslash, and after a
  // line-ending backslash, with the same undefined behaviour.
  expect_lesson_error(replace(lesson(), "\"A server listens.\"", "\"A server\\。\""), "t.toml:3:27",
               "a backslash in a string must start an escape");
  expect_lesson_error(replace(lesson(), "\"A server listens.\"", "\"\"\"A server \\\n  “listens”\"\"\""),
               "t.toml:4:3",
               "the line after a line-ending backslash must not start with a non-ASCII");
  EXPECT_EQ(
      lesson_error_of(replace(lesson(), "\"A server listens.\"", "\"\"\"服务器\\\n  listens。\"\"\"")),
      "");
  // Found by fuzzing: a quote inside a bare value does not open a string for toml++, which then
  // scans on into the non-ASCII text.
  expect_lesson_error(kHeader + "seed = 2x\"AIT。\"\n" + kServer + kCheck, "t.toml:4:14",
               "unexpected character '。' outside a string");
  // Inside strings, comments and multi-line strings they are text like any other.
  EXPECT_EQ(lesson_error_of("# 注释：。\n" +
                     replace(lesson(), "\"A server listens.\"", "\"\"\"多行，\n。\"\"\"")),
            "");
}

TEST(LessonLoader, ReportsAFileThatCannotBeRead) {
  try {
    load_lesson_file("/nonexistent/lesson.toml");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent/lesson.toml: cannot read lesson file /nonexistent/lesson.toml");
  }
}

TEST(LessonLoader, LoadsEveryShippedLesson) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(TCPLAB_SOURCE_DIR "/lessons")) {
    if (entry.path().extension() != ".toml") continue;
    ++count;
    EXPECT_NO_THROW(load_lesson_file(entry.path())) << entry.path();
  }
  EXPECT_GE(count, 11);
}

// A predict-mode question of the lesson's own (lines 17-25 after kCheck).
const std::string kQuestion = R"([[questions]]
before = "server.listen"
question = { en = "Does listen() succeed?", zh = "listen() 会成功吗？" }
choices = [
  { en = "yes", zh = "会" },
  { en = "no: EADDRINUSE", zh = "不会：EADDRINUSE" },
]
answer = "A"
why = { en = "Nobody else holds the port.", zh = "没有别人占用这个端口。" }
)";

TEST(LessonLoader, ReadsTheLessonsOwnQuestions) {
  const Scenario s = parse_lesson(lesson(kHeader, kServer, kCheck + kQuestion), "t.toml");
  ASSERT_EQ(s.questions.size(), 1u);
  const LessonQuestion& q = s.questions[0];
  EXPECT_EQ(q.before, "server.listen");
  EXPECT_EQ(q.segment_id, std::nullopt);
  EXPECT_EQ(q.text.zh, "listen() 会成功吗？");
  ASSERT_EQ(q.choices.size(), 2u);
  EXPECT_EQ(q.choices[1].en, "no: EADDRINUSE");
  EXPECT_EQ(q.answer, 0u);
  EXPECT_EQ(q.why.en, "Nobody else holds the port.");
  EXPECT_EQ(q.where.to_string(), "t.toml:17:1");
}

TEST(LessonLoader, ReportsAQuestionsMistakesWhereTheyAre) {
  const std::string base = lesson(kHeader, kServer, kCheck + kQuestion);
  expect_lesson_error(replace(base, "before = \"server.listen\"", "before = \"server.lisen\""),
               "t.toml:18:10", "'before' names step 'server.lisen', which does not exist");
  expect_lesson_error(replace(base, "answer = \"A\"", "answer = \"C\""), "t.toml:24:10",
               "'answer' is one of the letters AB (one per choice), not 'C'");
  expect_lesson_error(replace(base, "  { en = \"yes\", zh = \"会\" },\n", ""), "t.toml:20:11",
               "a question has 2 to 4 choices, not 1");
  expect_lesson_error(replace(base, "{ en = \"yes\", zh = \"会\" }", "{ en = \"yes\" }"), "t.toml:21:3",
               "a choice has no 'zh'");
  expect_lesson_error(replace(base, "before = \"server.listen\"",
                       "before = \"server.listen\"\nsegment = 2"),
               "t.toml:19:11", "not both");
  expect_lesson_error(replace(base, "before = \"server.listen\"\n", ""), "t.toml:17:1",
               "a question has no 'before'");
  expect_lesson_error(replace(base, "why = {", "wy = {"), "t.toml:25:1",
               "unknown key 'wy' in a question (did you mean 'why'?)");
}

}  // namespace
}  // namespace tcplab
