#pragma once
// What a receiver decided about an arriving segment, as a typed value: the endpoint, the host's
// demultiplexing (CLOSED, LISTEN) and the TIME-WAIT record each name their decision with a code
// and the numbers it needs. The views word it in the reader's language (present::verdict_text);
// the trace never carries the sentence. Each value names the RFC 9293 section or the Linux
// function that decides it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/tcp_state.h"

namespace tcplab {

// Accepted or rejected (None: not delivered, or no receiver said).
enum class Verdict : std::uint8_t { None, Accepted, Rejected };

// Why a receiver rejected a segment; reject_rule() names the RFC section or Linux function.
enum class RejectCode : std::uint8_t {
  None,
  NoSocket,                // CLOSED: nobody has the four-tuple
  ListenerRst,             // LISTEN: an RST
  ListenerAck,             // LISTEN: an ACK for no such connection
  ListenerNotSyn,          // LISTEN: neither SYN nor ACK
  ListenQueueFull,         // LISTEN: the accept queue is over the backlog
  NotForThisState,         // an endpoint in CLOSED, LISTEN or TIME-WAIT (the host routes these)
  SynSentUnacceptableAck,  // SYN-SENT: ACK outside ISS < SEG.ACK <= SND.NXT
  SynSentRstWithoutAck,    // SYN-SENT: RST without an acceptable ACK
  SynSentNoSynNoRst,       // SYN-SENT: neither SYN nor RST
  OutsideWindow,           // sequence number not acceptable
  RstNotAtRcvNxt,          // RST in the window but not at RCV.NXT
  SynInWindow,             // SYN in a synchronized state
  NoAckBit,                // synchronized state, no ACK bit
  SynReceivedBadAck,       // SYN-RECEIVED: ACK outside SND.UNA < SEG.ACK <= SND.NXT
  AckOfUnsentData,         // SEG.ACK > SND.NXT
  OutOfOrder,              // not at RCV.NXT: held in the reassembly queue, duplicate ACK
  DataAfterFin,            // text after the peer's FIN
  TimeWaitRstIgnored,      // TIME-WAIT: RST ignored (tcp_rfc1337 = 1)
  TimeWaitOutsideWindow,   // TIME-WAIT: an old duplicate, outside the window
  TimeWaitNoListener,      // TIME-WAIT: a new SYN nobody listens for (Linux tcp_v4_rcv)
  TimeWaitPaws,            // TIME-WAIT: a timestamp older than TS.Recent (RFC 7323 §5, PAWS)
  Paws,                    // synchronized state: a timestamp older than TS.Recent (RFC 7323 §5)
};

// The receiver's decision. The numbers a decision needs are in VerdictArgs (see each value).
enum class VerdictCode : std::uint8_t {
  None,
  // CLOSED (RFC 9293 §3.10.7.1; Linux tcp_v4_rcv -> tcp_v4_send_reset).
  NoSocketRst,         // no socket for SEG's destination: answered with RST
  NoSocketRstIgnored,  // an RST for no socket: discarded
  // LISTEN (§3.10.7.2; Linux tcp_v4_do_rcv -> tcp_rcv_state_process, tcp_conn_request).
  ListenerRstIgnored,    // first check: an RST is ignored
  ListenerAckRst,        // second check: an ACK for no such connection gets RST
  ListenerNotSyn,        // neither SYN nor ACK: dropped
  ListenQueueFull,       // first: the backlog. The accept queue is full: SYN dropped (tcp_conn_request)
  SynNewConnection,      // third check: SYN, a child in SYN-RECEIVED answers SYN,ACK
  // An endpoint in a state the host routes elsewhere; state: that state.
  NotForThisState,
  // SYN-SENT (§3.10.7.3; Linux tcp_rcv_synsent_state_process).
  SynSentUnacceptableAck,     // first check: unacceptable ACK; first: SEG.ACK
  SynSentUnacceptableAckRst,  // the same, answered with RST; first: SEG.ACK
  SynSentRstWithoutAck,       // second check: RST without an acceptable ACK: ignored
  SynSentRstRefused,          // second check: RST with an acceptable ACK: ECONNREFUSED
  SynSentNoSynNoRst,          // fourth check: neither SYN nor RST: dropped
  SynAckHandshakeComplete,    // fourth check: SYN,ACK: ESTABLISHED, snd ACK
  SimultaneousOpen,           // fourth check: SYN alone: SYN-RECEIVED (§3.5 figure 8)
  // Synchronized states (§3.10.7.4; Linux tcp_validate_incoming, tcp_rcv_state_process).
  SynRetransmitted,      // SYN-RECEIVED: the peer's SYN again: SYN,ACK again (tcp_check_req)
  RstOutsideWindow,      // first check: RST not acceptable: ignored
  OutsideWindow,         // first check: not acceptable, ACK sent; first: SEG.SEQ, second: RCV.NXT
  DuplicateFinOutsideWindow,  // first check: an old FIN (our ACK was lost?): ACKed again
  // Before the first check, with timestamps (RFC 7323 §5.3; Linux tcp_validate_incoming ->
  // tcp_paws_discard, tcp_disordered_ack_check).
  PawsRejected,          // a TSval older than TS.Recent: dropped, answered with a duplicate ACK
  PawsOldAckDropped,     // an old pure ACK (below RCV.NXT) with an older TSval: dropped silently
  // tcp_oow_rate_limited: a bare ACK out of the window (or PAWS-rejected) less than
  // tcp_invalid_ratelimit ({0} ms) after the last such answer: dropped without one.
  OutOfWindowRateLimited,
  RstNotAtRcvNxt,        // second check (RFC 5961 §3.2): challenge ACK; first: RCV.NXT
  RstInSynReceived,      // second check: SYN-RECEIVED: the half-open connection goes
  RstWhileClosing,       // second check: CLOSING, LAST-ACK: the connection goes
  RstConnectionReset,    // second check: ESTABLISHED, FIN-WAIT, CLOSE-WAIT: ECONNRESET
  SynChallengeAck,       // fourth check (RFC 5961 §4.2): challenge ACK; state: the receiver's
  SynInWindowReset,      // fourth check (RFC 793): SYN in the window resets the connection
  NoAckBit,              // fifth check: no ACK bit: dropped
  SynReceivedBadAck,     // fifth check: SYN-RECEIVED, unacceptable ACK: RST
  AckOfSyn,              // fifth check: SYN-RECEIVED -> ESTABLISHED
  AckOfUnsentData,       // fifth check: SEG.ACK > SND.NXT: ACK; first: SEG.ACK, second: SND.NXT
  AckOfFin,              // fifth check: our FIN is acknowledged
  AckOfBytes,            // fifth check: first: bytes acknowledged
  AckNothingNew,         // fifth check: a bare ACK that acknowledges nothing new
  DuplicateFin,          // eighth check: the FIN was had already: ACKed again
  OutOfOrder,            // seventh check: not at RCV.NXT; first: RCV.NXT, second: SEG.SEQ
  DataAfterClose,        // seventh check: data for an orphan: RST (Linux tcp_rcv_state_process)
  DataAfterReadShutdown,  // seventh check: FIN-WAIT, reading shut down: RST, as for an orphan
  BytesReceived,         // seventh check: first: bytes queued for the application
  DataAfterFin,          // seventh check: CLOSE-WAIT, CLOSING, LAST-ACK: text after FIN ignored
  DataAndFin,            // eighth check: ESTABLISHED -> CLOSE-WAIT, with text
  Fin,                   // eighth check: ESTABLISHED -> CLOSE-WAIT
  FinSimultaneousClose,  // eighth check: FIN-WAIT-1 -> CLOSING
  FinBothClosed,         // eighth check: FIN-WAIT-2 -> TIME-WAIT
  // TIME-WAIT (§3.10.7.4, RFC 1337; Linux tcp_timewait_state_process).
  TimeWaitRstIgnored,       // an in-window RST with tcp_rfc1337 = 1: ignored
  TimeWaitAssassinated,     // an in-window RST with tcp_rfc1337 = 0: the record goes (TCP_TW_SUCCESS)
  TimeWaitAckRestartsTimer, // an in-window bare ACK: the timer restarts
  TimeWaitNewSyn,           // a SYN above RCV.NXT: a new incarnation (TCP_TW_SYN)
  TimeWaitRstOutsideWindow, // an RST not at RCV.NXT: ignored
  TimeWaitFinAcked,         // a retransmitted FIN: ACKed again (TCP_TW_ACK), the timer restarts
  TimeWaitOldSyn,           // an old or duplicate SYN: ACKed (TCP_TW_ACK)
  TimeWaitSynNoListener,    // a new SYN (TCP_TW_SYN) but no listener: ACKed, the record stays
                            // (tcp_v4_rcv falls through to TCP_TW_ACK)
  TimeWaitOutsideWindow,    // anything else: ACKed (TCP_TW_ACK)
  // With timestamps (RFC 7323 §5; tcp_timewait_state_process -> tcp_paws_reject).
  TimeWaitNewSynNewerTimestamp,  // a SYN not above RCV.NXT, but with a newer TSval: TCP_TW_SYN
  TimeWaitPawsAcked,        // a TSval older than TS.Recent: ACKed, the timer restarts
  TimeWaitPawsRstDropped,   // an RST with a TSval older than TS.Recent: dropped
  // tcp_timewait_check_oow_rate_limit: a bare ACK or SYN outside the window, less than
  // tcp_invalid_ratelimit ({0} ms) after the last such ACK: not answered.
  TimeWaitAckRateLimited,
};

// The numbers and state a verdict's words need (which, for which code: see VerdictCode).
struct VerdictArgs {
  std::uint32_t first = 0;
  std::uint32_t second = 0;
  TcpState state = TcpState::Closed;
};

// How many of VerdictArgs' numbers the code uses (0, 1 or 2), and whether it uses the state.
int verdict_arg_count(VerdictCode code);
bool verdict_uses_state(VerdictCode code);
// The one mapping from a decision to accepted/rejected and its reject code.
RejectCode reject_code_of(VerdictCode code);
inline Verdict verdict_of(VerdictCode code) {
  if (code == VerdictCode::None) return Verdict::None;
  return reject_code_of(code) == RejectCode::None ? Verdict::Accepted : Verdict::Rejected;
}
// Stable names for trace files ("out-of-order"); the codec reads them back, views never show them.
std::string_view verdict_code_key(VerdictCode code);
std::optional<VerdictCode> parse_verdict_code_key(std::string_view key);

}  // namespace tcplab
