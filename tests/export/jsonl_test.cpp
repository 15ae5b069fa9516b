#include "export/jsonl.h"

#include <sstream>

#include <gtest/gtest.h>

#include "sample_traces.h"

namespace tcplab {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

Trace read_text(const std::string& text) {
  std::istringstream in(text);
  return read_jsonl(in, "t.jsonl");
}

// The message read_jsonl throws for `text`, or "" if it reads.
std::string error_for(const std::string& text) {
  try {
    read_text(text);
  } catch (const TraceFormatError& e) {
    return e.what();
  }
  return "";
}

const std::string kHeader =
    R"({"type":"trace","format":"tcplab-trace","version":1,"backend":"model","profile":"","hosts":[],"warnings":[]})";

TEST(JsonLines, StartsWithTheHeaderThenOneLinePerEvent) {
  const Trace trace = samples::four_way_close();
  const auto lines = lines_of(to_jsonl(trace));
  ASSERT_EQ(lines.size(), trace.size() + 1);
  EXPECT_EQ(lines[0], R"({"type":"trace","format":"tcplab-trace","version":4,"backend":"model",)"
                      R"("profile":"linux","hosts":["client","server"],"warnings":[]})");
}

TEST(JsonLines, SegmentLineHasTheContractFieldsInAFixedOrder) {
  const auto lines = lines_of(to_jsonl(samples::four_way_close()));
  // Line 4 is the SYN (after the header, the listen() call, the note and the LISTEN state).
  EXPECT_EQ(lines[4],
            R"({"t_ns":1000000,"type":"segment","id":1,"from":"client","to":"server",)"
            R"("endpoint":"client#1","src":"127.0.0.1:40000","dst":"127.0.0.2:5555","flags":"S",)"
            R"("seq":1000,"ack":0,"rel_seq":0,"rel_ack":0,"len":0,"window":65535,)"
            R"("mss":65495,"sack_ok":true,"ts_val":7001,"ts_ecr":0,"wscale":7,)"
            R"("fate":"delivered","reason":"","retransmission":false,"arrive_ns":1100000,)"
            R"("payload":""})");
}

TEST(JsonLines, StateTimerCallAndNoteLines) {
  const std::string text = to_jsonl(samples::rst_close());
  EXPECT_NE(text.find(R"({"t_ns":11000000,"type":"state","host":"client","endpoint":"client#1",)"
                      R"("tuple":"127.0.0.1:40000 > 127.0.0.2:5555","from":"ESTABLISHED",)"
                      R"("to":"CLOSED","cause":"close_linger_zero","segment":8})"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"({"t_ns":13000000,"type":"call","host":"server","step":"server.recv",)"
                      R"("call":"recv","args":"64","fd":4,"result":-1,"errno":"ECONNRESET",)"
                      R"("errno_message":"Connection reset by peer","issued_ns":13000000,)"
                      R"("endpoint":"server#2","data":""})"),
            std::string::npos);
  EXPECT_NE(text.find(R"({"t_ns":1000000,"type":"timer","host":"client","endpoint":"client#1",)"
                      R"("timer":"retransmit","action":"armed","deadline_ns":1001000000,)"
                      R"("attempt":0})"),
            std::string::npos);
  EXPECT_NE(text.find(R"({"t_ns":0,"type":"note","host":"","text":"The server listens; the )"
                      R"(client connects."})"),
            std::string::npos);
  // A call that succeeded has null errno.
  EXPECT_NE(text.find(R"("result":0,"errno":null,"errno_message":null)"), std::string::npos);
}

TEST(JsonLines, SameTraceGivesByteIdenticalOutput) {
  EXPECT_EQ(to_jsonl(samples::lost_last_ack()), to_jsonl(samples::lost_last_ack()));
}

TEST(JsonLines, RoundTripsEveryEventByteForByte) {
  for (const Trace& trace : {samples::four_way_close(), samples::lost_last_ack(),
                             samples::rst_close(), samples::refused()}) {
    const std::string text = to_jsonl(trace);
    const Trace back = read_text(text);
    EXPECT_EQ(back.size(), trace.size());
    EXPECT_EQ(back.segment_count(), trace.segment_count());
    EXPECT_EQ(to_jsonl(back), text);
  }
}

TEST(JsonLines, RoundTripKeepsSegmentFieldsAndRelativeNumbers) {
  const Trace trace = samples::lost_last_ack();
  const Trace back = read_text(to_jsonl(trace));
  for (std::uint64_t id = 1; id <= trace.segment_count(); ++id) {
    const SegmentEvent& a = *trace.segment_by_id(id);
    const SegmentEvent& b = *back.segment_by_id(id);
    EXPECT_EQ(a.segment.src, b.segment.src);
    EXPECT_EQ(a.segment.dst, b.segment.dst);
    EXPECT_EQ(a.segment.seq, b.segment.seq);
    EXPECT_EQ(a.segment.ack, b.segment.ack);
    EXPECT_EQ(a.segment.flags, b.segment.flags);
    EXPECT_EQ(a.segment.payload, b.segment.payload);
    EXPECT_EQ(a.segment.options, b.segment.options);
    EXPECT_EQ(a.segment.window, b.segment.window);
    EXPECT_EQ(a.fate, b.fate);
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.retransmission, b.retransmission);
    EXPECT_EQ(a.arrives_at, b.arrives_at);
    EXPECT_EQ(a.rel_seq, b.rel_seq);
    EXPECT_EQ(a.rel_ack, b.rel_ack);
  }
}

TEST(JsonLines, KernelIsolationIsAnOptionalHeaderField) {
  Trace trace;
  trace.backend = "kernel";
  trace.isolation = Isolation::HostLoopback;
  trace.isolation_reason = "asked for (force_host_loopback)";
  const std::string text = to_jsonl(trace);
  EXPECT_EQ(lines_of(text)[0],
            R"({"type":"trace","format":"tcplab-trace","version":4,"backend":"kernel",)"
            R"("profile":"","hosts":[],"warnings":[],"isolation":"host-loopback",)"
            R"j("isolation_reason":"asked for (force_host_loopback)"})j");
  const Trace back = read_text(text);
  EXPECT_EQ(back.isolation, Isolation::HostLoopback);
  EXPECT_EQ(back.isolation_reason, "asked for (force_host_loopback)");
  EXPECT_EQ(read_text(kHeader).isolation, Isolation::None);
  EXPECT_EQ(error_for(R"({"type":"trace","version":1,"isolation":"cloud"})"),
            "t.jsonl:1: header: field \"isolation\" must be none, private-namespace or "
            "host-loopback, not \"cloud\"");
}

// A recording (tcplab record) says which kernel ran it and when; files without it read as before.
TEST(JsonLines, KernelReleaseAndRecordingDateAreOptionalHeaderFields) {
  Trace trace;
  trace.backend = "kernel";
  trace.kernel_release = "6.1.0-18-amd64";
  trace.recorded_on = "2026-12-03";
  const std::string text = to_jsonl(trace);
  EXPECT_EQ(lines_of(text)[0],
            R"({"type":"trace","format":"tcplab-trace","version":4,"backend":"kernel",)"
            R"("profile":"","hosts":[],"warnings":[],"kernel_release":"6.1.0-18-amd64",)"
            R"("recorded_on":"2026-12-03"})");
  const Trace back = read_text(text);
  EXPECT_EQ(back.kernel_release, "6.1.0-18-amd64");
  EXPECT_EQ(back.recorded_on, "2026-12-03");
  EXPECT_EQ(read_text(kHeader).kernel_release, "");
  EXPECT_EQ(read_text(kHeader).recorded_on, "");
  EXPECT_EQ(error_for(R"({"type":"trace","version":2,"recorded_on":"3 Dec 2026"})"),
            "t.jsonl:1: header: field \"recorded_on\" must be a date YYYY-MM-DD, not \"3 Dec "
            "2026\"");
  EXPECT_EQ(error_for(R"({"type":"trace","version":2,"recorded_on":"2026-13-03"})"),
            "t.jsonl:1: header: field \"recorded_on\" must be a date YYYY-MM-DD, not "
            "\"2026-13-03\"");
}

// A warning is data (version 4): its pattern and arguments, worded by whoever shows it; one worded
// elsewhere (an OS error, an older file's) is a plain string.
TEST(JsonLines, WarningsAreWrittenAsPatternsWithArgumentsAndReadBack) {
  Trace trace;
  trace.warnings = {Message{"stopped at {0} (time limit {1})", {"1.2 s", "1 s"}},
                    Message::verbatim("unshare: Operation not permitted")};
  const std::string text = to_jsonl(trace);
  EXPECT_EQ(lines_of(text)[0],
            R"({"type":"trace","format":"tcplab-trace","version":4,"backend":"model",)"
            R"j("profile":"","hosts":[],"warnings":[{"pattern":"stopped at {0} (time limit {1})",)j"
            R"("args":["1.2 s","1 s"]},"unshare: Operation not permitted"]})");
  EXPECT_EQ(read_text(text).warnings, trace.warnings);
  // A version-3 file's warnings were English strings: they read back as verbatim words.
  EXPECT_EQ(read_text(R"({"type":"trace","version":3,"warnings":["stopped at 2 s"]})").warnings,
            std::vector<Message>{Message::verbatim("stopped at 2 s")});
  const std::string shape =
      "t.jsonl:1: header: field \"warnings\" must be a list of strings or of {\"pattern\", "
      "\"args\"} objects";
  EXPECT_EQ(error_for(R"({"type":"trace","version":4,"warnings":"oops"})"), shape);
  EXPECT_EQ(error_for(R"({"type":"trace","version":4,"warnings":[{"args":["1"]}]})"), shape);
  EXPECT_EQ(error_for(R"({"type":"trace","version":4,"warnings":[{"pattern":"{0}","args":[1]}]})"),
            shape);
}

// A SYN that reopened TIME-WAIT carries two verdicts: the record's, then the listener's.
TEST(JsonLines, AnEarlierVerdictAndCallTimingReadBack) {
  Trace trace;
  SegmentEvent e;
  e.segment.src = samples::kClient;
  e.segment.dst = samples::kServer;
  e.segment.flags = TcpFlag::Syn;
  e.earlier_verdict = ReceiverVerdict(VerdictCode::TimeWaitNewSyn);
  e.verdict = ReceiverVerdict(VerdictCode::ListenQueueFull, {.first = 4});
  trace.add_segment(kTimeZero, e);
  CallEvent c;
  c.host = "client";
  c.call = "connect";
  c.issued_at = instant_from_ns(5);
  c.asked_at = c.issued_at;  // asked and issued at once: still a kernel's record of when asked
  trace.add(instant_from_ns(6), c);
  const std::string text = to_jsonl(trace);
  EXPECT_NE(text.find(R"("verdict":"rejected","reject":"listen-queue-full",)"
                      R"("rule":"Linux tcp_conn_request","verdict_code":"listen-queue-full",)"
                      R"("verdict_args":[4],"earlier_verdict":"accepted",)"
                      R"("earlier_verdict_code":"time-wait-new-syn","retransmission")"),
            std::string::npos)
      << text;
  const Trace back = read_text(text);
  const SegmentEvent& syn = *back.segment_by_id(1);
  ASSERT_TRUE(syn.earlier_verdict);
  EXPECT_EQ(syn.earlier_verdict->verdict, Verdict::Accepted);
  EXPECT_EQ(syn.earlier_verdict->what, VerdictCode::TimeWaitNewSyn);
  EXPECT_EQ(syn.verdict.code, RejectCode::ListenQueueFull);
  EXPECT_EQ(syn.verdict.what, VerdictCode::ListenQueueFull);
  EXPECT_EQ(syn.verdict.args.first, 4u);
  EXPECT_EQ(get<CallEvent>(back.events()[1].body).asked_at, instant_from_ns(5));
  EXPECT_EQ(to_jsonl(back), text);
}

// A state change's cause is written by its stable name; its count, source and uncertainty only
// when they say something, and all of them read back.
TEST(JsonLines, StateCauseSourceAndUncertaintyReadBack) {
  Trace trace;
  StateEvent unread;
  unread.endpoint = "client#1";
  unread.from = TcpState::Established;
  unread.to = TcpState::Closed;
  unread.cause = StateCause::CloseWithUnreadData;
  unread.cause_count = 3;
  trace.add(instant_from_ns(1), unread);
  StateEvent guessed;
  guessed.endpoint = "server#2";
  guessed.from = guessed.to = TcpState::Established;
  guessed.cause = StateCause::AssumedEstablished;
  guessed.source = StateSource::Capture;
  guessed.uncertainty = Uncertainty::CaptureStartedMidConnection;
  trace.add(instant_from_ns(2), guessed);
  const std::string text = to_jsonl(trace);
  EXPECT_NE(text.find(R"("cause":"close_unread_data","segment":null,"cause_count":3})"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("cause":"assumed_established","segment":null,"source":"capture",)"
                      R"("uncertain":"capture_started_mid_connection"})"),
            std::string::npos)
      << text;
  const Trace back = read_text(text);
  const auto& first = get<StateEvent>(back.events()[0].body);
  EXPECT_EQ(first.cause, StateCause::CloseWithUnreadData);
  EXPECT_EQ(first.cause_count, 3u);
  EXPECT_EQ(first.source, StateSource::Model);
  const auto& second = get<StateEvent>(back.events()[1].body);
  EXPECT_EQ(second.source, StateSource::Capture);
  EXPECT_EQ(second.uncertainty, Uncertainty::CaptureStartedMidConnection);
  EXPECT_EQ(to_jsonl(back), text);
}

TEST(JsonLines, FaultAndVerdictAreOptionalSegmentFields) {
  Trace trace;
  SegmentEvent e;
  e.segment.src = samples::kClient;
  e.segment.dst = samples::kServer;
  e.segment.flags = TcpFlag::Ack;
  e.fault = WireFault{WireAction::Delayed, "hold it back"};
  e.verdict = ReceiverVerdict(VerdictCode::TimeWaitOutsideWindow);
  e.reason = reason_text(e);
  trace.add_segment(kTimeZero, e);
  e.fault.reset();
  e.verdict = ReceiverVerdict(VerdictCode::AckOfFin);
  e.reason = reason_text(e);
  trace.add_segment(kTimeZero, e);
  const std::string text = to_jsonl(trace);
  const auto lines = lines_of(text);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find(R"("reason":"hold it back","fault_action":"delayed",)"
                          R"("fault":"hold it back","verdict":"rejected",)"
                          R"("reject":"time-wait-outside-window",)"
                          R"("rule":"Linux tcp_timewait_state_process",)"
                          R"("verdict_code":"time-wait-outside-window","retransmission":false)"),
            std::string::npos)
      << lines[1];
  EXPECT_NE(lines[2].find(R"("reason":"","verdict":"accepted",)"
                          R"("verdict_code":"ack-of-fin","retransmission")"),
            std::string::npos)
      << lines[2];
  const Trace back = read_text(text);
  const SegmentEvent& held = *back.segment_by_id(1);
  ASSERT_TRUE(held.fault);
  EXPECT_EQ(held.fault->action, WireAction::Delayed);
  EXPECT_EQ(held.fault->fault, "hold it back");
  EXPECT_EQ(held.verdict.verdict, Verdict::Rejected);
  EXPECT_EQ(held.verdict.code, RejectCode::TimeWaitOutsideWindow);
  EXPECT_EQ(held.reason, "hold it back");
  EXPECT_EQ(held.verdict.what, VerdictCode::TimeWaitOutsideWindow);
  EXPECT_EQ(back.segment_by_id(2)->verdict.verdict, Verdict::Accepted);
  EXPECT_FALSE(back.segment_by_id(2)->fault);
  EXPECT_EQ(to_jsonl(back), text);
  // A segment without them (an older file, a kernel trace) reads with none.
  const Trace old = read_text(to_jsonl(samples::four_way_close()));
  EXPECT_EQ(old.segment_by_id(1)->verdict.verdict, Verdict::None);
  EXPECT_FALSE(old.segment_by_id(1)->fault);
  std::string bad = lines[1];
  bad.replace(bad.find("\"delayed\""), 9, "\"lost\"");
  EXPECT_EQ(error_for(lines[0] + "\n" + bad),
            "t.jsonl:2: segment: field \"fault_action\": unknown action \"lost\"");
}

// The verdict code is a stable name with exactly the numbers (and state) its words need; an
// unknown name, a code that contradicts the line's verdict or the wrong numbers name the line.
TEST(JsonLines, VerdictCodesCarryTheirNumbersAndBadOnesNameTheLine) {
  Trace trace;
  SegmentEvent e;
  e.segment.src = samples::kClient;
  e.segment.dst = samples::kServer;
  e.segment.flags = TcpFlag::Ack;
  e.verdict = ReceiverVerdict(VerdictCode::OutOfOrder, {.first = 1001, .second = 4294967295u});
  trace.add_segment(kTimeZero, e);
  e.verdict = ReceiverVerdict(VerdictCode::SynChallengeAck, {.state = TcpState::FinWait2});
  trace.add_segment(kTimeZero, e);
  const std::string text = to_jsonl(trace);
  const auto lines = lines_of(text);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find(R"("verdict_code":"out-of-order","verdict_args":[1001,4294967295],)"),
            std::string::npos)
      << lines[1];
  EXPECT_NE(lines[2].find(R"("verdict_code":"syn-challenge-ack","verdict_state":"FIN-WAIT-2",)"),
            std::string::npos)
      << lines[2];
  const Trace back = read_text(text);
  EXPECT_EQ(back.segment_by_id(1)->verdict.what, VerdictCode::OutOfOrder);
  EXPECT_EQ(back.segment_by_id(1)->verdict.args.second, 4294967295u);
  EXPECT_EQ(back.segment_by_id(2)->verdict.args.state, TcpState::FinWait2);
  EXPECT_EQ(to_jsonl(back), text);

  auto with = [&](std::string line, std::string_view from, std::string_view to) {
    line.replace(line.find(from), from.size(), to);
    return error_for(lines[0] + "\n" + line);
  };
  EXPECT_EQ(with(lines[1], R"("verdict_code":"out-of-order")", R"("verdict_code":"out-of-step")"),
            "t.jsonl:2: segment: field \"verdict_code\": unknown verdict code \"out-of-step\"");
  EXPECT_EQ(with(lines[1], R"("verdict_code":"out-of-order")", R"("verdict_code":"ack-of-fin")"),
            "t.jsonl:2: segment: field \"verdict_code\": \"ack-of-fin\" is accepted, but the line "
            "says rejected (out-of-order)");
  EXPECT_EQ(with(lines[1], "[1001,4294967295]", "[1001]"),
            "t.jsonl:2: segment: field \"verdict_args\": \"out-of-order\" takes 2 numbers");
  EXPECT_EQ(with(lines[2], R"("FIN-WAIT-2")", R"("FIN-WAIT-3")"),
            "t.jsonl:2: segment: field \"verdict_state\": unknown TCP state \"FIN-WAIT-3\"");
}

TEST(JsonLines, UnreadablePayloadIsHexAndComesBack) {
  Trace trace;
  SegmentEvent e;
  e.segment.src = samples::kClient;
  e.segment.dst = samples::kServer;
  e.segment.flags = TcpFlag::Ack;
  e.segment.payload = std::string("\x00\x01\xff", 3);
  trace.add_segment(kTimeZero, e);
  e.segment.payload = "你好, TIME-WAIT\n";
  trace.add_segment(kTimeZero, e);
  const std::string text = to_jsonl(trace);
  EXPECT_NE(text.find(R"("payload_hex":"0001ff")"), std::string::npos);
  EXPECT_NE(text.find(R"("payload":"你好, TIME-WAIT\n")"), std::string::npos);
  const Trace back = read_text(text);
  EXPECT_EQ(back.segment_by_id(1)->segment.payload, std::string("\x00\x01\xff", 3));
  EXPECT_EQ(back.segment_by_id(2)->segment.payload, "你好, TIME-WAIT\n");
}

TEST(JsonLines, SackBlocksRoundTripAndBadOnesNameTheLine) {
  Trace trace = samples::four_way_close();
  trace.segment_by_id(3)->segment.options.sack = {{SeqNum(1), SeqNum(4294967295u)},
                                                  {SeqNum(70), SeqNum(80)}};
  const std::string text = to_jsonl(trace);
  EXPECT_NE(text.find(R"("sack":"1:4294967295 70:80")"), std::string::npos);
  const Trace back = read_text(text);
  EXPECT_EQ(back.segment_by_id(3)->segment.options, trace.segment_by_id(3)->segment.options);

  std::string bad = text;
  bad.replace(bad.find(R"("1:4294967295 70:80")"), 20, R"("1:4294967296 70:80")");
  try {
    read_text(bad);
    ADD_FAILURE() << "a SACK block beyond 32 bits was read";
  } catch (const TraceFormatError& e) {
    EXPECT_NE(std::string(e.what()).find(R"(field "sack": "1:4294967296 70:80" is not blocks)"),
              std::string::npos)
        << e.what();
  }
}

TEST(JsonLines, BlankLinesAndCrLfAreAccepted) {
  const Trace back =
      read_text(kHeader + "\r\n\n" + R"({"t_ns":5,"type":"note","host":"","text":"hi"})" + "\r\n");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(get<NoteEvent>(back.events()[0].body).text, "hi");
}

TEST(JsonLinesErrors, NameTheLineAndWhatIsWrong) {
  const std::string seg =
      R"({"t_ns":1,"type":"segment","from":"a","to":"b","src":"1.2.3.4:1","dst":"1.2.3.5:2",)"
      R"("flags":"S","seq":1,"ack":0,"len":0,"fate":"delivered"})";
  EXPECT_EQ(error_for(""), "t.jsonl:0: empty: no header line");
  EXPECT_EQ(error_for(seg),
            "t.jsonl:1: header: the first line must be the header "
            "{\"type\":\"trace\",...}, not a \"segment\" event");
  EXPECT_EQ(error_for(kHeader + "\n{\"t_ns\":1,"),
            "t.jsonl:2: invalid JSON at column 11: syntax error while parsing object key - "
            "unexpected end of input; expected string literal");
  EXPECT_EQ(error_for(kHeader + "\n[1,2]"), "t.jsonl:2: expected a JSON object");
  // Found by fuzzing: a number too large even for a double is an error, not an exception escaping.
  EXPECT_EQ(error_for(kHeader + "\n" + R"({"t_ns":4E294967287,"type":"note","text":"x"})"),
            "t.jsonl:2: invalid JSON: number overflow parsing '4E294967287'");
  EXPECT_EQ(error_for(kHeader + "\n" + R"({"t_ns":1,"type":"wave"})"),
            "t.jsonl:2: wave: unknown event type (expected segment, state, timer, call or note)");
  std::string bad = seg;
  bad.replace(bad.find("\"S\""), 3, "\"SF\"");
  EXPECT_EQ(error_for(kHeader + "\n" + bad),
            "t.jsonl:2: segment: field \"flags\": \"SF\" is not tcpdump flags (S, S., F., R, R., "
            "P., .)");
  bad = seg;
  bad.replace(bad.find("\"seq\":1"), 7, "\"seq\":4294967296");
  EXPECT_EQ(error_for(kHeader + "\n" + bad),
            "t.jsonl:2: segment: field \"seq\" must be an integer in 0..4294967295");
  bad = seg;
  bad.replace(bad.find(",\"ack\":0"), 8, "");
  EXPECT_EQ(error_for(kHeader + "\n" + bad), "t.jsonl:2: segment: missing field \"ack\"");
  bad = seg;
  bad.replace(bad.find("1.2.3.4:1"), 9, "1.2.3:1");
  EXPECT_EQ(error_for(kHeader + "\n" + bad),
            "t.jsonl:2: segment: field \"src\": \"1.2.3:1\" is not an IPv4 addr:port");
  bad = seg;
  bad.replace(bad.find("\"len\":0"), 7, "\"len\":3,\"payload\":\"ab\"");
  EXPECT_EQ(error_for(kHeader + "\n" + bad),
            "t.jsonl:2: segment: field \"len\" is 3 but the payload has 2 bytes");
  EXPECT_EQ(error_for(kHeader + "\n" + R"({"t_ns":9,"type":"note","text":"a"})" + "\n" +
                      R"({"t_ns":8,"type":"note","text":"b"})"),
            "t.jsonl:3: note: t_ns 8 is earlier than the previous event's 9 (events must be in "
            "time order)");
  EXPECT_EQ(error_for(kHeader + "\n" +
                      R"({"t_ns":1,"type":"state","endpoint":"e","from":"ESTAB","to":"LIMBO"})"),
            "t.jsonl:2: state: field \"to\": unknown TCP state \"LIMBO\"");
  EXPECT_EQ(error_for(kHeader + "\n" +
                      R"({"t_ns":1,"type":"state","endpoint":"e","from":"ESTAB","to":"CLOSED",)"
                      R"("cause":"rcv FIN"})"),
            "t.jsonl:2: state: field \"cause\": unknown state cause \"rcv FIN\"");
  EXPECT_EQ(error_for(kHeader + "\n" +
                      R"({"t_ns":1,"type":"state","endpoint":"e","from":"ESTAB","to":"CLOSED",)"
                      R"("cause":"rcv_fin","source":"psychic"})"),
            "t.jsonl:2: state: field \"source\": unknown state source \"psychic\"");
  EXPECT_EQ(error_for(kHeader + "\n" +
                      R"({"t_ns":1,"type":"call","host":"h","call":"recv",)"
                      R"("fd":3,"result":-1,"errno":"EWHAT"})"),
            "t.jsonl:2: call: field \"errno\": unknown errno \"EWHAT\"");
  EXPECT_EQ(error_for(R"({"type":"trace","version":5})"),
            "t.jsonl:1: header: format version 5 is not supported (this build reads 1..4)");
  // A typed note's reason must be one this build knows, and a port held needs its holder.
  EXPECT_EQ(error_for(kHeader + "\n" +
                      R"({"t_ns":1,"type":"note","host":"h","call":"bind","why":"bad-luck"})"),
            "t.jsonl:2: note: field \"why\": unknown call reason \"bad-luck\"");
  EXPECT_EQ(error_for(kHeader + "\n" +
                      R"({"t_ns":1,"type":"note","host":"h","call":"bind","why":"port-held"})"),
            "t.jsonl:2: note: field \"why\": \"port-held\" needs the conflict_* fields");
  EXPECT_EQ(error_for(kHeader + "\n" +
                      R"({"t_ns":1,"type":"note","host":"h","call":"bind",)"
                      R"("why":"port-shared-by-reuse"})"),
            "t.jsonl:2: note: field \"why\": \"port-shared-by-reuse\" needs the shared_* fields");
  EXPECT_EQ(error_for(kHeader + "\n" +
                      R"({"t_ns":1,"type":"note","host":"h","call":"bind",)"
                      R"("why":"port-shared-by-reuse","shared_holder":"ghost",)"
                      R"("shared_local":"127.0.0.2:5554","shared_count":1})"),
            "t.jsonl:2: note: field \"shared_holder\": unknown shared holder \"ghost\"");
  bad = seg;
  bad.replace(bad.find("\"t_ns\":1,"), 9, "\"t_ns\":1,\"id\":7,");
  EXPECT_EQ(error_for(kHeader + "\n" + bad),
            "t.jsonl:2: segment: segment id 7 out of order (expected 1)");
}

// The message read_jsonl throws for `text` under `limits`, or "" if it reads.
std::string error_within(const std::string& text, const JsonlLimits& limits) {
  std::istringstream in(text);
  try {
    read_jsonl(in, "t.jsonl", limits);
  } catch (const TraceFormatError& e) {
    return e.what();
  }
  return "";
}

TEST(JsonLinesLimits, ALineLongerThanTheLimitIsRefusedBeforeItIsRead) {
  // Once 773 MB to refuse: 10 MB of '[' parsed into nested arrays.
  EXPECT_EQ(error_for(kHeader + "\n" + std::string(10 * 1024 * 1024, '[') + "\n"),
            "t.jsonl:2: line longer than 1 MiB, the limit for one line of a trace");
  JsonlLimits small;
  small.max_line_bytes = 60;
  const std::string note = R"({"t_ns":1,"type":"note","text":")";
  const std::string fits = note + std::string(60 - note.size() - 2, 'x') + "\"}";
  ASSERT_EQ(fits.size(), 60u);
  EXPECT_EQ(error_within(R"({"type":"trace","version":1})"
                         "\n" +
                             fits,
                         small),
            "");
  EXPECT_EQ(error_within(R"({"type":"trace","version":1})"
                         "\n" +
                             fits + "x",
                         small),
            "t.jsonl:2: line longer than 60 bytes, the limit for one line of a trace");
}

TEST(JsonLinesLimits, NestingDeeperThanTheLimitIsRefused) {
  const auto nested = [](std::size_t arrays) {
    return R"({"t_ns":1,"type":"note","text":"x","extra":)" + std::string(arrays, '[') +
           std::string(arrays, ']') + "}";
  };
  EXPECT_EQ(error_for(kHeader + "\n" + nested(15)), "");  // 16 levels with the line's object
  EXPECT_EQ(error_for(kHeader + "\n" + nested(16)),
            "t.jsonl:2: JSON nested more than 16 levels deep, the limit for a trace (its own "
            "lines nest 2)");
  EXPECT_EQ(error_for(kHeader + "\n" + std::string(100'000, '[')),
            "t.jsonl:2: JSON nested more than 16 levels deep, the limit for a trace (its own "
            "lines nest 2)");
}

TEST(JsonLinesLimits, MoreEventsOrHostsThanTheLimitAreRefused) {
  JsonlLimits small;
  small.max_events = 3;
  small.max_hosts = 2;
  std::string text = kHeader;
  for (int i = 0; i < 3; ++i)
    text +=
        "\n"
        R"({"t_ns":1,"type":"note","text":"n"})";
  EXPECT_EQ(error_within(text, small), "");
  EXPECT_EQ(error_within(text + "\n"
                                R"({"t_ns":2,"type":"note","text":"n"})",
                         small),
            "t.jsonl:5: note: more than 3 events, the limit for a trace file");
  EXPECT_EQ(error_within(R"({"type":"trace","version":1,"hosts":["a","b"]})", small), "");
  EXPECT_EQ(error_within(R"({"type":"trace","version":1,"hosts":["a","b","c"]})", small),
            "t.jsonl:1: header: 3 hosts, more than 2, the limit for a trace");
  const JsonlLimits defaults;
  EXPECT_EQ(defaults.max_events, 1'000'000u);
  EXPECT_EQ(defaults.max_hosts, 100'000u);
}

TEST(JsonLinesErrors, SegmentWithoutPayloadBytesKeepsItsLength) {
  const std::string seg =
      R"({"t_ns":1,"type":"segment","from":"a","to":"b","src":"1.2.3.4:1","dst":"1.2.3.5:2",)"
      R"("flags":"P.","seq":1,"ack":7,"len":4,"fate":"dropped"})";
  const Trace back = read_text(kHeader + "\n" + seg);
  ASSERT_EQ(back.segment_count(), 1u);
  EXPECT_EQ(back.segment_by_id(1)->segment.payload_len(), 4u);
  EXPECT_EQ(back.segment_by_id(1)->fate, SegmentFate::Dropped);
}

}  // namespace
}  // namespace tcplab
