#include "present/state_cause_text.h"

#include "present/translate.h"

namespace tcplab::present {

namespace {
// The RFC's shorthand (rcv, snd) and the flag names stay as they are in every language, as
// Chinese texts write them; the words around them are translated.
const char* cause_words(StateCause cause) {
  switch (cause) {
    case StateCause::Unspecified: return "";
    case StateCause::ConnectSendsSyn: return tr("connect(): snd SYN");
    case StateCause::ListenCalled: return tr("listen()");
    case StateCause::ListenerClosed: return tr("close() of the listener");
    case StateCause::ListenerShutdown: return tr("shutdown(SHUT_RD) of the listener");
    case StateCause::CloseSendsFin: return tr("close(): snd FIN");
    case StateCause::ShutdownSendsFin: return tr("shutdown(SHUT_WR): snd FIN");
    case StateCause::CloseInSynSent: return tr("close() in SYN-SENT");
    case StateCause::ShutdownInSynSent: return tr("shutdown() in SYN-SENT");
    case StateCause::CloseWithLingerZero: return tr("close() with SO_LINGER {1, 0}: snd RST");
    // TRANSLATORS: {0} how many bytes the application never read.
    case StateCause::CloseWithUnreadData: return tr("close() with {0} unread bytes: snd RST");
    case StateCause::ListenerClosedBeforeAccept: return tr("listener closed before accept()");
    case StateCause::RcvSynSendsSynAck: return tr("rcv SYN, snd SYN,ACK");
    case StateCause::RcvSynAckSendsAck: return tr("rcv SYN,ACK, snd ACK");
    case StateCause::RcvSynSimultaneousOpen:
      return tr("rcv SYN (simultaneous open), snd SYN,ACK");
    case StateCause::RcvSynAckSimultaneousOpen:
      return tr("rcv SYN,ACK (simultaneous open), snd ACK");
    case StateCause::RcvAckOfSyn: return tr("rcv ACK of SYN");
    case StateCause::RcvAckOfFin: return tr("rcv ACK of FIN");
    case StateCause::RcvFin: return tr("rcv FIN");
    case StateCause::RcvFinSendsAck: return tr("rcv FIN, snd ACK");
    case StateCause::RcvFinAckingOurFin: return tr("rcv FIN that ACKs our FIN, snd ACK");
    case StateCause::RcvRstConnectionRefused: return tr("rcv RST: connection refused");
    case StateCause::RcvRstInSynReceived: return tr("rcv RST in SYN-RECEIVED");
    case StateCause::RcvRst: return tr("rcv RST");
    case StateCause::RcvRstConnectionReset: return tr("rcv RST: connection reset");
    case StateCause::RcvSynInWindow: return tr("rcv SYN in window: connection reset");
    case StateCause::RcvDataAfterClose: return tr("rcv data after close(): snd RST");
    case StateCause::RcvDataAfterReadShutdown:
      return tr("rcv data after shutdown(SHUT_RD): snd RST");
    case StateCause::SentFin: return tr("snd FIN (close() or shutdown())");
    case StateCause::SentFinBeforePeersFin:
      return tr("snd FIN before the peer's FIN arrived (simultaneous close)");
    case StateCause::SentFinAfterPeersFin: return tr("snd FIN after the peer's");
    case StateCause::SentRst: return tr("snd RST");
    case StateCause::NewSynEndsFourTuple: return tr("a new SYN for the four-tuple ends it");
    case StateCause::NewConnectionReplacesIt: return tr("a new connection replaces it");
    case StateCause::AssumedEstablished: return tr("assumed");
    case StateCause::FinWait2Timeout: return tr("tcp_fin_timeout expired in FIN-WAIT-2");
    // TRANSLATORS: {0} how many retransmissions were made before giving up.
    case StateCause::RetransmissionLimit: return tr("retransmission limit reached ({0} retries)");
    // TRANSLATORS: {0} how many zero-window probes went unanswered before giving up.
    case StateCause::ZeroWindowProbeLimit: return tr("zero-window probes unanswered ({0} probes)");
    // TRANSLATORS: {0} the TCP_USER_TIMEOUT the application set, in milliseconds.
    case StateCause::UserTimeout: return tr("TCP_USER_TIMEOUT passed ({0} ms)");
    // TRANSLATORS: {0} how many keepalive probes went unanswered before the RST.
    case StateCause::KeepaliveTimeout: return tr("keepalive probes unanswered ({0} probes)");
    case StateCause::TimeWaitExpired: return tr("TIME-WAIT timer expired (2MSL)");
    case StateCause::TimeWaitReusedByConnect: return tr("reused by connect() (tcp_tw_reuse)");
    case StateCause::TimeWaitAssassinated: return tr("rcv RST in TIME-WAIT (assassination)");
    case StateCause::TimeWaitNewIncarnation:
      return tr("rcv SYN: new incarnation of the four-tuple");
  }
  return "";
}

const char* uncertainty_words(Uncertainty uncertainty) {
  switch (uncertainty) {
    case Uncertainty::None: return "";
    case Uncertainty::CaptureStartedAfterSyn: return tr("capture started after the SYN");
    case Uncertainty::CaptureStartedMidConnection: return tr("capture started mid-connection");
    case Uncertainty::SegmentsMissing: return tr("segments missing from the capture");
  }
  return "";
}
}  // namespace

std::string state_cause_text(StateCause cause, std::uint32_t count) {
  return fill(cause_words(cause), {std::to_string(count)});
}

std::string state_change_reason(const StateEvent& e) {
  const std::string cause = state_cause_text(e.cause, e.cause_count);
  const std::string segment = std::to_string(e.segment_id);
  std::string text;
  switch (e.source) {
    case StateSource::Model:
      text = cause;
      break;
    case StateSource::SockDiag:
      text = cause.empty() ? std::string(tr("observed via sock_diag"))
                           // TRANSLATORS: {0} the call or event seen with the state.
                           : fill(tr("{0}, observed via sock_diag"), {cause});
      break;
    case StateSource::SockDiagShortLived:
      // TRANSLATORS: {0} the segment's number in the trace, {1} the cause, if known.
      text = fill(cause.empty() ? tr("inferred from segment {0}: lived less than a sock_diag poll")
                                : tr("{1}: lived less than a sock_diag poll"),
                  {segment, cause});
      break;
    case StateSource::NeverSeenBySockDiag:
      // TRANSLATORS: {0} the segment's number in the trace.
      text = fill(tr("inferred from segment {0}: never seen by sock_diag"), {segment});
      break;
    case StateSource::Capture:
      // TRANSLATORS: {0} what the capture showed ("rcv FIN").
      text = fill(tr("inferred from capture: {0}"), {cause});
      break;
    case StateSource::CallResult:
      // TRANSLATORS: {0} the call that succeeded ("listen()").
      text = fill(tr("inferred from the call's result: {0}"), {cause});
      break;
  }
  if (e.uncertainty != Uncertainty::None) {
    // TRANSLATORS: {0} the reason, {1} why the inference may be wrong.
    text = fill(tr("{0} (uncertain: {1})"), {text, uncertainty_words(e.uncertainty)});
  }
  return text;
}

}  // namespace tcplab::present
