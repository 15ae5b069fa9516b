#include "core/verdict_code.h"

namespace tcplab {

namespace {
struct VerdictRow {
  VerdictCode code;
  std::string_view key;
  RejectCode rejected;  // None: accepted
  int args;             // how many numbers the words use
  bool state;           // the words name the receiver's state
};
constexpr VerdictRow kVerdicts[] = {
    {VerdictCode::None, "none", RejectCode::None, 0, false},
    {VerdictCode::NoSocketRst, "no-socket-rst", RejectCode::NoSocket, 0, false},
    {VerdictCode::NoSocketRstIgnored, "no-socket-rst-ignored", RejectCode::NoSocket, 0, false},
    {VerdictCode::ListenerRstIgnored, "listener-rst-ignored", RejectCode::ListenerRst, 0, false},
    {VerdictCode::ListenerAckRst, "listener-ack-rst", RejectCode::ListenerAck, 0, false},
    {VerdictCode::ListenerNotSyn, "listener-not-syn", RejectCode::ListenerNotSyn, 0, false},
    {VerdictCode::ListenQueueFull, "listen-queue-full", RejectCode::ListenQueueFull, 1, false},
    {VerdictCode::SynNewConnection, "syn-new-connection", RejectCode::None, 0, false},
    {VerdictCode::NotForThisState, "not-for-this-state", RejectCode::NotForThisState, 0, true},
    {VerdictCode::SynSentUnacceptableAck, "syn-sent-unacceptable-ack",
     RejectCode::SynSentUnacceptableAck, 1, false},
    {VerdictCode::SynSentUnacceptableAckRst, "syn-sent-unacceptable-ack-rst",
     RejectCode::SynSentUnacceptableAck, 1, false},
    {VerdictCode::SynSentRstWithoutAck, "syn-sent-rst-without-ack",
     RejectCode::SynSentRstWithoutAck, 0, false},
    {VerdictCode::SynSentRstRefused, "syn-sent-rst-refused", RejectCode::None, 0, false},
    {VerdictCode::SynSentNoSynNoRst, "syn-sent-no-syn-no-rst", RejectCode::SynSentNoSynNoRst, 0,
     false},
    {VerdictCode::SynAckHandshakeComplete, "syn-ack-handshake-complete", RejectCode::None, 0,
     false},
    {VerdictCode::SimultaneousOpen, "simultaneous-open", RejectCode::None, 0, false},
    {VerdictCode::SynRetransmitted, "syn-retransmitted", RejectCode::None, 0, false},
    {VerdictCode::RstOutsideWindow, "rst-outside-window", RejectCode::OutsideWindow, 0, false},
    {VerdictCode::OutsideWindow, "outside-window", RejectCode::OutsideWindow, 2, false},
    {VerdictCode::DuplicateFinOutsideWindow, "duplicate-fin-outside-window",
     RejectCode::OutsideWindow, 0, false},
    {VerdictCode::PawsRejected, "paws-rejected", RejectCode::Paws, 0, false},
    {VerdictCode::PawsOldAckDropped, "paws-old-ack-dropped", RejectCode::Paws, 0, false},
    {VerdictCode::OutOfWindowRateLimited, "out-of-window-rate-limited", RejectCode::OutsideWindow,
     1, false},
    {VerdictCode::RstNotAtRcvNxt, "rst-not-at-rcv-nxt", RejectCode::RstNotAtRcvNxt, 1, false},
    {VerdictCode::RstInSynReceived, "rst-in-syn-received", RejectCode::None, 0, false},
    {VerdictCode::RstWhileClosing, "rst-while-closing", RejectCode::None, 0, false},
    {VerdictCode::RstConnectionReset, "rst-connection-reset", RejectCode::None, 0, false},
    {VerdictCode::SynChallengeAck, "syn-challenge-ack", RejectCode::SynInWindow, 0, true},
    {VerdictCode::SynInWindowReset, "syn-in-window-reset", RejectCode::SynInWindow, 0, false},
    {VerdictCode::NoAckBit, "no-ack-bit", RejectCode::NoAckBit, 0, false},
    {VerdictCode::SynReceivedBadAck, "syn-received-bad-ack", RejectCode::SynReceivedBadAck, 0,
     false},
    {VerdictCode::AckOfSyn, "ack-of-syn", RejectCode::None, 0, false},
    {VerdictCode::AckOfUnsentData, "ack-of-unsent-data", RejectCode::AckOfUnsentData, 2, false},
    {VerdictCode::AckOfFin, "ack-of-fin", RejectCode::None, 0, false},
    {VerdictCode::AckOfBytes, "ack-of-bytes", RejectCode::None, 1, false},
    {VerdictCode::AckNothingNew, "ack-nothing-new", RejectCode::None, 0, false},
    {VerdictCode::DuplicateFin, "duplicate-fin", RejectCode::None, 0, false},
    {VerdictCode::OutOfOrder, "out-of-order", RejectCode::OutOfOrder, 2, false},
    {VerdictCode::DataAfterClose, "data-after-close", RejectCode::None, 0, false},
    {VerdictCode::DataAfterReadShutdown, "data-after-read-shutdown", RejectCode::None, 0, false},
    {VerdictCode::BytesReceived, "bytes-received", RejectCode::None, 1, false},
    {VerdictCode::DataAfterFin, "data-after-fin", RejectCode::DataAfterFin, 0, false},
    {VerdictCode::DataAndFin, "data-and-fin", RejectCode::None, 0, false},
    {VerdictCode::Fin, "fin", RejectCode::None, 0, false},
    {VerdictCode::FinSimultaneousClose, "fin-simultaneous-close", RejectCode::None, 0, false},
    {VerdictCode::FinBothClosed, "fin-both-closed", RejectCode::None, 0, false},
    {VerdictCode::TimeWaitRstIgnored, "time-wait-rst-ignored", RejectCode::TimeWaitRstIgnored, 0,
     false},
    {VerdictCode::TimeWaitAssassinated, "time-wait-assassinated", RejectCode::None, 0, false},
    {VerdictCode::TimeWaitAckRestartsTimer, "time-wait-ack-restarts-timer", RejectCode::None, 0,
     false},
    {VerdictCode::TimeWaitNewSyn, "time-wait-new-syn", RejectCode::None, 0, false},
    {VerdictCode::TimeWaitRstOutsideWindow, "time-wait-rst-outside-window",
     RejectCode::TimeWaitOutsideWindow, 0, false},
    {VerdictCode::TimeWaitFinAcked, "time-wait-fin-acked", RejectCode::None, 0, false},
    {VerdictCode::TimeWaitOldSyn, "time-wait-old-syn", RejectCode::TimeWaitOutsideWindow, 0,
     false},
    {VerdictCode::TimeWaitSynNoListener, "time-wait-syn-no-listener",
     RejectCode::TimeWaitNoListener, 0, false},
    {VerdictCode::TimeWaitOutsideWindow, "time-wait-outside-window",
     RejectCode::TimeWaitOutsideWindow, 0, false},
    {VerdictCode::TimeWaitNewSynNewerTimestamp, "time-wait-new-syn-newer-timestamp",
     RejectCode::None, 0, false},
    {VerdictCode::TimeWaitPawsAcked, "time-wait-paws-acked", RejectCode::TimeWaitPaws, 0, false},
    {VerdictCode::TimeWaitPawsRstDropped, "time-wait-paws-rst-dropped", RejectCode::TimeWaitPaws,
     0, false},
    {VerdictCode::TimeWaitAckRateLimited, "time-wait-ack-rate-limited",
     RejectCode::TimeWaitOutsideWindow, 1, false},
};

const VerdictRow& row(VerdictCode code) {
  for (const VerdictRow& r : kVerdicts)
    if (r.code == code) return r;
  return kVerdicts[0];
}
}  // namespace

int verdict_arg_count(VerdictCode code) { return row(code).args; }
bool verdict_uses_state(VerdictCode code) { return row(code).state; }
RejectCode reject_code_of(VerdictCode code) { return row(code).rejected; }
std::string_view verdict_code_key(VerdictCode code) { return row(code).key; }
std::optional<VerdictCode> parse_verdict_code_key(std::string_view key) {
  for (const VerdictRow& r : kVerdicts)
    if (r.key == key) return r.code;
  return std::nullopt;
}

}  // namespace tcplab
