#include "core/time_wait.h"

namespace tcplab {

TimeWaitOutcome process_in_time_wait(const TimeWaitRecord& record, const Segment& seg,
                                     const Profile& profile) {
  TimeWaitOutcome out;
  // In-window: exactly at RCV.NXT, and either a bare ACK or an RST.
  if (seg.seq == record.rcv_nxt && (seg.seq_len() == 0 || seg.flags.rst())) {
    if (seg.flags.rst()) {
      if (profile.rfc1337) {
        // RFC 1337's fix: ignore RST in TIME-WAIT, so it cannot be assassinated. Only a bare ACK
        // reaches inet_twsk_reschedule (the `else` of tcp_timewait_state_process's `th->rst`):
        // the ignored RST leaves the timer as it was (seen on 6.18, docs/linux-facts.md).
        out.decision = VerdictCode::TimeWaitRstIgnored;
        return out;
      }
      // TIME-WAIT assassination (RFC 1337 hazard H1): the RST removes the record early.
      out.verdict = TimeWaitVerdict::Kill;
      out.decision = VerdictCode::TimeWaitAssassinated;
      return out;
    }
    out.restart_timer = true;
    out.decision = VerdictCode::TimeWaitAckRestartsTimer;
    return out;
  }
  // A new SYN with a higher sequence number may reopen the four-tuple (RFC 1122 §4.2.2.13).
  if (seg.flags.syn() && !seg.flags.rst() && !seg.flags.ack() &&
      profile.time_wait_accepts_new_syn && seg.seq > record.rcv_nxt) {
    out.verdict = TimeWaitVerdict::NewSyn;
    SeqNum isn = record.snd_nxt + 65535 + 2;  // Linux: above anything the old incarnation used
    if (isn.raw() == 0) isn += 1;
    out.new_isn = isn;
    out.decision = VerdictCode::TimeWaitNewSyn;
    return out;
  }
  if (seg.flags.rst()) {
    out.decision = VerdictCode::TimeWaitRstOutsideWindow;
    return out;
  }
  // Everything else is ACKed; a retransmitted FIN (our last ACK was lost) also restarts the timer
  // (RFC 9293 §3.10.7.4: "Acknowledge it, and restart the 2 MSL timeout").
  out.verdict = TimeWaitVerdict::Ack;
  out.restart_timer = seg.flags.ack();
  if (seg.flags.fin()) {
    out.decision = VerdictCode::TimeWaitFinAcked;
  } else if (seg.flags.syn()) {
    out.decision = VerdictCode::TimeWaitOldSyn;
  } else {
    out.decision = VerdictCode::TimeWaitOutsideWindow;
  }
  return out;
}

Segment time_wait_ack(const TimeWaitRecord& record, const FourTuple& tuple, Instant now) {
  Segment s;
  s.src = tuple.local;
  s.dst = tuple.remote;
  s.seq = record.snd_nxt;
  s.ack = record.rcv_nxt;
  s.flags = TcpFlag::Ack;
  s.window = record.window;
  if (record.timestamps) {
    // tcp_tw_tsval: the same clock and offset the connection used.
    s.options.timestamps = TcpTimestamps{tsval_at(now, record.ts_offset), record.ts_recent};
  }
  return s;
}

}  // namespace tcplab
