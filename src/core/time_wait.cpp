#include "core/time_wait.h"

#include <chrono>

#include "core/oow_rate_limit.h"

namespace tcplab {

namespace {

// tcp_paws_reject() (RFC 7323 §5.3): a TSval older than TS.Recent marks an old duplicate. An RST
// is spared once TS.Recent is TCP_PAWS_MSL (60 s) old: "their cleanup function should take
// precedence over timestamps". (PAWS also gives way after 24 days idle; TIME-WAIT never lasts
// that long.)
bool paws_rejects(const TimeWaitRecord& record, const Segment& seg, Instant now) {
  // tcp_timewait_state_process reads the options only when the connection used timestamps.
  if (!record.timestamps || !seg.options.timestamps) return false;
  const auto older = static_cast<std::int32_t>(record.ts_recent - seg.options.timestamps->val);
  if (older <= 0) return false;
  constexpr std::uint32_t kPawsMslSeconds = 60;  // TCP_PAWS_MSL
  return !(seg.flags.rst() && time_wait_seconds_clock(now) >= record.ts_recent_stamp + kPawsMslSeconds);
}

}  // namespace

std::uint32_t time_wait_seconds_clock(Instant now) {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(to_ns(now) / 1'000'000'000));
}

// Linux's tcp_timewait_state_process, for a record in TIME-WAIT proper, in its order.
TimeWaitOutcome process_in_time_wait(const TimeWaitRecord& record, const Segment& seg,
                                     const Profile& profile, Instant now) {
  TimeWaitOutcome out;
  const bool paws_reject = paws_rejects(record, seg, now);
  const bool saw_timestamp = record.timestamps && seg.options.timestamps.has_value();
  // In-window: exactly at RCV.NXT, and either a bare ACK or an RST.
  if (!paws_reject && seg.seq == record.rcv_nxt && (seg.seq_len() == 0 || seg.flags.rst())) {
    if (saw_timestamp) out.ts_recent = seg.options.timestamps->val;
    if (seg.flags.rst()) {
      if (profile.rfc1337) {
        // RFC 1337's fix: ignore RST in TIME-WAIT, so it cannot be assassinated. Only a bare ACK
        // reaches inet_twsk_reschedule (the `else` of tcp_timewait_state_process's `th->rst`):
        // the ignored RST leaves the timer as it was (seen on 6.18, docs/linux-facts.md).
        out.decision = VerdictCode::TimeWaitRstIgnored;
        return out;
      }
      // TIME-WAIT assassination (RFC 1337 hazard H1): the RST removes the record early.
      out.ts_recent.reset();
      out.verdict = TimeWaitVerdict::Kill;
      out.decision = VerdictCode::TimeWaitAssassinated;
      return out;
    }
    out.restart_timer = true;
    out.decision = VerdictCode::TimeWaitAckRestartsTimer;
    return out;
  }
  // A new SYN may reopen the four-tuple (RFC 1122 §4.2.2.13): one above RCV.NXT, or, with
  // timestamps, one whose TSval is newer than TS.Recent whatever its sequence number (RFC 6191).
  if (seg.flags.syn() && !seg.flags.rst() && !seg.flags.ack() && !paws_reject &&
      profile.time_wait_accepts_new_syn) {
    const bool above = seg.seq > record.rcv_nxt;
    const bool newer = saw_timestamp &&
                       static_cast<std::int32_t>(record.ts_recent - seg.options.timestamps->val) < 0;
    if (above || newer) {
      out.verdict = TimeWaitVerdict::NewSyn;
      SeqNum isn = record.snd_nxt + 65535 + 2;  // Linux: above anything the old incarnation used
      if (isn.raw() == 0) isn += 1;
      out.new_isn = isn;
      out.decision =
          above ? VerdictCode::TimeWaitNewSyn : VerdictCode::TimeWaitNewSynNewerTimestamp;
      return out;
    }
  }
  if (seg.flags.rst()) {
    out.decision = paws_reject ? VerdictCode::TimeWaitPawsRstDropped
                               : VerdictCode::TimeWaitRstOutsideWindow;
    return out;
  }
  // Everything else is ACKed (at most one ACK-loop candidate per tcp_invalid_ratelimit); a
  // retransmitted FIN (our last ACK was lost) also restarts the timer (RFC 9293 §3.10.7.4:
  // "Acknowledge it, and restart the 2 MSL timeout"), as does an old duplicate PAWS caught.
  out.restart_timer = paws_reject || seg.flags.ack();
  if (oow_rate_limited(seg, record.last_oow_ack, now, profile.invalid_ratelimit)) {
    out.decision = VerdictCode::TimeWaitAckRateLimited;
    return out;
  }
  out.verdict = TimeWaitVerdict::Ack;
  if (oow_rate_limit_applies(seg)) out.last_oow_ack = oow_ms_clock(now);
  if (paws_reject) {
    out.decision = VerdictCode::TimeWaitPawsAcked;
  } else if (seg.flags.fin()) {
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
