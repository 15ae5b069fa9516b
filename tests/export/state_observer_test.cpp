#include "export/state_observer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "present/state_cause_text.h"
#include "sample_traces.h"

namespace tcplab {
namespace {

using samples::kClient;
using samples::kServer;

// What an observer on the wire makes of the delivered segments of `source` (optionally leaving
// out some segment ids, as a capture that missed them would).
Trace observe(const Trace& source, std::vector<std::uint64_t> missing = {}) {
  Trace out;
  StateObserver observer({{kClient, {"client", "client#1"}}, {kServer, {"server", "server#2"}}});
  for (const TraceEvent& event : source.events()) {
    const auto* seg = get_if<SegmentEvent>(&event.body);
    if (seg == nullptr || seg->fate == SegmentFate::Dropped) continue;
    if (std::find(missing.begin(), missing.end(), seg->id) != missing.end()) continue;
    SegmentEvent copy = *seg;
    copy.retransmission = false;  // the observer must find these itself
    const std::uint64_t id = out.add_segment(event.at, copy);
    observer.observe(event.at, *out.segment_by_id(id), out);
  }
  observer.finish(out);
  return out;
}

// "FROM>TO" for each state change of `host`, in order.
std::vector<std::string> changes(const Trace& trace, const std::string& host) {
  std::vector<std::string> out;
  for (const TraceEvent& event : trace.events()) {
    if (const auto* s = get_if<StateEvent>(&event.body); s != nullptr && s->host == host) {
      out.push_back(std::string(rfc_name(s->from)) + ">" + std::string(rfc_name(s->to)));
    }
  }
  return out;
}

std::vector<StateCause> causes(const Trace& trace, const std::string& host) {
  std::vector<StateCause> out;
  for (const TraceEvent& event : trace.events()) {
    if (const auto* s = get_if<StateEvent>(&event.body); s != nullptr && s->host == host) {
      out.push_back(s->cause);
    }
  }
  return out;
}

std::vector<const StateEvent*> state_events(const Trace& trace, const std::string& host) {
  std::vector<const StateEvent*> out;
  for (const TraceEvent& event : trace.events()) {
    if (const auto* s = get_if<StateEvent>(&event.body); s != nullptr && s->host == host) {
      out.push_back(s);
    }
  }
  return out;
}

std::vector<std::string> notes(const Trace& trace) {
  std::vector<std::string> out;
  for (const TraceEvent& event : trace.events()) {
    if (const auto* n = get_if<NoteEvent>(&event.body)) out.push_back(n->text);
  }
  return out;
}

bool any_contains(const std::vector<std::string>& texts, const std::string& part) {
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& t) { return t.find(part) != std::string::npos; });
}

SegmentEvent segment(bool from_client, TcpFlags flags, std::uint32_t seq, std::uint32_t ack,
                     std::string payload = "") {
  SegmentEvent e;
  e.segment.src = from_client ? kClient : kServer;
  e.segment.dst = from_client ? kServer : kClient;
  e.segment.seq = SeqNum(seq);
  e.segment.ack = SeqNum(ack);
  e.segment.flags = flags;
  e.segment.payload = std::move(payload);
  e.from = from_client ? "client" : "server";
  e.to = from_client ? "server" : "client";
  return e;
}

Trace trace_of(std::vector<SegmentEvent> segments) {
  Trace t;
  std::int64_t ns = 0;
  for (auto& s : segments) t.add_segment(instant_from_ns(ns += 1000), std::move(s));
  return t;
}

// --- Tests for a connection seen from its first SYN -----------------------------------------

TEST(StateObserver, FourWayCloseGivesTheRfcStatesOnBothSides) {
  const Trace t = observe(samples::four_way_close());
  EXPECT_EQ(
      changes(t, "client"),
      (std::vector<std::string>{"CLOSED>SYN-SENT", "SYN-SENT>ESTABLISHED", "ESTABLISHED>FIN-WAIT-1",
                                "FIN-WAIT-1>FIN-WAIT-2", "FIN-WAIT-2>TIME-WAIT"}));
  EXPECT_EQ(changes(t, "server"),
            (std::vector<std::string>{"LISTEN>SYN-RECEIVED", "SYN-RECEIVED>ESTABLISHED",
                                      "ESTABLISHED>CLOSE-WAIT", "CLOSE-WAIT>LAST-ACK",
                                      "LAST-ACK>CLOSED"}));
  for (const StateEvent* e : state_events(t, "client")) {
    EXPECT_EQ(e->source, StateSource::Capture) << state_cause_key(e->cause);
    EXPECT_EQ(e->uncertainty, Uncertainty::None) << state_cause_key(e->cause);
  }
  EXPECT_EQ(causes(t, "client"),
            (std::vector<StateCause>{StateCause::ConnectSendsSyn, StateCause::RcvSynAckSendsAck,
                                     StateCause::SentFin, StateCause::RcvAckOfFin,
                                     StateCause::RcvFinSendsAck}));
  EXPECT_TRUE(any_contains(notes(t), "client#1 is still in TIME-WAIT when the capture ends"));
}

TEST(StateObserver, AgreesWithTheModelsStatesForTheFourWayClose) {
  // The sample trace carries the model's own StateEvents: the observer's end states match them.
  const Trace model = samples::four_way_close();
  auto model_to = [&](const std::string& host) {
    std::vector<std::string> out;
    for (const auto& e : model.events()) {
      if (const auto* s = get_if<StateEvent>(&e.body); s && s->host == host) {
        out.push_back(std::string(rfc_name(s->to)));
      }
    }
    return out;
  };
  auto observed_to = [&](const std::string& host) {
    std::vector<std::string> out;
    for (const auto& c : changes(observe(model), host)) out.push_back(c.substr(c.find('>') + 1));
    return out;
  };
  EXPECT_EQ(observed_to("client"), model_to("client"));
  std::vector<std::string> server = model_to("server");
  server.erase(server.begin());  // LISTEN after listen(): no segment shows it
  EXPECT_EQ(observed_to("server"), server);
}

TEST(StateObserver, LostLastAckTheRepeatedFinIsARetransmissionAnsweredFromTimeWait) {
  const Trace t = observe(samples::lost_last_ack());
  // Delivered segments: 12; the server's second FIN is the 11th of them.
  const SegmentEvent* again = t.segment_by_id(11);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(again->segment.flags.fin());
  EXPECT_TRUE(again->retransmission);
  EXPECT_FALSE(t.segment_by_id(10)->retransmission);
  EXPECT_TRUE(any_contains(notes(t), "client#1 in TIME-WAIT receives the FIN again"));
  const auto server = changes(t, "server");
  ASSERT_FALSE(server.empty());
  EXPECT_EQ(server.back(), "LAST-ACK>CLOSED");
  // The server leaves LAST-ACK only with the second ACK (segment 12), 200 ms after its first FIN.
  for (const auto& e : t.events()) {
    if (const auto* s = get_if<StateEvent>(&e.body); s && s->to == TcpState::Closed) {
      EXPECT_EQ(s->segment_id, 12u);
      EXPECT_EQ(to_ns(e.at), 212'100'000);
    }
  }
  EXPECT_EQ(changes(t, "client").back(), "FIN-WAIT-2>TIME-WAIT");
}

TEST(StateObserver, RstClosesBothSidesWithoutTimeWait) {
  const Trace t = observe(samples::rst_close());
  EXPECT_EQ(changes(t, "client").back(), "ESTABLISHED>CLOSED");
  EXPECT_EQ(causes(t, "client").back(), StateCause::SentRst);
  EXPECT_EQ(changes(t, "server").back(), "ESTABLISHED>CLOSED");
  EXPECT_EQ(causes(t, "server").back(), StateCause::RcvRstConnectionReset);
  EXPECT_FALSE(any_contains(notes(t), "TIME-WAIT"));
}

// An RST ends TIME-WAIT only as tcp_timewait_state_process lets it: at RCV.NXT, and with no TSval
// older than the last the sender sent (PAWS). Otherwise the inference keeps TIME-WAIT and says
// why (on Linux 6.18: tests/packetdrill/scripts/time-wait-paws-rst.pkt).
TEST(StateObserver, OnlyAnRstAtRcvNxtThatPawsLetsThroughEndsTimeWait) {
  Trace source = samples::four_way_close();
  Trace stamped;
  std::uint32_t tsval = 1000;
  SeqNum server_next;
  for (const TraceEvent& event : source.events()) {
    const auto* seg = get_if<SegmentEvent>(&event.body);
    if (seg == nullptr) continue;
    SegmentEvent copy = *seg;
    copy.segment.options.timestamps = TcpTimestamps{tsval += 10, 0};
    if (copy.from == "server") server_next = copy.segment.seq + copy.segment.seq_len();
    stamped.add_segment(event.at, copy);
  }
  auto rst = [&](SeqNum seq, std::uint32_t val) {
    SegmentEvent r = segment(false, TcpFlags(TcpFlag::Rst), seq.raw(), 0);
    r.segment.options.timestamps = TcpTimestamps{val, 0};
    stamped.add_segment(stamped.end_time() + std::chrono::milliseconds(10), r);
  };
  rst(server_next + 100, tsval + 10);  // not at RCV.NXT
  rst(server_next, 900);               // older than TS.Recent
  Trace kept = observe(stamped);
  EXPECT_EQ(changes(kept, "client").back(), "FIN-WAIT-2>TIME-WAIT");
  EXPECT_TRUE(any_contains(notes(kept), "drops the RST (not at RCV.NXT)"));
  EXPECT_TRUE(any_contains(notes(kept), "older than TS.Recent: PAWS"));
  rst(server_next, tsval + 20);  // the one that kills it
  const Trace killed = observe(stamped);
  EXPECT_EQ(changes(killed, "client").back(), "TIME-WAIT>CLOSED");
  EXPECT_EQ(causes(killed, "client").back(), StateCause::TimeWaitAssassinated);
}

TEST(StateObserver, SynAnsweredWithRstIsARefusedConnectionAndNoListener) {
  const Trace t = observe(samples::refused());
  EXPECT_EQ(changes(t, "client"), (std::vector<std::string>{"CLOSED>SYN-SENT", "SYN-SENT>CLOSED"}));
  EXPECT_EQ(causes(t, "client").back(), StateCause::RcvRstConnectionRefused);
  EXPECT_TRUE(changes(t, "server").empty());
  EXPECT_TRUE(any_contains(notes(t), "no socket listening at 127.0.0.2:5555"));
}

TEST(StateObserver, SimultaneousCloseGoesThroughClosingToTimeWaitOnBothSides) {
  constexpr std::uint32_t c = 100, s = 500;
  const TcpFlags ack = TcpFlag::Ack;
  const TcpFlags finack = TcpFlag::Fin | TcpFlag::Ack;
  const Trace t = observe(trace_of({
      segment(true, TcpFlag::Syn, c, 0),
      segment(false, TcpFlag::Syn | TcpFlag::Ack, s, c + 1),
      segment(true, ack, c + 1, s + 1),
      segment(true, finack, c + 1, s + 1),   // client's FIN ...
      segment(false, finack, s + 1, c + 1),  // ... crosses the server's (it does not ACK it)
      segment(true, ack, c + 2, s + 2),
      segment(false, ack, s + 2, c + 2),
  }));
  EXPECT_EQ(changes(t, "client").back(), "CLOSING>TIME-WAIT");
  EXPECT_EQ(changes(t, "server").back(), "CLOSING>TIME-WAIT");
  const auto server = causes(t, "server");
  EXPECT_NE(std::find(server.begin(), server.end(), StateCause::SentFinBeforePeersFin), server.end());
}

// --- Tests for captures that do not show everything ------------------------------------------

TEST(StateObserverUncertain, CaptureStartingMidConnectionAssumesEstablishedAndSaysSo) {
  const Trace t = observe(samples::four_way_close(), {1, 2, 3});
  EXPECT_TRUE(any_contains(notes(t), "capture started mid-connection (segment 1 is not a SYN)"));
  const auto client = changes(t, "client");
  ASSERT_GE(client.size(), 2u);
  EXPECT_EQ(client.front(), "ESTABLISHED>ESTABLISHED");
  const StateEvent& assumed = *state_events(t, "client").front();
  EXPECT_EQ(assumed.cause, StateCause::AssumedEstablished);
  EXPECT_EQ(assumed.uncertainty, Uncertainty::CaptureStartedMidConnection);
  EXPECT_EQ(present::state_change_reason(assumed),
            "inferred from capture: assumed (uncertain: capture started mid-connection)");
  EXPECT_EQ(client.back(), "FIN-WAIT-2>TIME-WAIT");
  // TIME-WAIT and CLOSED are certain again: the FIN exchange shows them.
  EXPECT_EQ(causes(t, "client").back(), StateCause::RcvFinSendsAck);
  EXPECT_EQ(state_events(t, "client").back()->uncertainty, Uncertainty::None);
  EXPECT_EQ(changes(t, "server").back(), "LAST-ACK>CLOSED");
  EXPECT_EQ(causes(t, "server").back(), StateCause::RcvAckOfFin);
}

TEST(StateObserverUncertain, CaptureStartingAtTheSynAckSaysItMissedTheSyn) {
  const Trace t = observe(samples::four_way_close(), {1});
  EXPECT_TRUE(any_contains(notes(t), "capture started after the first SYN"));
  EXPECT_EQ(changes(t, "client").front(), "SYN-SENT>ESTABLISHED");
  EXPECT_EQ(changes(t, "server").front(), "LISTEN>SYN-RECEIVED");
}

TEST(StateObserverUncertain, SequenceGapIsNotedAndMarksLaterStatesUncertain) {
  const TcpFlags ack = TcpFlag::Ack;
  const TcpFlags push = TcpFlag::Psh | TcpFlag::Ack;
  const Trace t = observe(trace_of({
      segment(true, TcpFlag::Syn, 1000, 0),
      segment(false, TcpFlag::Syn | TcpFlag::Ack, 0, 1001),
      segment(true, ack, 1001, 1),
      segment(true, push, 1001, 1, "hello"),
      segment(true, push, 1011, 1, "again"),  // 1006..1011 never seen
      segment(true, TcpFlag::Fin | TcpFlag::Ack, 1016, 1),
  }));
  EXPECT_TRUE(any_contains(notes(t),
                           "segments missing before segment 5: client#1 sent sequence numbers "
                           "6..11 (relative) that the capture never saw"));
  EXPECT_EQ(causes(t, "client").back(), StateCause::SentFin);
  EXPECT_EQ(state_events(t, "client").back()->uncertainty, Uncertainty::SegmentsMissing);
}

TEST(StateObserverUncertain, AckForBytesNeverSeenIsNoted) {
  const Trace t = observe(samples::four_way_close(), {4});  // the client's "hello"
  EXPECT_TRUE(any_contains(notes(t),
                           "segments missing before segment 4: server#2 acknowledges client#1's "
                           "sequence numbers up to 6 (relative)"));
}

TEST(StateObserver, StateOfReportsTheLatestInference) {
  StateObserver observer;
  Trace out;
  const Trace source = samples::four_way_close();
  EXPECT_FALSE(observer.state_of(kClient, kServer));
  for (const auto& e : source.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body)) observer.observe(e.at, *s, out);
  }
  EXPECT_EQ(observer.state_of(kClient, kServer), TcpState::TimeWait);
  EXPECT_EQ(observer.state_of(kServer, kClient), TcpState::Closed);
}

}  // namespace
}  // namespace tcplab
