#include "export/state_observer.h"

#include <algorithm>

namespace tcplab {

struct StateObserver::Step {
  Instant at;
  const SegmentEvent& event;
  const Segment& seg;
  Trace& out;
};

namespace {
std::string rel(SeqNum x, SeqNum isn) {
  return std::to_string(static_cast<std::uint32_t>(x - isn));
}
}  // namespace

StateObserver::StateObserver(std::map<SocketAddress, EndpointName> names)
    : namer_([names = std::move(names)](const FourTuple& socket) {
        if (auto it = names.find(socket.local); it != names.end()) return it->second;
        return EndpointName{to_string(socket.local.ip), to_string(socket.local)};
      }) {}

EndpointName StateObserver::name_of(const Side& side) const {
  if (namer_) return namer_({side.address, side.peer});
  return {to_string(side.address.ip), to_string(side.address)};
}

std::optional<TcpState> StateObserver::state_of(SocketAddress local, SocketAddress remote) const {
  auto it = connections_.find(std::minmax(local, remote));
  if (it == connections_.end()) return std::nullopt;
  return it->second.a.address == local ? it->second.a.state : it->second.b.state;
}

void StateObserver::change(const Step& step, Side& side, const Side& peer, TcpState to,
                           StateCause evidence) const {
  if (side.state == to && side.announced) return;
  const EndpointName name = name_of(side);
  StateEvent e;
  e.host = name.host;
  e.endpoint = name.label;
  e.tuple = {side.address, peer.address};
  e.from = side.state;
  e.to = to;
  // The wire shows these states for certain, whatever came before.
  if (to == TcpState::Closed || to == TcpState::TimeWait) side.uncertain = Uncertainty::None;
  e.cause = evidence;
  e.source = StateSource::Capture;
  e.uncertainty = side.uncertain;
  e.segment_id = step.event.id;
  side.state = to;
  side.announced = true;
  step.out.add(step.at, std::move(e));
}

void StateObserver::note(const Step& step, const Side& about, const std::string& text) const {
  step.out.add(step.at, NoteEvent{name_of(about).host, text});
}

// The first segment of a four-tuple: a SYN starts a connection we can follow from the beginning;
// anything else means the capture started late.
void StateObserver::start_connection(const Step& step, Side& sender, Side& receiver) const {
  const TcpFlags f = step.seg.flags;
  if (f.syn() && !f.ack()) {
    sender.state = TcpState::Closed;
    receiver.state = TcpState::Listen;  // not announced: a SYN-ACK or an RST will tell
    return;
  }
  const std::string who = name_of(sender).label + " and " + name_of(receiver).label;
  if (f.syn() && f.ack()) {
    sender.state = TcpState::Listen;
    receiver.state = TcpState::SynSent;
    sender.uncertain = receiver.uncertain = Uncertainty::CaptureStartedAfterSyn;
    receiver.sent_any = true;  // its SYN, which the SYN-ACK acknowledges
    receiver.isn = step.seg.ack - 1;
    receiver.snd_max = step.seg.ack;
    note(step, sender,
         "capture started after the first SYN of " + who + ": states inferred from the SYN-ACK on");
    return;
  }
  const std::string why = "capture started mid-connection";
  note(step, sender,
       why + " (segment " + std::to_string(step.event.id) + " is not a SYN): the states of " + who +
           " are unknown until the connection closes; assumed ESTABLISHED");
  sender.uncertain = receiver.uncertain = Uncertainty::CaptureStartedMidConnection;
  sender.state = receiver.state = TcpState::Established;
  change(step, sender, receiver, TcpState::Established, StateCause::AssumedEstablished);
  change(step, receiver, sender, TcpState::Established, StateCause::AssumedEstablished);
  // What the sender has already sent and the receiver has already had acknowledged.
  sender.sent_any = true;
  sender.isn = step.seg.seq - 1;
  sender.snd_max = step.seg.seq;
  if (f.ack()) {
    receiver.sent_any = true;
    receiver.isn = step.seg.ack - 1;
    receiver.snd_max = step.seg.ack;
  }
}

// Sequence numbers show what the capture missed (a gap) and what was sent twice (retransmission).
void StateObserver::track_sequence_space(const Step& step, Side& sender, Side& receiver) const {
  const Segment& s = step.seg;
  const SeqNum end = s.seq + s.seq_len();
  if (s.flags.syn() || !sender.sent_any) {
    if (s.flags.syn()) sender.isn = s.seq;
    if (!sender.sent_any) sender.isn = s.flags.syn() ? s.seq : s.seq - 1;
    sender.sent_any = true;
    sender.snd_max = end;
  } else {
    const std::string label = name_of(sender).label;
    if (s.seq > sender.snd_max) {
      const std::string why = "segments missing before segment " + std::to_string(step.event.id);
      note(step, sender,
           why + ": " + label + " sent sequence numbers " + rel(sender.snd_max, sender.isn) + ".." +
               rel(s.seq, sender.isn) + " (relative) that the capture never saw");
      sender.uncertain = receiver.uncertain = Uncertainty::SegmentsMissing;
    } else if (s.seq_len() > 0 && end <= sender.snd_max && !s.flags.rst()) {
      if (SegmentEvent* held = step.out.segment_by_id(step.event.id);
          held != nullptr && held->segment.src == s.src && held->segment.seq == s.seq) {
        held->retransmission = true;
      }
    }
    // An RST takes no sequence space: what the peer expects next stays where it was.
    if (end > sender.snd_max && !s.flags.rst()) sender.snd_max = end;
  }
  if (s.flags.ack() && receiver.sent_any && s.ack > receiver.snd_max) {
    const std::string why = "segments missing before segment " + std::to_string(step.event.id);
    note(step, receiver,
         why + ": " + name_of(sender).label + " acknowledges " + name_of(receiver).label +
             "'s sequence numbers up to " + rel(s.ack, receiver.isn) +
             " (relative), beyond anything the capture saw it send");
    sender.uncertain = receiver.uncertain = Uncertainty::SegmentsMissing;
    receiver.snd_max = s.ack;
  }
}

// What sending this segment says about the sender's own state.
void StateObserver::sender_transitions(const Step& step, Side& sender, Side& receiver) const {
  const Segment& s = step.seg;
  const TcpFlags f = s.flags;
  if (f.syn() && !f.ack() && sender.state == TcpState::Closed) {
    change(step, sender, receiver, TcpState::SynSent, StateCause::ConnectSendsSyn);
  }
  if (f.syn() && f.ack() &&
      (sender.state == TcpState::Listen || sender.state == TcpState::Closed)) {
    change(step, sender, receiver, TcpState::SynReceived, StateCause::RcvSynSendsSynAck);
  }
  if (f.fin()) {
    sender.fin_seq = s.seq + s.payload_len() + (f.syn() ? 1u : 0u);
    switch (sender.state) {
      case TcpState::SynReceived:  // close() before the handshake completed
      case TcpState::Established:
        change(step, sender, receiver, TcpState::FinWait1, StateCause::SentFin);
        break;
      case TcpState::CloseWait:
        if (receiver.fin_seq && (!f.ack() || s.ack <= *receiver.fin_seq)) {
          // Its FIN does not acknowledge the peer's: it was sent before the peer's FIN arrived.
          // The FINs crossed on the wire (simultaneous close): both ends go through CLOSING.
          change(step, sender, receiver, TcpState::Closing,
                 StateCause::SentFinBeforePeersFin);
        } else {
          change(step, sender, receiver, TcpState::LastAck, StateCause::SentFinAfterPeersFin);
        }
        break;
      default:  // a retransmitted FIN changes nothing
        break;
    }
  }
}

// What the segment does when it arrives (RFC 9293 §3.10.7.4: SYN, then ACK, then FIN).
void StateObserver::receiver_transitions(const Step& step, Side& sender, Side& receiver) const {
  const Segment& s = step.seg;
  const TcpFlags f = s.flags;
  if (f.syn() && !f.ack() && receiver.state == TcpState::SynSent) {
    change(step, receiver, sender, TcpState::SynReceived,
           StateCause::RcvSynSimultaneousOpen);
  }
  const bool acks_our_fin = f.ack() && receiver.fin_seq && s.ack > *receiver.fin_seq;
  if (f.ack()) {
    switch (receiver.state) {
      case TcpState::SynSent:  // SYN-ACK: the handshake's second segment
        if (f.syn()) change(step, receiver, sender, TcpState::Established, StateCause::RcvSynAckSendsAck);
        break;
      case TcpState::SynReceived:  // the handshake's third segment (or a SYN-ACK, simultaneous)
        if (s.ack > receiver.isn) {
          change(step, receiver, sender, TcpState::Established,
                 f.syn() ? StateCause::RcvSynAckSimultaneousOpen : StateCause::RcvAckOfSyn);
        }
        break;
      case TcpState::FinWait1:  // a FIN in the same segment is handled below
        if (acks_our_fin && !f.fin()) {
          change(step, receiver, sender, TcpState::FinWait2, StateCause::RcvAckOfFin);
        }
        break;
      case TcpState::Closing:
        if (acks_our_fin) change(step, receiver, sender, TcpState::TimeWait, StateCause::RcvAckOfFin);
        break;
      case TcpState::LastAck:
        if (acks_our_fin) change(step, receiver, sender, TcpState::Closed, StateCause::RcvAckOfFin);
        break;
      default:
        break;
    }
  }
  if (!f.fin()) return;
  switch (receiver.state) {
    case TcpState::SynReceived:
    case TcpState::Established:
      change(step, receiver, sender, TcpState::CloseWait, StateCause::RcvFin);
      break;
    case TcpState::FinWait1:
      if (acks_our_fin) {
        change(step, receiver, sender, TcpState::TimeWait, StateCause::RcvFinAckingOurFin);
      } else {
        change(step, receiver, sender, TcpState::Closing, StateCause::RcvFinSendsAck);
      }
      break;
    case TcpState::FinWait2:
      change(step, receiver, sender, TcpState::TimeWait, StateCause::RcvFinSendsAck);
      break;
    case TcpState::TimeWait:
      note(
          step, receiver,
          name_of(receiver).label +
              " in TIME-WAIT receives the FIN again: it ACKs it again and restarts the 2MSL timer");
      break;
    default:  // a retransmitted FIN in CLOSE-WAIT, CLOSING or LAST-ACK
      break;
  }
}

// Why an RST cannot end the receiver's TIME-WAIT, or nullptr when it does (RFC 1337's
// assassination, tcp_rfc1337 = 0): its sequence number is not RCV.NXT, or its TSval is older than
// the last one the sender was seen to send (PAWS, tcp_paws_reject).
const char* StateObserver::time_wait_survives_rst(const Segment& rst, const Side& sender,
                                                  std::optional<SeqNum> rcv_nxt) {
  if (rcv_nxt && rst.seq != *rcv_nxt) return "not at RCV.NXT";
  if (rst.options.timestamps && sender.tsval &&
      static_cast<std::int32_t>(*sender.tsval - rst.options.timestamps->val) > 0)
    return "its timestamp is older than TS.Recent: PAWS";
  return nullptr;
}

void StateObserver::observe(Instant at, const SegmentEvent& segment, Trace& out) {
  const SegmentEvent event = segment;  // a copy: `segment` may live in `out`, which grows
  const Segment& s = event.segment;
  const Step step{at, event, s, out};
  const auto key = std::minmax(s.src, s.dst);
  auto [it, fresh] = connections_.try_emplace(key);
  Connection& c = it->second;
  if (fresh) {
    c.a.address = c.b.peer = key.first;
    c.b.address = c.a.peer = key.second;
  }
  if (s.src == s.dst) {  // a socket connected to itself: one endpoint, both ends
    if (fresh) {
      note(step, c.a, name_of(c.a).label + " is connected to itself: its state is not inferred");
    }
    return;
  }
  Side& sender = c.a.address == s.src ? c.a : c.b;
  Side& receiver = c.a.address == s.src ? c.b : c.a;

  if (fresh) {
    start_connection(step, sender, receiver);
  } else if (s.flags.syn() && !s.flags.ack() && sender.state != TcpState::Closed &&
             sender.state != TcpState::SynSent && sender.state != TcpState::Listen) {
    // A new SYN on a four-tuple still in use: a new incarnation (e.g. reusing a TIME-WAIT pair).
    note(step, sender, name_of(sender).label + " opens a new connection on the same four-tuple");
    if (receiver.state != TcpState::Closed && receiver.state != TcpState::Listen) {
      change(step, receiver, sender, TcpState::Closed, StateCause::NewSynEndsFourTuple);
    }
    if (sender.state != TcpState::Closed) {
      change(step, sender, receiver, TcpState::Closed, StateCause::NewConnectionReplacesIt);
    }
    const SocketAddress sender_address = sender.address;
    const SocketAddress receiver_address = receiver.address;
    sender = Side{};
    receiver = Side{};
    sender.address = receiver.peer = sender_address;
    receiver.address = sender.peer = receiver_address;
    receiver.state = TcpState::Listen;
  }

  // What the receiver expects next from the sender, before this segment moves it.
  const std::optional<SeqNum> rcv_nxt =
      sender.sent_any ? std::optional<SeqNum>(sender.snd_max) : std::nullopt;
  track_sequence_space(step, sender, receiver);

  if (s.flags.rst()) {
    if (sender.state == TcpState::Listen && !sender.announced) {
      sender.state = TcpState::Closed;  // nothing was listening: the host answered for it
      note(step, sender,
           "no socket listening at " + to_string(sender.address) +
               ": the SYN is answered with RST (connect() fails with ECONNREFUSED)");
    } else if (sender.state != TcpState::Closed) {
      change(step, sender, receiver, TcpState::Closed, StateCause::SentRst);
    }
    switch (receiver.state) {
      case TcpState::Closed:
      case TcpState::Listen:
        break;
      case TcpState::SynSent:
        change(step, receiver, sender, TcpState::Closed, StateCause::RcvRstConnectionRefused);
        break;
      case TcpState::TimeWait:
        // tcp_timewait_state_process kills the record only for an RST at RCV.NXT that PAWS lets
        // through; anything else leaves TIME-WAIT as it was, and the wire shows nothing more.
        if (const char* why = time_wait_survives_rst(s, sender, rcv_nxt)) {
          note(step, receiver, name_of(receiver).label + " in TIME-WAIT drops the RST (" + why +
                                   "): it stays in TIME-WAIT");
          return;
        }
        change(step, receiver, sender, TcpState::Closed,
               StateCause::TimeWaitAssassinated);
        break;
      default:
        change(step, receiver, sender, TcpState::Closed, StateCause::RcvRstConnectionReset);
        break;
    }
    return;
  }
  if (s.options.timestamps) sender.tsval = s.options.timestamps->val;
  sender_transitions(step, sender, receiver);
  receiver_transitions(step, sender, receiver);
}

void StateObserver::finish(Trace& trace) const {
  for (const auto& [key, c] : connections_) {
    for (const Side* side : {&c.a, &c.b}) {
      if (side->state != TcpState::TimeWait) continue;
      trace.add(trace.end_time(),
                NoteEvent{name_of(*side).host,
                          name_of(*side).label +
                              " is still in TIME-WAIT when the capture ends: the 2MSL timer's "
                              "expiry is not visible on the wire"});
    }
  }
}

}  // namespace tcplab
