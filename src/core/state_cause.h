#pragma once
// Why an endpoint changed state, as a typed value: the event of RFC 9293's state diagram (or the
// Linux behaviour) that moved it, and where the knowledge comes from. The views word it in the
// reader's language (present::state_cause_text); the trace never carries the sentence.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tcplab {

enum class StateCause : std::uint8_t {
  Unspecified,  // the source said nothing (a kernel state seen between two polls)
  // The application's calls (RFC 9293 §3.10.1-§3.10.5).
  ConnectSendsSyn,             // connect(): snd SYN
  ListenCalled,                // listen()
  ListenerClosed,              // close() of a listening socket
  ListenerShutdown,            // shutdown(SHUT_RD) of a listening socket (tcp_disconnect)
  CloseSendsFin,               // close(): snd FIN
  ShutdownSendsFin,            // shutdown(SHUT_WR): snd FIN
  CloseInSynSent,              // close() before the handshake completed: nothing to send
  ShutdownInSynSent,           // shutdown() in SYN-SENT: the attempt is given up
  CloseWithLingerZero,         // close() with SO_LINGER {1, 0}: snd RST
  CloseWithUnreadData,         // close() with unread bytes (count): snd RST (RFC 2525 §2.17)
  ListenerClosedBeforeAccept,  // a queued child reset when its listener closed
  // Arriving segments (RFC 9293 §3.10.7).
  RcvSynSendsSynAck,             // LISTEN: rcv SYN, snd SYN,ACK
  RcvSynAckSendsAck,             // SYN-SENT: rcv SYN,ACK, snd ACK
  RcvSynSimultaneousOpen,        // SYN-SENT: rcv SYN, snd SYN,ACK
  RcvSynAckSimultaneousOpen,     // SYN-RECEIVED: rcv SYN,ACK, snd ACK
  RcvAckOfSyn,                   // SYN-RECEIVED: rcv ACK of SYN
  RcvAckOfFin,                   // FIN-WAIT-1, CLOSING, LAST-ACK: rcv ACK of FIN
  RcvFin,                        // ESTABLISHED: rcv FIN (the ACK may wait: delayed ACK)
  RcvFinSendsAck,                // FIN-WAIT-1, FIN-WAIT-2: rcv FIN, snd ACK
  RcvFinAckingOurFin,            // FIN-WAIT-1: one segment ACKs our FIN and carries the peer's
  RcvRstConnectionRefused,       // SYN-SENT: rcv RST (ECONNREFUSED)
  RcvRstInSynReceived,           // SYN-RECEIVED: rcv RST (back to LISTEN's care)
  RcvRst,                        // CLOSING, LAST-ACK, TIME-WAIT: rcv RST
  RcvRstConnectionReset,         // ESTABLISHED and the FIN states: rcv RST (ECONNRESET)
  RcvSynInWindow,                // a SYN in the window of a synchronized connection (§3.10.7.4)
  RcvDataAfterClose,             // data for a closed application: snd RST (Linux tcp_rcv_state_process)
  RcvDataAfterReadShutdown,      // the same after shutdown(SHUT_RD), from FIN-WAIT on
  // What the capture shows a socket sending (a capture cannot see the call behind it).
  SentFin,                 // close() or shutdown(): snd FIN
  SentFinBeforePeersFin,   // the FINs crossed: simultaneous close
  SentFinAfterPeersFin,    // CLOSE-WAIT: snd FIN
  SentRst,                 // the socket sent RST
  NewSynEndsFourTuple,     // a new SYN on the four-tuple ends the old connection
  NewConnectionReplacesIt, // this side opened a new connection on the same four-tuple
  AssumedEstablished,      // the capture started mid-connection
  // Timers (RFC 9293 §3.8.3, Linux tcp_timer.c).
  FinWait2Timeout,        // tcp_fin_timeout expired in FIN-WAIT-2
  RetransmissionLimit,    // retries (a count, or Linux's time for them) exhausted: ETIMEDOUT
  ZeroWindowProbeLimit,   // zero-window probes unanswered tcp_retries2 times: ETIMEDOUT
  UserTimeout,            // TCP_USER_TIMEOUT passed with data unacknowledged: ETIMEDOUT
  KeepaliveTimeout,       // keepalive probes unanswered: RST, then ETIMEDOUT
  TimeWaitExpired,        // the TIME-WAIT timer (2MSL, 60 s on Linux) expired
  // The TIME-WAIT table (Linux tcp_timewait_state_process, tcp_twsk_unique).
  TimeWaitReusedByConnect,  // connect() took the four-tuple over (tcp_tw_reuse)
  TimeWaitAssassinated,     // rcv RST in TIME-WAIT (RFC 1337)
  TimeWaitNewIncarnation,   // rcv SYN: a new incarnation of the four-tuple
};

// Where a state change was learnt: the model made it; the kernel's sock_diag showed it; it was
// inferred from segments (a kernel state shorter than a poll, or a capture).
enum class StateSource : std::uint8_t {
  Model,
  SockDiag,            // seen by a sock_diag poll
  SockDiagShortLived,  // lived less than a poll: inferred from the segment
  NeverSeenBySockDiag, // the socket was never in a poll: inferred from the segment
  Capture,             // inferred from a capture's segments
  CallResult,          // inferred from a call's success (listen() = 0: LISTEN)
};

// Why a state inferred from a capture may be wrong.
enum class Uncertainty : std::uint8_t {
  None,
  CaptureStartedAfterSyn,
  CaptureStartedMidConnection,
  SegmentsMissing,  // the capture missed segments (before the state event's segment)
};

// Stable names for trace files ("rcv_fin"); the codec reads them back, views never show them.
std::string_view state_cause_key(StateCause cause);
std::optional<StateCause> parse_state_cause_key(std::string_view key);
std::string_view state_source_key(StateSource source);
std::optional<StateSource> parse_state_source_key(std::string_view key);
std::string_view uncertainty_key(Uncertainty uncertainty);
std::optional<Uncertainty> parse_uncertainty_key(std::string_view key);

}  // namespace tcplab
