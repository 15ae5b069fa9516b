#include "present/event_sentence.h"

#include <gtest/gtest.h>

#include <set>

#include "present/segment_label.h"
#include "present/state_cause_text.h"

namespace tcplab::present {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

StateEvent change(TcpState from, TcpState to, StateCause cause) {
  StateEvent e;
  e.host = "server";
  e.endpoint = "server#2";
  e.from = from;
  e.to = to;
  e.cause = cause;
  return e;
}

TEST(StateChangeSentence, EndpointOrLessonNameThenFromToAndCause) {
  const StateEvent e = change(TcpState::Established, TcpState::CloseWait, StateCause::RcvFin);
  EXPECT_EQ(state_change_sentence(e), "server#2: ESTABLISHED → CLOSE-WAIT (rcv FIN)");
  EXPECT_EQ(state_change_sentence(e, "conn"), "conn: ESTABLISHED → CLOSE-WAIT (rcv FIN)");
  EXPECT_EQ(state_change_sentence(change(TcpState::Closed, TcpState::Listen, StateCause::Unspecified)),
            "server#2: CLOSED → LISTEN");
}

TEST(TimerSentence, ArmedSaysHowLongRoundedAndWhenExactly) {
  TimerEvent t;
  t.endpoint = "client#1";
  t.timer = TimerKind::TimeWait;
  t.action = TimerAction::Armed;
  t.deadline = kTimeZero + milliseconds(60'110);
  const Instant at = kTimeZero + milliseconds(146);
  EXPECT_EQ(timer_sentence(t, at), "client#1: TIME-WAIT timer armed, fires in 60 s (at 60.11 s)");
  EXPECT_EQ(timer_sentence(t, at, "s"), "s: TIME-WAIT timer armed, fires in 60 s (at 60.11 s)");
}

TEST(TimerSentence, FiredRetransmissionCountsItsAttempts) {
  TimerEvent t;
  t.endpoint = "server#2";
  t.timer = TimerKind::Retransmit;
  t.action = TimerAction::Fired;
  t.attempt = 2;
  EXPECT_EQ(timer_sentence(t, kTimeZero + seconds(3)), "server#2: retransmit timer fired (#2)");
}

TEST(SegmentSentence, SenderLabelReceiverAndFate) {
  SegmentEvent s;
  s.from = "client";
  s.to = "server";
  s.segment.flags = TcpFlag::Ack;
  s.rel_seq = 2;
  s.rel_ack = 2;
  s.fate = SegmentFate::Dropped;
  s.reason = "drop the last ACK";
  EXPECT_EQ(segment_sentence(s), "client sends . seq 2 ack 2 to server; lost: drop the last ACK");
  s.fate = SegmentFate::Delivered;
  s.reason.clear();
  EXPECT_EQ(segment_sentence(s), "client sends . seq 2 ack 2 to server");
}

// An RST no socket sent (both backends leave its endpoint empty) says it came from the host.
TEST(SegmentSentence, AnRstFromNoSocketIsTheHosts) {
  SegmentEvent r;
  r.from = "server";
  r.to = "client";
  r.segment.flags = TcpFlag::Rst;
  r.rel_seq = 7;
  EXPECT_EQ(segment_sender(r), "server (the host: no socket)");
  EXPECT_EQ(segment_sentence(r), "server (the host: no socket) sends R seq 7 to client");
  r.endpoint = "server#2";  // a socket's RST (linger zero, a reset connection)
  EXPECT_EQ(segment_sender(r), "server (server#2)");
  EXPECT_EQ(segment_sentence(r), "server sends R seq 7 to client");
  SegmentEvent ack;  // a capture's segment whose socket is unknown is not called the host's
  ack.from = "client";
  ack.segment.flags = TcpFlag::Ack;
  EXPECT_EQ(segment_sender(ack), "client");
}

TEST(CallSentence, HostThenTheCallLabel) {
  CallEvent c;
  c.host = "server";
  c.call = "bind";
  c.args = "127.0.0.2:5555";
  c.result = -1;
  c.error = Errno::AddressInUse;
  EXPECT_EQ(call_sentence(c, {"s", ""}),
            "server: bind(s, 127.0.0.2:5555) = -1 EADDRINUSE (Address already in use)");
}

TEST(NoteSentence, HostWhenItHasOne) {
  EXPECT_EQ(note_sentence({"server", "port in TIME-WAIT"}), "server: port in TIME-WAIT");
  EXPECT_EQ(note_sentence({"", "the lesson ends"}), "the lesson ends");
}

TEST(EventSentence, PicksTheSentenceForTheEventsKind) {
  const StateEvent body =
      change(TcpState::SynSent, TcpState::Established, StateCause::RcvSynAckSendsAck);
  const TraceEvent e{kTimeZero + milliseconds(5), EventBodyRef(&body)};
  EXPECT_EQ(event_sentence(e), "server#2: SYN-SENT → ESTABLISHED (rcv SYN,ACK, snd ACK)");
}

// The reason in brackets is made from the typed cause, its count, and where it was learnt.
TEST(StateChangeReason, SaysTheCauseAndHowTheStateWasLearnt) {
  StateEvent e = change(TcpState::Established, TcpState::Closed, StateCause::CloseWithUnreadData);
  e.cause_count = 3;
  EXPECT_EQ(state_change_reason(e), "close() with 3 unread bytes: snd RST");
  e = change(TcpState::SynSent, TcpState::Closed, StateCause::RetransmissionLimit);
  e.cause_count = 6;
  EXPECT_EQ(state_change_reason(e), "retransmission limit reached (6 retries)");

  e = change(TcpState::Established, TcpState::FinWait1, StateCause::Unspecified);
  e.source = StateSource::SockDiag;
  EXPECT_EQ(state_change_reason(e), "observed via sock_diag");
  e.source = StateSource::SockDiagShortLived;
  e.segment_id = 7;
  EXPECT_EQ(state_change_reason(e), "inferred from segment 7: lived less than a sock_diag poll");
  e.cause = StateCause::ListenCalled;
  EXPECT_EQ(state_change_reason(e), "listen(): lived less than a sock_diag poll");
  e.source = StateSource::NeverSeenBySockDiag;
  EXPECT_EQ(state_change_reason(e), "inferred from segment 7: never seen by sock_diag");

  e = change(TcpState::Established, TcpState::FinWait1, StateCause::SentFin);
  e.source = StateSource::Capture;
  e.uncertainty = Uncertainty::SegmentsMissing;
  EXPECT_EQ(state_change_reason(e),
            "inferred from capture: snd FIN (close() or shutdown()) (uncertain: segments missing "
            "from the capture)");
}

// Every cause has words of its own (none empty but "unspecified") and a stable key that reads
// back as the same cause.
TEST(StateChangeReason, EveryCauseHasWordsAndARoundTrippingKey) {
  std::set<std::string> words;
  for (int i = 0; i <= static_cast<int>(StateCause::TimeWaitNewIncarnation); ++i) {
    const auto cause = static_cast<StateCause>(i);
    EXPECT_EQ(parse_state_cause_key(state_cause_key(cause)), cause) << i;
    const std::string text = state_cause_text(cause, 1);
    if (cause == StateCause::Unspecified) {
      EXPECT_EQ(text, "");
    } else {
      EXPECT_NE(text, "") << state_cause_key(cause);
      EXPECT_TRUE(words.insert(text).second) << "two causes read \"" << text << "\"";
    }
  }
  EXPECT_FALSE(parse_state_cause_key("rcv FIN"));
}

}  // namespace
}  // namespace tcplab::present
