#include "present/verdict_text.h"

#include "present/translate.h"

namespace tcplab::present {

namespace {
// Placeholders, for every message: {0} and {1} the verdict's numbers (raw sequence numbers or
// byte counts, as VerdictCode says), {2} the receiver's state, {3} the segment's destination.
// State names, flags, RFC names and field names (RCV.NXT) stay as written in every language.
const char* verdict_words(VerdictCode code) {
  switch (code) {
    case VerdictCode::None: return "";
    // TRANSLATORS: {3} the address the segment was sent to.
    case VerdictCode::NoSocketRst: return tr("no socket for {3}: answered with RST");
    // TRANSLATORS: {3} the address the segment was sent to.
    case VerdictCode::NoSocketRstIgnored: return tr("ignored: RST for no socket for {3}");
    case VerdictCode::ListenerRstIgnored: return tr("ignored: RST for a listener");
    case VerdictCode::ListenerAckRst:
      return tr("ACK for a listener with no such connection: answered with RST");
    case VerdictCode::ListenerNotSyn: return tr("ignored: neither SYN nor ACK for a listener");
    // TRANSLATORS: {0} the listener's backlog.
    case VerdictCode::ListenQueueFull: return tr("listen queue full (backlog {0}): SYN dropped");
    case VerdictCode::SynNewConnection:
      return tr("SYN for a listener: new connection in SYN-RECEIVED");
    // TRANSLATORS: {2} the endpoint's TCP state (CLOSED, LISTEN, TIME-WAIT).
    case VerdictCode::NotForThisState: return tr("ignored: endpoint is {2}");
    // TRANSLATORS: {0} the segment's acknowledgment number.
    case VerdictCode::SynSentUnacceptableAck:
      return tr("ignored: unacceptable ACK in SYN-SENT (ack {0})");
    // TRANSLATORS: {0} the segment's acknowledgment number.
    case VerdictCode::SynSentUnacceptableAckRst:
      return tr("ignored: unacceptable ACK in SYN-SENT (ack {0}), answered with RST");
    case VerdictCode::SynSentRstWithoutAck:
      return tr("ignored: RST without an acceptable ACK in SYN-SENT");
    case VerdictCode::SynSentRstRefused: return tr("RST in SYN-SENT: connection refused");
    case VerdictCode::SynSentNoSynNoRst: return tr("ignored: neither SYN nor RST in SYN-SENT");
    case VerdictCode::SynAckHandshakeComplete: return tr("SYN,ACK: handshake complete");
    case VerdictCode::SimultaneousOpen: return tr("SYN while in SYN-SENT: simultaneous open");
    case VerdictCode::SynRetransmitted: return tr("retransmitted SYN: SYN,ACK sent again");
    case VerdictCode::RstOutsideWindow: return tr("ignored: RST outside the receive window");
    // TRANSLATORS: {0} the segment's sequence number, {1} RCV.NXT.
    case VerdictCode::OutsideWindow:
      return tr("not acceptable: seq {0} outside the window starting at {1}; answered with ACK");
    case VerdictCode::PawsRejected:
      return tr("timestamp older than TS.Recent (PAWS): an old duplicate, dropped; answered with "
                "ACK");
    case VerdictCode::PawsOldAckDropped:
      return tr("an old ACK with a timestamp older than TS.Recent (PAWS): dropped silently");
    // TRANSLATORS: {0} tcp_invalid_ratelimit in milliseconds.
    case VerdictCode::OutOfWindowRateLimited:
      return tr("not acceptable, and an ACK for such a segment went out less than {0} ms ago "
                "(tcp_invalid_ratelimit): dropped without one");
    case VerdictCode::DuplicateFinOutsideWindow:
      return tr("duplicate FIN (our ACK was lost?): ACKed again");
    // TRANSLATORS: {0} RCV.NXT, the only sequence number an RST may carry.
    case VerdictCode::RstNotAtRcvNxt:
      return tr("RST in window but not at RCV.NXT {0}: challenge ACK (RFC 5961 §3.2)");
    case VerdictCode::RstInSynReceived:
      return tr("RST in SYN-RECEIVED: half-open connection removed");
    case VerdictCode::RstWhileClosing: return tr("RST while closing: connection removed");
    case VerdictCode::RstConnectionReset: return tr("RST: connection reset by peer");
    // TRANSLATORS: {2} the receiver's TCP state.
    case VerdictCode::SynChallengeAck: return tr("SYN in {2}: challenge ACK (RFC 5961 §4.2)");
    case VerdictCode::SynInWindowReset:
      return tr("SYN in the window of a synchronized connection: reset (RFC 793)");
    case VerdictCode::NoAckBit: return tr("ignored: no ACK bit");
    case VerdictCode::SynReceivedBadAck:
      return tr("unacceptable ACK in SYN-RECEIVED: answered with RST");
    case VerdictCode::AckOfSyn: return tr("ACK of our SYN: connection established");
    // TRANSLATORS: {0} the segment's acknowledgment number, {1} SND.NXT.
    case VerdictCode::AckOfUnsentData:
      return tr("ACK of data not yet sent (ack {0} > SND.NXT {1}): answered with ACK");
    case VerdictCode::AckOfFin: return tr("ACK of our FIN");
    // TRANSLATORS: {0} how many bytes the ACK acknowledged.
    case VerdictCode::AckOfBytes: return tr("ACK of {0} bytes");
    case VerdictCode::AckNothingNew: return tr("ACK (acknowledges nothing new)");
    case VerdictCode::DuplicateFin: return tr("duplicate FIN: ACKed again");
    // TRANSLATORS: {0} RCV.NXT, {1} the segment's sequence number.
    case VerdictCode::OutOfOrder:
      return tr("out of order: expected seq {0}, got {1}; duplicate ACK sent");
    case VerdictCode::DataAfterClose:
      return tr("data for a socket closed by its application: answered with RST");
    case VerdictCode::DataAfterReadShutdown:
      return tr("data for a socket whose reading is shut down: answered with RST");
    // TRANSLATORS: {0} how many bytes were received.
    case VerdictCode::BytesReceived: return tr("{0} bytes received");
    case VerdictCode::DataAfterFin: return tr("ignored: data after the peer's FIN");
    case VerdictCode::DataAndFin: return tr("data and FIN: peer closed its side");
    case VerdictCode::Fin: return tr("FIN: peer closed its side");
    case VerdictCode::FinSimultaneousClose:
      return tr("FIN while our FIN is unacknowledged: simultaneous close");
    case VerdictCode::FinBothClosed: return tr("FIN: both sides closed");
    case VerdictCode::TimeWaitRstIgnored:
      return tr("RST in TIME-WAIT ignored (RFC 1337 protection, tcp_rfc1337 = 1)");
    case VerdictCode::TimeWaitAssassinated:
      return tr("RST in TIME-WAIT: record removed early (TIME-WAIT assassination, RFC 1337)");
    case VerdictCode::TimeWaitAckRestartsTimer:
      return tr("in-window ACK in TIME-WAIT: timer restarted");
    case VerdictCode::TimeWaitNewSyn:
      return tr("SYN with a higher sequence number in TIME-WAIT: new incarnation");
    case VerdictCode::TimeWaitRstOutsideWindow:
      return tr("RST outside the window in TIME-WAIT: ignored");
    case VerdictCode::TimeWaitFinAcked:
      return tr("retransmitted FIN in TIME-WAIT: ACKed again, timer restarted");
    case VerdictCode::TimeWaitOldSyn:
      return tr("old or duplicate SYN in TIME-WAIT: answered with ACK");
    // TRANSLATORS: {3} the address the SYN was sent to.
    case VerdictCode::TimeWaitSynNoListener:
      return tr("new SYN in TIME-WAIT but no listener on {3}: answered with ACK");
    case VerdictCode::TimeWaitOutsideWindow:
      return tr("segment outside the window in TIME-WAIT: answered with ACK");
    case VerdictCode::TimeWaitNewSynNewerTimestamp:
      return tr("SYN with a newer timestamp in TIME-WAIT: new incarnation, even below RCV.NXT");
    case VerdictCode::TimeWaitPawsAcked:
      return tr("timestamp older than TS.Recent in TIME-WAIT (PAWS): answered with ACK, timer "
                "restarted");
    case VerdictCode::TimeWaitPawsRstDropped:
      return tr("RST with a timestamp older than TS.Recent in TIME-WAIT: dropped (PAWS)");
    // TRANSLATORS: {0} tcp_invalid_ratelimit in milliseconds.
    case VerdictCode::TimeWaitAckRateLimited:
      return tr("outside the window in TIME-WAIT: not answered, an ACK went out less than {0} ms "
                "ago (tcp_invalid_ratelimit)");
  }
  return "";
}
}  // namespace

std::string verdict_text(const ReceiverVerdict& verdict, const Segment& segment) {
  return fill(verdict_words(verdict.what),
              {std::to_string(verdict.args.first), std::to_string(verdict.args.second),
               rfc_name(verdict.args.state), to_string(segment.dst)});
}

}  // namespace tcplab::present
