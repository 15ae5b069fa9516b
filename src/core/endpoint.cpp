#include "core/endpoint.h"

#include <algorithm>

#include "core/keepalive.h"
#include "core/oow_rate_limit.h"
#include "core/reset_reply.h"
#include "core/write_timeout.h"

namespace tcplab {

namespace {

// Linux's tcp_reordering (TCP_FASTRETRANS_THRESH): three duplicate ACKs, or three segments SACKed
// beyond a hole, and the hole is lost (RFC 5681 §3.2, RFC 6675 §5).
constexpr int kReordering = 3;

// Linux tcp_select_initial_window: the smallest shift that lets the largest receive buffer
// (tcp_rmem[2]) be announced, ilog2(space) - 15, at most 14 (RFC 7323 §2.3).
std::uint8_t window_scale_for(int rmem_max) {
  int log2 = 0;
  for (auto space = static_cast<std::uint32_t>(rmem_max); space > 1; space >>= 1) ++log2;
  return static_cast<std::uint8_t>(std::clamp(log2 - 15, 0, 14));
}

// Linux adds a per-address-pair offset to its timestamp clock (secure_tcp_ts_off, a keyed hash)
// so TSval does not reveal the uptime. The model needs no secret: a fixed mix of the addresses.
std::uint32_t timestamp_offset(const FourTuple& tuple) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (std::uint32_t word : {tuple.local.ip.value, tuple.remote.ip.value}) {
    for (int i = 0; i < 4; ++i) {
      h = (h ^ ((word >> (8 * i)) & 0xffu)) * 16777619u;
    }
  }
  return h;
}

// The peer's window in bytes: a SYN's window is never scaled (RFC 7323 §2.2).
std::uint32_t peer_window(const Segment& seg, bool scaled, std::uint8_t shift) {
  return seg.flags.syn() || !scaled ? std::uint32_t{seg.window}
                                    : std::uint32_t{seg.window} << shift;
}
}  // namespace

Endpoint::Endpoint(const Profile& profile, const FourTuple& tuple, SeqNum iss)
    : profile_(&profile),
      tuple_(tuple),
      iss_(iss),
      snd_una_(iss),
      snd_nxt_(iss),
      send_buffer_seq_(iss + 1),
      last_small_end_(iss),
      acks_(profile),
      ts_offset_(timestamp_offset(tuple)),
      rcv_wscale_(profile.window_scaling ? window_scale_for(profile.rmem_max) : 0),
      rtt_(profile) {
  cwnd_.start(initial_window_segments(profile.initial_cwnd, profile.mss), iss);
}

// ---------------------------------------------------------------------------------------------
// Opening

Endpoint Endpoint::open_active(Instant now, const Profile& profile, const FourTuple& tuple,
                               SeqNum iss, Effects& fx) {
  Endpoint ep(profile, tuple, iss);
  ep.first_syn_at_ = now;  // tcp_connect: retrans_stamp
  Segment syn = ep.make_segment(now, TcpFlag::Syn);
  syn.ack = SeqNum(0);
  fx.segments.push_back({syn, false});
  ep.snd_nxt_ = iss + 1;
  ep.timed_seq_ = ep.snd_nxt_;
  ep.timed_at_ = now;
  // CLOSED -> SYN-SENT: OPEN call, active (§3.10.1).
  ep.transition(TcpState::SynSent, StateCause::ConnectSendsSyn, fx);
  ep.arm_retransmit(now, fx);
  return ep;
}

Endpoint Endpoint::open_passive(Instant now, const Profile& profile, const Segment& syn, SeqNum iss,
                                Effects& fx) {
  Endpoint ep(profile, syn.tuple_at_receiver(), iss);
  ep.state_ = TcpState::Listen;  // the child starts as its listener was
  ep.irs_ = syn.seq;
  ep.rcv_nxt_ = syn.seq + 1;
  ep.snd_wnd_ = syn.window;
  ep.snd_wl1_ = syn.seq;
  ep.take_syn_options(syn.options);
  ep.first_syn_at_ = now;  // the request socket's snt_synack
  Segment synack = ep.make_segment(now, TcpFlag::Syn | TcpFlag::Ack);
  fx.segments.push_back({synack, false});
  ep.snd_nxt_ = iss + 1;
  ep.timed_seq_ = ep.snd_nxt_;
  ep.timed_at_ = now;
  // LISTEN -> SYN-RECEIVED: rcv SYN, snd SYN,ACK (§3.10.7.2).
  ep.transition(TcpState::SynReceived, StateCause::RcvSynSendsSynAck, fx);
  fx.decide(VerdictCode::SynNewConnection);
  ep.arm_retransmit(now, fx);
  return ep;
}

// ---------------------------------------------------------------------------------------------
// SEGMENT ARRIVES

void Endpoint::on_segment(Instant now, const Segment& seg, Effects& fx) {
  switch (state_) {
    case TcpState::Closed:
    case TcpState::Listen:
    case TcpState::TimeWait:
      // The host routes these elsewhere (RST for CLOSED, listener, TimeWaitRecord).
      fx.decide(VerdictCode::NotForThisState, {.state = state_});
      return;
    case TcpState::SynSent:
      on_segment_syn_sent(now, seg, fx);
      return;
    default:
      on_segment_synchronized(now, seg, fx);
      return;
  }
}

// §3.10.7.3: SYN-SENT STATE.
void Endpoint::on_segment_syn_sent(Instant now, const Segment& seg, Effects& fx) {
  // First, check the ACK bit: it must acknowledge our SYN and nothing more.
  const bool ack_acceptable = seg.flags.ack() && iss_ < seg.ack && seg.ack <= snd_nxt_;
  if (seg.flags.ack() && !ack_acceptable) {
    if (seg.flags.rst()) {
      fx.decide(VerdictCode::SynSentUnacceptableAck, {.first = seg.ack.raw()});
    } else {
      fx.decide(VerdictCode::SynSentUnacceptableAckRst, {.first = seg.ack.raw()});
      fx.segments.push_back({reset_reply(seg), false});
    }
    // tcp_rcv_synsent_state_process: "Previous FIN/ACK or RST/ACK might be ignored": before any
    // retransmission the SYN goes again after TCP_TIMEOUT_MIN, not a whole RTO (a TIME-WAIT's
    // ACK, answered with this RST, has just ended the TIME-WAIT; docs/linux-facts.md).
    if (profile_->timeout_min > Duration{0} && retransmit_backoffs_ == 0) {
      cancel_retransmit(fx);
      retransmit_deadline_ = now + profile_->timeout_min;
      fx.timers.push_back({TimerKind::Retransmit, TimerAction::Armed, *retransmit_deadline_, 0});
    }
    return;
  }
  // Second, the RST bit: with an acceptable ACK it means "connection refused".
  if (seg.flags.rst()) {
    if (!ack_acceptable) {
      fx.decide(VerdictCode::SynSentRstWithoutAck);
      return;
    }
    fx.decide(VerdictCode::SynSentRstRefused);
    fx.error = Errno::ConnectionRefused;
    enter_closed(StateCause::RcvRstConnectionRefused, fx);
    return;
  }
  // Fourth, the SYN bit.
  if (!seg.flags.syn()) {
    fx.decide(VerdictCode::SynSentNoSynNoRst);
    return;
  }
  irs_ = seg.seq;
  rcv_nxt_ = seg.seq + 1;
  snd_wnd_ = seg.window;
  snd_wl1_ = seg.seq;
  take_syn_options(seg.options);
  if (ack_acceptable) {
    snd_una_ = seg.ack;
    if (timed_seq_ && seg.ack >= *timed_seq_) {
      rtt_.add_sample(now - timed_at_);
      timed_seq_.reset();
    }
    cancel_retransmit(fx);
    retransmit_backoffs_ = 0;
    // SYN-SENT -> ESTABLISHED: rcv SYN,ACK, snd ACK.
    fx.decide(VerdictCode::SynAckHandshakeComplete);
    transition(TcpState::Established, StateCause::RcvSynAckSendsAck, fx);
    start_congestion_window(seg);
    on_established(now, fx);
    send_ack(now, fx);
    transmit_pending(now, fx);
    return;
  }
  // SYN-SENT -> SYN-RECEIVED: simultaneous open, rcv SYN, snd SYN,ACK (§3.5, figure 8).
  fx.decide(VerdictCode::SimultaneousOpen);
  transition(TcpState::SynReceived, StateCause::RcvSynSimultaneousOpen, fx);
  Segment synack = make_segment(now, TcpFlag::Syn | TcpFlag::Ack);
  synack.seq = iss_;
  fx.segments.push_back({synack, false});
  restart_retransmit(now, fx);
}

// RFC 9293 §3.10.7.4, first check: is the sequence number acceptable?
bool Endpoint::acceptable(const Segment& seg) const {
  const std::uint32_t len = seg.seq_len();
  const std::uint32_t wnd = rcv_wnd();
  if (len == 0) {
    if (wnd == 0) return seg.seq == rcv_nxt_;
    return seq_in_window(seg.seq, rcv_nxt_, wnd);
  }
  if (wnd == 0) return false;
  return seq_in_window(seg.seq, rcv_nxt_, wnd) || seq_in_window(seg.seq + (len - 1), rcv_nxt_, wnd);
}

void Endpoint::on_segment_synchronized(Instant now, const Segment& seg, Effects& fx) {
  // A retransmitted SYN in SYN-RECEIVED: our SYN,ACK was lost; send it again (what Linux's
  // request socket does) rather than the bare ACK §3.10.7.4 would give.
  if (state_ == TcpState::SynReceived && seg.flags.syn() && !seg.flags.ack() && !seg.flags.rst() &&
      seg.seq == irs_) {
    // tcp_check_req: the repeated SYN's TSval is the one to echo.
    if (ts_on_ && seg.options.timestamps) ts_recent_ = seg.options.timestamps->val;
    Segment synack = make_segment(now, TcpFlag::Syn | TcpFlag::Ack);
    synack.seq = iss_;
    fx.segments.push_back({synack, true});
    ++handshake_resends_;  // inet_rtx_syn_ack: num_retrans
    fx.decide(VerdictCode::SynRetransmitted);
    return;
  }
  // Simultaneous open, including a socket connected to itself: in SYN-RECEIVED the peer's
  // SYN,ACK acknowledges our SYN and repeats its own; take the ACK (Linux tcp_validate_incoming).
  const bool simultaneous_synack = state_ == TcpState::SynReceived && seg.flags.syn() &&
                                   seg.flags.ack() && !seg.flags.rst() && seg.seq + 1 == rcv_nxt_ &&
                                   seg.ack == snd_nxt_;

  // Before all (RFC 7323 §5.3, "H1"): PAWS. An RST goes on to the checks below; a SYN to its
  // challenge ACK (Linux tcp_validate_incoming).
  if (!seg.flags.rst() && !seg.flags.syn()) {
    if (const auto paws = paws_verdict(seg)) {
      if (*paws == VerdictCode::PawsOldAckDropped) {
        fx.decide(*paws);  // "Old ACK are common": no PAWS count, no duplicate ACK
        return;
      }
      answer_out_of_window(now, seg, *paws, {}, fx);
      return;
    }
  }
  // First: sequence number acceptable?
  if (!simultaneous_synack && !acceptable(seg)) {
    if (seg.flags.rst()) {
      fx.decide(VerdictCode::RstOutsideWindow);
      return;
    }
    if (seg.seq < rcv_nxt_ && seg.flags.fin()) {
      answer_out_of_window(now, seg, VerdictCode::DuplicateFinOutsideWindow, {}, fx);
    } else {
      answer_out_of_window(now, seg, VerdictCode::OutsideWindow,
                           {.first = seg.seq.raw(), .second = rcv_nxt_.raw()}, fx);
    }
    return;
  }
  // Second: the RST bit.
  if (seg.flags.rst()) {
    process_rst(now, seg, fx);
    return;
  }
  // Fourth: the SYN bit. RFC 5961 §4.2: a SYN in a synchronized state gets a challenge ACK.
  if (seg.flags.syn() && !simultaneous_synack) {
    if (profile_->challenge_ack) {
      fx.decide(VerdictCode::SynChallengeAck, {.state = state_});
      send_ack(now, fx);
      return;
    }
    fx.decide(VerdictCode::SynInWindowReset);
    send_rst(now, fx);
    fx.error = Errno::ConnectionReset;
    enter_closed(StateCause::RcvSynInWindow, fx);
    return;
  }
  // Fifth: the ACK bit. Without it the segment is dropped.
  if (!seg.flags.ack()) {
    fx.decide(VerdictCode::NoAckBit);
    return;
  }
  // tcp_data_queue: sequence space we already had (a retransmission, the SYN of a simultaneous
  // open's SYN,ACK) is reported on the next ACK.
  if (seg.seq_len() > 0 && seg.seq < rcv_nxt_) note_duplicate(seg);
  if (!process_ack(now, seg, fx)) return;
  if (state_ == TcpState::Closed) return;
  // Seventh and eighth: the segment text and the FIN bit.
  process_text_and_fin(now, seg, fx);
  // Then what may be sent (tcp_data_snd_check: data carries the ACK of this text), then the ACK
  // this segment is owed, if nothing carried it (tcp_ack_snd_check).
  // Every state that may still hold unsent data or a FIN: FIN-WAIT-1 and LAST-ACK too, when
  // close() came while the peer's window was shut.
  transmit_pending(now, fx);
  ack_snd_check(now, fx);
}

// tcp_paws_discard() and tcp_disordered_ack_check(): a TSval older than TS.Recent (by more than
// TCP_PAWS_WINDOW, 1) marks an old duplicate, unless it is a duplicate pure ACK at RCV.NXT that
// leaves the window alone and lags by less than the replay window (1.2 RTO): ACKs reordered on
// the way. Linux's 24-day idle exception never arises in a lesson.
std::optional<VerdictCode> Endpoint::paws_verdict(const Segment& seg) const {
  if (!ts_on_ || !seg.options.timestamps || ts_recent_ == 0) return std::nullopt;
  const auto lag = static_cast<std::int32_t>(ts_recent_ - seg.options.timestamps->val);
  constexpr std::int32_t kPawsWindow = 1;  // TCP_PAWS_WINDOW
  if (lag <= kPawsWindow) return std::nullopt;
  const bool pure_ack = seg.flags.ack() && seg.seq_len() == 0;
  if (!pure_ack) return VerdictCode::PawsRejected;
  if (seg.seq != rcv_nxt_)
    return seg.seq < rcv_nxt_ ? VerdictCode::PawsOldAckDropped : VerdictCode::PawsRejected;
  if (seg.ack != snd_una_) return VerdictCode::PawsRejected;
  // tcp_may_update_window (this model keeps no SND.WL1: a window it would change).
  if (peer_window(seg, wscale_ok_, snd_wscale_) != snd_wnd_) return VerdictCode::PawsRejected;
  // tcp_tsval_replay(): icsk_rto * 1200 / HZ, in TSval units (1 ms).
  const auto replay_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             rtt_.rto(retransmit_backoffs_))
                             .count() *
                         12 / 10;
  if (lag > replay_ms) return VerdictCode::PawsRejected;
  return std::nullopt;  // a reordered duplicate ACK: processed as usual
}

// tcp_send_dupack() behind tcp_oow_rate_limited(): an unacceptable bare ACK is answered at most
// once per tcp_invalid_ratelimit (it may be one side of an ACK loop); one with data or a FIN
// always is.
void Endpoint::answer_out_of_window(Instant now, const Segment& seg, VerdictCode decision,
                                    VerdictArgs numbers, Effects& fx) {
  if (oow_rate_limited(seg, last_oow_ack_ms_, now, profile_->invalid_ratelimit)) {
    const auto limit =
        std::chrono::duration_cast<std::chrono::milliseconds>(profile_->invalid_ratelimit).count();
    fx.decide(VerdictCode::OutOfWindowRateLimited, {.first = static_cast<std::uint32_t>(limit)});
    return;
  }
  if (oow_rate_limit_applies(seg)) last_oow_ack_ms_ = oow_ms_clock(now);
  fx.decide(decision, numbers);
  // tcp_send_dupack: data we already had means our ACK was lost; ACK the next ones at once.
  if (seg.seq_len() > 0 && seg.seq < rcv_nxt_) {
    acks_.enter_quickack_mode(rcv_wnd());
    // Linux's tcp_sequence passes a SYN ending at rcv_wup (a repeated SYN,ACK): its answer is
    // the challenge ACK of tcp_validate_incoming, which reports no D-SACK.
    const bool challenged_syn = seg.flags.syn() && seg.seq + seg.seq_len() >= rcv_wup_;
    if (!challenged_syn) note_duplicate(seg);
  }
  send_ack(now, fx);
}

// Second check (§3.10.7.4), hardened by RFC 5961 §3.2.
void Endpoint::process_rst(Instant now, const Segment& seg, Effects& fx) {
  if (profile_->challenge_ack && seg.seq != rcv_nxt_) {
    fx.decide(VerdictCode::RstNotAtRcvNxt, {.first = rcv_nxt_.raw()});
    send_ack(now, fx);
    return;
  }
  switch (state_) {
    case TcpState::SynReceived:
      // Passive open: back to LISTEN, which for a child means it is simply gone.
      fx.decide(VerdictCode::RstInSynReceived);
      enter_closed(StateCause::RcvRstInSynReceived, fx);
      return;
    case TcpState::Closing:
    case TcpState::LastAck:
      fx.decide(VerdictCode::RstWhileClosing);
      if (!orphaned_) fx.error = Errno::ConnectionReset;  // tcp_reset(): its default case
      enter_closed(StateCause::RcvRst, fx);
      return;
    default:
      // ESTABLISHED, FIN-WAIT-1/2, CLOSE-WAIT: the user sees "connection reset", except in
      // CLOSE-WAIT, where the peer had said it was done: Linux's tcp_reset() sets EPIPE there.
      fx.decide(VerdictCode::RstConnectionReset);
      if (!orphaned_) {
        fx.error = state_ == TcpState::CloseWait ? Errno::BrokenPipe : Errno::ConnectionReset;
      }
      send_buffer_.clear();
      enter_closed(StateCause::RcvRstConnectionReset, fx);
      return;
  }
}

// Fifth check: the ACK field. Returns false when the segment must not be processed further.
bool Endpoint::process_ack(Instant now, const Segment& seg, Effects& fx) {
  if (state_ == TcpState::SynReceived) {
    if (!(snd_una_ < seg.ack && seg.ack <= snd_nxt_)) {
      fx.decide(VerdictCode::SynReceivedBadAck);
      fx.segments.push_back({reset_reply(seg), false});
      return false;
    }
  } else if (seg.ack > snd_nxt_) {
    // Acknowledges something not yet sent: ACK and drop (§3.10.7.4, fifth check).
    fx.decide(VerdictCode::AckOfUnsentData, {.first = seg.ack.raw(), .second = snd_nxt_.raw()});
    send_ack(now, fx);
    return false;
  }
  // TS.Recent only from a segment whose ACK is acceptable, before what the ACK brings (Linux
  // tcp_ack: tcp_replace_ts_recent after the unsent-data check), so the ACK above answers with the
  // TS.Recent of before.
  update_ts_recent(seg);
  last_heard_ = now;  // tcp_ack: rcv_tstamp
  if (state_ == TcpState::SynReceived) {
    // SYN-RECEIVED -> ESTABLISHED: rcv ACK of SYN.
    snd_wnd_ = peer_window(seg, wscale_ok_, snd_wscale_);
    snd_wl1_ = seg.seq;  // tcp_init_wl
    transition(TcpState::Established,
               seg.flags.syn() ? StateCause::RcvSynAckSimultaneousOpen : StateCause::RcvAckOfSyn,
               fx);
    start_congestion_window(seg);
    on_established(now, fx);
    if (seg.flags.syn()) send_ack(now, fx);  // simultaneous open: ACK the peer's SYN,ACK
    fx.decide(VerdictCode::AckOfSyn);
  }
  const bool advanced = snd_una_ < seg.ack;
  const bool had_in_flight = snd_una_ < snd_nxt_;
  // tcp_ack_update_window: before SND.UNA moves, since the test reads it.
  const bool window_update = may_update_window(seg);
  if (window_update) {
    snd_wl1_ = seg.seq;
    snd_wnd_ = peer_window(seg, wscale_ok_, snd_wscale_);
  }
  probes_unanswered_ = 0;  // tcp_ack: the peer answers
  const std::uint32_t undelivered_before = scoreboard_.packets_undelivered(snd_una_, send_mss());
  if (advanced) scoreboard_.on_cumulative_ack(now, seg.ack);
  if (snd_una_ < seg.ack) {
    // Acknowledged data leaves the send buffer (the SYN and FIN are not in it).
    const std::int32_t past_buffer_start = seg.ack - send_buffer_seq_;
    const std::size_t drop = std::min<std::size_t>(
        static_cast<std::size_t>(std::max(0, past_buffer_start)), send_buffer_.size());
    send_buffer_.erase(0, drop);
    send_buffer_seq_ += static_cast<std::uint32_t>(drop);
    snd_una_ = seg.ack;
    if (timed_seq_ && seg.ack >= *timed_seq_) {
      rtt_.add_sample(now - timed_at_);
      timed_seq_.reset();
    }
    retransmit_backoffs_ = 0;
    if (snd_una_ == snd_nxt_) {
      first_resend_.reset();  // nothing resent is outstanding: retrans_stamp = 0
      cancel_retransmit(fx);
      cancel_loss_probe(fx);
    } else if (!probes_tail()) {
      restart_retransmit(now, fx);
    }
    const bool fin_acked = fin_sent_ && seg.ack == fin_seq_ + 1;
    if (!fx.decided()) {
      if (fin_acked) {
        fx.decide(VerdictCode::AckOfFin);
      } else {
        fx.decide(VerdictCode::AckOfBytes, {.first = static_cast<std::uint32_t>(drop)});
      }
    }
    if (fin_acked) on_our_fin_acked(now, seg.flags.fin(), fx);
  } else if (!fx.decided() && seg.seq_len() == 0) {
    fx.decide(VerdictCode::AckNothingNew);
  }
  if (state_ == TcpState::Closed || state_ == TcpState::TimeWait) return false;
  // tcp_ack's no_queue: with nothing in flight, the ACK may open the window a probe waits for.
  if (!had_in_flight) on_ack_while_persisting(now, fx);
  process_tlp_ack(seg, advanced, window_update);
  // tcp_process_loss: the loss episode ends once everything sent before the RTO is ACKed.
  if (in_loss_ && loss_point_ <= snd_una_) in_loss_ = false;
  const int newly_lost = detect_loss(now, seg, advanced, window_update, fx);
  const std::uint32_t undelivered_after = scoreboard_.packets_undelivered(snd_una_, send_mss());
  const std::uint32_t delivered =
      undelivered_before > undelivered_after ? undelivered_before - undelivered_after : 0;
  // tcp_cong_control: in recovery PRR sets the window, else Reno may grow it.
  if (in_recovery_) {
    cwnd_.reduce_in_recovery(delivered, packets_in_flight(), advanced, newly_lost > 0);
  } else {
    grow_congestion_window(delivered, advanced);
  }
  // tcp_xmit_recovery: what is marked lost goes again, as the window allows.
  if (in_recovery_) retransmit_lost(now, fx);
  // tcp_set_xmit_timer for an ACK of new data: the loss probe if it applies, else the RTO.
  if (advanced && snd_una_ != snd_nxt_ && probes_tail() && !reorder_timer_ &&
      !schedule_loss_probe(now, true, fx))
    restart_retransmit(now, fx);
  // tcp_xmit_recovery after an RTO: what is marked lost goes again, as the window allows.
  if (in_loss_) retransmit_lost(now, fx);
  return true;
}

bool Endpoint::probes_tail() const { return profile_->tail_loss_probe && sack_ok_; }

std::uint32_t Endpoint::packets_out() const {
  const bool lone_fin = fin_sent_ && snd_una_ <= fin_seq_ && !scoreboard_.holds_fin();
  return scoreboard_.packets_out(snd_una_, send_mss()) + (lone_fin ? 1 : 0);
}

void Endpoint::process_tlp_ack(const Segment& seg, bool snd_una_advanced, bool window_update) {
  if (!tlp_high_seq_ || seg.ack < *tlp_high_seq_) return;
  // A D-SACK block at or below the probe's end: the original and the probe both arrived.
  const bool dsack_of_probe = !seg.options.sack.empty() &&
                              seg.options.sack[0].right <= seg.ack &&
                              seg.options.sack[0].right <= *tlp_high_seq_;
  // The probe resent nothing, or both it and the original arrived: no loss to repair.
  const bool nothing_lost = !tlp_retrans_ || dsack_of_probe;
  // The ACK passes the probe's end: the probe repaired a loss, CWR's one cut.
  const bool repaired = !nothing_lost && *tlp_high_seq_ < seg.ack;
  // A pure duplicate ACK: both arrived, no loss.
  const bool pure_duplicate = !snd_una_advanced && seg.seq_len() == 0 && !window_update &&
                              seg.options.sack.empty();
  if (repaired) cwnd_.on_loss_repaired_by_probe();
  if (nothing_lost || repaired || pure_duplicate) tlp_high_seq_.reset();
}

bool Endpoint::schedule_loss_probe(Instant now, bool advancing_rto, Effects& fx) {
  const std::uint32_t out = packets_out();
  if (!profile_->tail_loss_probe || !sack_ok_ || out == 0 || in_recovery_ || in_loss_ ||
      !scoreboard_.all_in_flight()) {
    return false;
  }
  // 2*SRTT, plus room for a delayed ACK when one segment is out (TCP_RTO_MIN), else
  // TCP_TIMEOUT_MIN; in whole jiffies. Without an RTT sample, TCP_TIMEOUT_INIT.
  Duration timeout = profile_->rto_initial;
  if (const auto srtt = rtt_.srtt()) {
    timeout = 2 * *srtt + (out == 1 ? profile_->rto_min : profile_->timeout_min);
    if (profile_->jiffy > Duration{0})
      timeout = (timeout + profile_->jiffy - Duration{1}) / profile_->jiffy * profile_->jiffy;
  }
  // Never later than the RTO would fire (tcp_rto_delta_us).
  const Duration rto = rtt_.rto(rto_doublings());
  Duration until_rto = rto;
  if (!advancing_rto) {
    if (const auto head = scoreboard_.head_sent_at()) until_rto = *head + rto - now;
  }
  if (until_rto > Duration{0}) timeout = std::min(timeout, until_rto);
  const Instant due = now + timeout;
  cancel_retransmit(fx);
  if (loss_probe_deadline_ == due) return true;
  cancel_loss_probe(fx);
  loss_probe_deadline_ = due;
  fx.timers.push_back({TimerKind::LossProbe, TimerAction::Armed, due, 0});
  return true;
}

void Endpoint::cancel_loss_probe(Effects& fx) {
  if (!loss_probe_deadline_) return;
  fx.timers.push_back({TimerKind::LossProbe, TimerAction::Cancelled, *loss_probe_deadline_, 0});
  loss_probe_deadline_.reset();
}

void Endpoint::on_loss_probe_timeout(Instant now, Effects& fx) {
  fx.timers.push_back({TimerKind::LossProbe, TimerAction::Fired, *loss_probe_deadline_, 0});
  loss_probe_deadline_.reset();
  if (!tlp_high_seq_) {  // at most one probe outstanding
    tlp_retrans_ = false;
    const SeqNum before = snd_nxt_;
    const SeqNum data_end = send_buffer_seq_ + static_cast<std::uint32_t>(send_buffer_.size());
    // tcp_snd_wnd_test: the next segment's first MSS fits the peer's window.
    const std::uint32_t head = snd_nxt_ < data_end
                                   ? std::min<std::uint32_t>(static_cast<std::uint32_t>(data_end - snd_nxt_), send_mss())
                                   : 1;
    if (has_unsent() && snd_nxt_ + head <= window_end()) transmit_pending(now, fx, /*loss_probe=*/true);
    if (before != snd_nxt_) {
      tlp_high_seq_ = snd_nxt_;
    } else if (resend_last_segment(now, fx)) {
      tlp_retrans_ = true;
      tlp_high_seq_ = snd_nxt_;
    }
  }
  arm_retransmit(now, fx);  // tcp_rearm_rto
}

bool Endpoint::resend_last_segment(Instant now, Effects& fx) {
  SackScoreboard::Sent* last = scoreboard_.last_for_probe(send_mss());
  // A FIN sent alone after the data is the last segment.
  const bool lone_fin = fin_sent_ && snd_una_ <= fin_seq_ && (!last || !last->flags.fin());
  if (lone_fin) {
    Segment fin = make_segment(now, TcpFlag::Fin | TcpFlag::Ack);
    fin.seq = fin_seq_;
    cancel_delayed_ack(fx);
    fx.segments.push_back({fin, true});
    return true;
  }
  if (!last) return false;
  const SeqNum from = std::max(last->seq, snd_una_);
  const std::uint32_t bytes =
      static_cast<std::uint32_t>(last->end() - from) - (last->flags.fin() ? 1 : 0);
  Segment s = make_segment(now, last->flags);
  s.seq = from;
  s.payload = send_buffer_.substr(static_cast<std::size_t>(from - send_buffer_seq_), bytes);
  cancel_delayed_ack(fx);
  acks_.on_data_sent(now);
  fx.segments.push_back({s, true});
  last->retransmitted = true;
  last->sent_at = now;
  timed_seq_.reset();  // Karn
  return true;
}

void Endpoint::start_congestion_window(const Segment& ack) {
  cwnd_.start(handshake_was_lost(ack) ? 1
                                      : initial_window_segments(profile_->initial_cwnd, send_mss()),
              snd_nxt_);
}

bool Endpoint::handshake_was_lost(const Segment& ack) const {
  if (!handshake_timed_out_ || handshake_resends_ < profile_->handshake_resends_for_one_segment)
    return false;
  // tcp_try_undo_spurious_syn: the ACK echoes the first SYN's (SYN,ACK's) TSval, so that one
  // arrived and only its answer was slow.
  const bool spurious = profile_->undo_spurious_handshake_timeout && ts_on_ &&
                        ack.options.timestamps &&
                        ack.options.timestamps->ecr == ts_val(first_syn_at_);
  return !spurious;
}

std::uint32_t Endpoint::packets_in_flight() const {
  return scoreboard_.packets_in_flight(snd_una_, send_mss());
}

void Endpoint::grow_congestion_window(std::uint32_t delivered, bool data_acked) {
  // tcp_may_raise_cwnd: only an ACK of new data in order grows it (RFC 5681), not SACKs alone.
  if (!data_acked) return;
  cwnd_.on_delivered(delivered);
}

// tcp_may_update_window: an ACK of new data, a newer segment than the one that last set the
// window, or the same one with a larger window, or a zero one (Linux 6.x accepts a shrink to
// zero from the same segment: "tcp: accept zero-window updates").
bool Endpoint::may_update_window(const Segment& seg) const {
  const std::uint32_t window = peer_window(seg, wscale_ok_, snd_wscale_);
  return snd_una_ < seg.ack || snd_wl1_ < seg.seq ||
         (seg.seq == snd_wl1_ && (window > snd_wnd_ || window == 0));
}

// tcp_fastretrans_alert, as far as it decides which segments are sent again.
int Endpoint::detect_loss(Instant now, const Segment& seg, bool snd_una_advanced,
                          bool window_update, Effects& fx) {
  // RFC 6582 §3.2 step 3, RFC 6675 §5: recovery ends once everything sent before it is ACKed;
  // cwnd is ssthresh then (tcp_end_cwnd_reduction).
  if (in_recovery_ && (snd_una_ == snd_nxt_ || recovery_point_ <= snd_una_)) {
    in_recovery_ = false;
    cwnd_.end_recovery();
  }
  if (snd_una_ == snd_nxt_) {
    dupacks_ = 0;
    return 0;
  }
  int marked = 0;
  if (sack_ok_) {
    scoreboard_.on_sack(now, seg.options.sack);
    // tcp_rack_reo_wnd: no reordering window in recovery or with tcp_reordering segments SACKed;
    // else min_rtt/4 (at most SRTT): a hole is lost once that long has passed beyond RACK.rtt.
    if (in_recovery_ || scoreboard_.sacked_count() >= kReordering) {
      marked = scoreboard_.mark_lost_sent_before_delivered();
    } else {
      const Duration srtt = rtt_.srtt().value_or(Duration{0});
      const Duration reo_wnd = std::min(rtt_.min_rtt() ? *rtt_.min_rtt() / 4 : srtt, srtt);
      if (const auto wait = scoreboard_.reorder_wait(now, reo_wnd)) {
        arm_reorder_timer(now, *wait, fx);
      }
    }
  } else {
    // RFC 5681 §2: a duplicate ACK acknowledges nothing new, carries no data and keeps the window
    // (tcp_ack: neither FLAG_SND_UNA_ADVANCED nor FLAG_NOT_DUP, which FLAG_WIN_UPDATE is part of).
    if (snd_una_advanced) {
      dupacks_ = 0;
    } else if (seg.seq_len() == 0 && !window_update) {
      ++dupacks_;
    }
    // tcp_newreno_mark_lost: the head after tcp_reordering duplicates; in recovery, after each
    // partial ACK (RFC 6582 §3.2 step 5).
    if ((!in_recovery_ && dupacks_ >= kReordering) || (in_recovery_ && snd_una_advanced)) {
      marked = scoreboard_.mark_head_lost();
    }
  }
  if (marked == 0) return 0;
  if (!in_recovery_) enter_recovery();
  return marked;
}

void Endpoint::enter_recovery() {
  in_recovery_ = true;  // tcp_enter_recovery
  recovery_point_ = snd_nxt_;
  tlp_high_seq_.reset();  // tcp_init_cwnd_reduction
  cwnd_.enter_recovery();
}

void Endpoint::arm_reorder_timer(Instant now, Duration wait, Effects& fx) {
  // tcp_rack_mark_lost: usecs_to_jiffies(remaining + 1 us) + TCP_TIMEOUT_MIN.
  Duration timeout = wait + std::chrono::microseconds(1);
  if (profile_->jiffy > Duration{0}) {
    timeout = (timeout + profile_->jiffy - Duration{1}) / profile_->jiffy * profile_->jiffy;
  }
  timeout += profile_->timeout_min;
  cancel_retransmit(fx);
  retransmit_deadline_ = now + timeout;
  reorder_timer_ = true;
  fx.timers.push_back(
      {TimerKind::Retransmit, TimerAction::Armed, *retransmit_deadline_, retransmit_backoffs_});
}

// tcp_rack_reo_timeout: the reordering window has passed; what is still missing is lost, recovery
// begins, and the lost segments are resent.
void Endpoint::on_reorder_timeout(Instant now, Effects& fx) {
  if (scoreboard_.mark_lost_sent_before_delivered() == 0) {
    arm_retransmit(now, fx);
    return;
  }
  // tcp_rack_reo_timeout: recovery begins, PRR counts one segment delivered.
  if (!in_recovery_) {
    enter_recovery();
    cwnd_.reduce_in_recovery(1, packets_in_flight(), false, true);
  }
  retransmit_lost(now, fx);
  arm_retransmit(now, fx);
}

// tcp_xmit_retransmit_queue: each segment marked lost, once, as it was first sent.
void Endpoint::retransmit_lost(Instant now, Effects& fx) {
  bool sent = false;
  for (SackScoreboard::Sent* lost : scoreboard_.to_retransmit()) {
    if (packets_in_flight() >= cwnd_.cwnd()) break;  // no more than the window lets go
    const SeqNum from = std::max(lost->seq, snd_una_);
    const bool fin = lost->flags.fin();
    const std::uint32_t bytes = static_cast<std::uint32_t>(lost->end() - from) - (fin ? 1 : 0);
    Segment s = make_segment(now, lost->flags);
    s.seq = from;
    s.payload = send_buffer_.substr(static_cast<std::size_t>(from - send_buffer_seq_), bytes);
    cancel_delayed_ack(fx);
    acks_.on_data_sent(now);
    fx.segments.push_back({s, true});
    lost->retransmitted = true;
    lost->sent_at = now;
    if (in_recovery_) cwnd_.on_sent_in_recovery(1);  // tp->prr_out
    sent = true;
  }
  if (!sent) return;
  if (!first_resend_) first_resend_ = now;  // tcp_retransmit_skb: retrans_stamp
  timed_seq_.reset();  // Karn: no RTT sample across a retransmission
  restart_retransmit(now, fx);
}

void Endpoint::on_our_fin_acked(Instant now, bool peer_fin_too, Effects& fx) {
  switch (state_) {
    case TcpState::FinWait1:
      // FIN-WAIT-1 -> FIN-WAIT-2: rcv ACK of FIN.
      transition(TcpState::FinWait2, StateCause::RcvAckOfFin, fx);
      if (orphaned_ && !peer_fin_too) arm_fin_wait2(now, fx);  // its FIN is here already
      return;
    case TcpState::Closing:
      // CLOSING -> TIME-WAIT: rcv ACK of FIN.
      cancel_all_timers(fx);
      transition(TcpState::TimeWait, StateCause::RcvAckOfFin, fx);
      return;
    case TcpState::LastAck:
      // LAST-ACK -> CLOSED: rcv ACK of FIN.
      cancel_all_timers(fx);
      enter_closed(StateCause::RcvAckOfFin, fx);
      return;
    default:
      return;
  }
}

// Seventh (text) and eighth (FIN) checks.
void Endpoint::process_text_and_fin(Instant now, Segment seg, Effects& fx) {
  // Trim what we already have from the front (retransmissions overlapping RCV.NXT).
  if (seg.seq < rcv_nxt_) {
    const std::uint32_t already = static_cast<std::uint32_t>(rcv_nxt_ - seg.seq);
    const std::uint32_t trim = std::min<std::uint32_t>(already, seg.payload_len());
    seg.payload.erase(0, trim);
    seg.seq += trim;
    if (already > trim && seg.flags.fin()) {
      // The FIN itself was already received: this is a duplicate of it.
      seg.flags =
          TcpFlags::from_bits(static_cast<std::uint8_t>(seg.flags.bits() & ~0x01u));  // clear FIN
      if (!fx.decided()) fx.decide(VerdictCode::DuplicateFin);
      send_ack(now, fx);
    }
  }
  if (seg.seq != rcv_nxt_ && (seg.payload_len() > 0 || seg.flags.fin())) {
    // Out of order: held for later (§3.10.7.4, seventh check; Linux tcp_data_queue_ofo), and a
    // duplicate ACK, with SACK blocks naming what is held, asks for the gap at once.
    fx.decide(VerdictCode::OutOfOrder, {.first = rcv_nxt_.raw(), .second = seg.seq.raw()});
    // Only where text is still taken (the states of the switch below), and not for an orphan.
    const bool takes_text = state_ == TcpState::Established || state_ == TcpState::FinWait1 ||
                            state_ == TcpState::FinWait2;
    if (takes_text && !orphaned_) {
      out_of_order_.insert(seg.seq, seg.payload, seg.flags.fin());
    }
    send_ack(now, fx);
    return;
  }
  const bool has_text = seg.payload_len() > 0;
  if (has_text) {
    switch (state_) {
      case TcpState::Established:
      case TcpState::FinWait1:
      case TcpState::FinWait2:
        if (orphaned_) {
          // Data for a socket the application closed: nobody will read it (Linux
          // tcp_rcv_state_process, TCPAbortOnData): reset, with the RST at the segment's ACK.
          fx.decide(VerdictCode::DataAfterClose);
          fx.segments.push_back({reset_reply(seg), false});
          send_buffer_.clear();
          enter_closed(StateCause::RcvDataAfterClose, fx);
          return;
        }
        if (read_shut_ && state_ != TcpState::Established) {
          // The same test is RCV_SHUTDOWN, so shutdown(SHUT_RD) does it too once our FIN is
          // out (RFC 1122 §4.2.2.13: a host MUST reset); the application hears ECONNRESET.
          fx.decide(VerdictCode::DataAfterReadShutdown);
          fx.segments.push_back({reset_reply(seg), false});
          fx.error = Errno::ConnectionReset;
          send_buffer_.clear();
          enter_closed(StateCause::RcvDataAfterReadShutdown, fx);
          return;
        }
        receive_buffer_ += seg.payload;
        rcv_nxt_ += seg.payload_len();
        if (!out_of_order_.empty()) {
          // The hole is filled (tcp_ofo_queue): what was held joins the stream, and the ACK leaves
          // at once (RFC 5681 §4.2; ICSK_ACK_NOW, or "we have out of order data" while a hole is
          // left).
          ReassemblyQueue::InOrder held = out_of_order_.take_in_order(rcv_nxt_);
          receive_buffer_ += held.data;
          rcv_nxt_ += static_cast<std::uint32_t>(held.data.size());
          if (held.fin) seg.flags = seg.flags | TcpFlag::Fin;
          acks_.mark_now();
        }
        // tcp_event_data_recv: an ACK is owed; quick-ACK mode and the ATO are updated.
        acks_.on_data_received(now, seg.payload_len(), ts_on_ ? 20 + kTimestampOptionBytes : 20,
                               seg.flags.psh(), rcv_wnd(), rtt_.rto(rto_doublings()));
        if (!fx.decided()) fx.decide(VerdictCode::BytesReceived, {.first = seg.payload_len()});
        break;
      default:
        // CLOSE-WAIT, CLOSING, LAST-ACK: the peer already sent its FIN; text cannot follow it.
        fx.decide(VerdictCode::DataAfterFin);
        return;
    }
  }
  if (!seg.flags.fin()) return;  // the ACK owed for the text: ack_snd_check
  // Eighth: the FIN bit. It occupies one sequence number after the text.
  if (fin_received_in(state_)) {
    // CLOSE-WAIT, CLOSING, LAST-ACK already had the peer's FIN.
    fx.decide(VerdictCode::DuplicateFin);
    send_ack(now, fx);
    return;
  }
  rcv_nxt_ += 1;
  peer_fin_seen_ = true;
  switch (state_) {
    case TcpState::SynReceived:
    case TcpState::Established:
      // ESTABLISHED -> CLOSE-WAIT: rcv FIN, snd ACK (the ACK may be delayed and ride on our FIN).
      fx.decide(has_text ? VerdictCode::DataAndFin : VerdictCode::Fin);
      transition(TcpState::CloseWait, StateCause::RcvFin, fx);
      // tcp_fin: the ACK is owed and the connection counts as interactive, so it waits for the
      // application's answer (its FIN) for up to the ATO, or one tick before any data came.
      acks_.schedule();
      acks_.enter_pingpong();
      return;
    case TcpState::FinWait1:
      // FIN-WAIT-1 -> CLOSING: rcv FIN, snd ACK (simultaneous close: our FIN is not yet ACKed).
      fx.decide(VerdictCode::FinSimultaneousClose);
      transition(TcpState::Closing, StateCause::RcvFinSendsAck, fx);
      send_ack(now, fx);
      return;
    case TcpState::FinWait2:
      // FIN-WAIT-2 -> TIME-WAIT: rcv FIN, snd ACK.
      fx.decide(VerdictCode::FinBothClosed);
      send_ack(now, fx);
      cancel_all_timers(fx);
      transition(TcpState::TimeWait, StateCause::RcvFinSendsAck, fx);
      return;
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Timers

std::optional<Instant> Endpoint::poll_at() const {
  std::optional<Instant> next;
  for (const auto& d : {retransmit_deadline_, delayed_ack_deadline_, fin_wait2_deadline_,
                        persist_deadline_, loss_probe_deadline_, keepalive_deadline_}) {
    if (d && (!next || *d < *next)) next = d;
  }
  return next;
}

void Endpoint::on_timer(Instant now, Effects& fx) {
  if (delayed_ack_deadline_ && *delayed_ack_deadline_ <= now) {
    fx.timers.push_back({TimerKind::DelayedAck, TimerAction::Fired, *delayed_ack_deadline_, 0});
    delayed_ack_deadline_.reset();
    // tcp_delack_timer_handler: the ATO grows, or pingpong mode ends; then the ACK leaves.
    acks_.on_delayed_ack_timer(rtt_.rto(rto_doublings()));
    send_ack(now, fx);
  }
  if (fin_wait2_deadline_ && *fin_wait2_deadline_ <= now) {
    fx.timers.push_back({TimerKind::FinWait2, TimerAction::Fired, *fin_wait2_deadline_, 0});
    fin_wait2_deadline_.reset();
    // Orphaned FIN-WAIT-2 -> CLOSED: tcp_fin_timeout expired; the peer never sent its FIN.
    cancel_all_timers(fx);
    enter_closed(StateCause::FinWait2Timeout, fx);
    return;
  }
  if (persist_deadline_ && *persist_deadline_ <= now) {
    on_persist_timeout(now, fx);
    if (state_ == TcpState::Closed) return;
  }
  if (keepalive_deadline_ && *keepalive_deadline_ <= now) {
    on_keepalive_timeout(now, fx);
    if (state_ == TcpState::Closed) return;
  }
  if (loss_probe_deadline_ && *loss_probe_deadline_ <= now) {
    on_loss_probe_timeout(now, fx);
    return;
  }
  if (retransmit_deadline_ && *retransmit_deadline_ <= now) {
    fx.timers.push_back(
        {TimerKind::Retransmit, TimerAction::Fired, *retransmit_deadline_, retransmit_backoffs_});
    retransmit_deadline_.reset();
    if (reorder_timer_) {
      reorder_timer_ = false;
      on_reorder_timeout(now, fx);
      return;
    }
    if (write_timed_out(now)) {
      // Retransmissions exhausted (RFC 9293 §3.8.3 R2): give up on the connection. The count is
      // the resends made: the clock can stop before the limit. A connecting socket's user timeout
      // ends it before the count unless the count ran out first.
      const bool by_user =
          options_.user_timeout > Duration{0} && state_ != TcpState::SynReceived &&
          (is_synchronized(state_) ||
           (state_ == TcpState::SynSent && retransmit_backoffs_ < retry_limit()));
      give_up(by_user ? StateCause::UserTimeout : StateCause::RetransmissionLimit,
              by_user ? user_timeout_ms() : static_cast<std::uint32_t>(retransmit_backoffs_), fx);
      return;
    }
    // tcp_enter_loss: everything in flight is lost (tcp_timeout_mark_lost), the window falls to
    // one segment (ssthresh halved unless this loss already lowered it), fast recovery is over;
    // the timer resends from SND.UNA.
    const bool data_in_flight = is_synchronized(state_) && snd_una_ != iss_;
    if (data_in_flight) {
      const bool new_loss = retransmit_backoffs_ == 0 && !in_recovery_;
      scoreboard_.on_timeout();
      cwnd_.on_timeout(new_loss, 0);
      in_loss_ = true;
      loss_point_ = snd_nxt_;
      tlp_high_seq_.reset();
    }
    ++retransmit_backoffs_;
    if (state_ == TcpState::SynSent || state_ == TcpState::SynReceived) {
      ++handshake_resends_;
      handshake_timed_out_ = true;
    }
    in_recovery_ = false;
    dupacks_ = 0;
    timed_seq_.reset();  // Karn: no RTT sample from a retransmitted segment
    retransmit(now, fx);
    if (data_in_flight) scoreboard_.on_head_resent(snd_una_, send_mss(), now);
    // tcp_retransmit_skb: retrans_stamp (a SYN-SENT socket's is its first SYN's).
    if (!first_resend_ && state_ != TcpState::SynSent) first_resend_ = now;
    // tcp_retransmit_timer: the next RTO ends no later than the user timeout.
    const std::optional<Instant> stamp =
        state_ == TcpState::SynSent ? std::optional<Instant>(first_syn_at_) : first_resend_;
    retransmit_deadline_ = now + clamp_rto_to_user_timeout(rtt_.rto(rto_doublings()), now, stamp,
                                                           options_.user_timeout);
    fx.timers.push_back(
        {TimerKind::Retransmit, TimerAction::Armed, *retransmit_deadline_, retransmit_backoffs_});
  }
}

bool Endpoint::write_timed_out(Instant now) const {
  // The request socket of a passive open counts its SYN,ACKs (reqsk_timer_handler); RFC 9293
  // counts every resend.
  if (state_ == TcpState::SynReceived || !profile_->retries_timed_by_clock)
    return retransmit_backoffs_ >= retry_limit();
  // SYN-SENT: the count, then the clock from the first SYN (or the user timeout).
  if (state_ == TcpState::SynSent) {
    if (retransmit_backoffs_ >= retry_limit()) return true;
    if (options_.user_timeout > Duration{0})
      return retransmit_backoffs_ > 0 && now - first_syn_at_ >= options_.user_timeout;
    return retries_timed_out(now);
  }
  // Synchronized: a time only, tcp_retries2 (tcp_orphan_retries once closed) back-offs from
  // TCP_RTO_MIN, or the user timeout, since the first resend.
  return retransmits_timed_out(now, first_resend_, retry_limit(), profile_->rto_min,
                               profile_->rto_max, options_.user_timeout);
}

void Endpoint::give_up(StateCause cause, std::uint32_t count, Effects& fx) {
  fx.error = Errno::TimedOut;
  cancel_all_timers(fx);
  enter_closed(cause, fx, count);
}

int Endpoint::retry_limit() const {
  // tcp_write_timeout: in SYN-SENT the linear resends come on top of tcp_syn_retries.
  if (state_ == TcpState::SynSent) return profile_->syn_retries + profile_->syn_linear_timeouts;
  if (state_ == TcpState::SynReceived) return profile_->synack_retries;
  if (orphaned_) return profile_->orphan_retries;
  return profile_->data_retries;
}

bool Endpoint::retries_timed_out(Instant now) const {
  // tcp_write_timeout -> retransmits_timed_out: besides counting, Linux gives up once the time
  // since the first SYN reaches what tcp_syn_retries resends would take, doubling from the
  // initial RTO (tcp_model_timeout): (2^(N+1) - 1) s below the RTO cap. With linear timeouts
  // this can come before the count does.
  if (!profile_->retries_timed_by_clock || state_ != TcpState::SynSent || retransmit_backoffs_ == 0)
    return false;
  return now - first_syn_at_ >=
         model_timeout(profile_->syn_retries, profile_->rto_initial, profile_->rto_max);
}

int Endpoint::rto_doublings() const {
  // tcp_retransmit_timer: a SYN-SENT socket doubles its RTO only once it has resent more than
  // tcp_syn_linear_timeouts times (total_rto > the sysctl); every other resend doubles it.
  if (state_ == TcpState::SynSent)
    return std::max(0, retransmit_backoffs_ - profile_->syn_linear_timeouts);
  return retransmit_backoffs_;
}

void Endpoint::arm_retransmit(Instant now, Effects& fx) {
  if (retransmit_deadline_ || loss_probe_deadline_) return;
  retransmit_deadline_ = now + rtt_.rto(rto_doublings());
  fx.timers.push_back(
      {TimerKind::Retransmit, TimerAction::Armed, *retransmit_deadline_, retransmit_backoffs_});
}

void Endpoint::restart_retransmit(Instant now, Effects& fx) {
  cancel_loss_probe(fx);
  retransmit_deadline_.reset();
  reorder_timer_ = false;
  arm_retransmit(now, fx);
}

void Endpoint::cancel_retransmit(Effects& fx) {
  if (!retransmit_deadline_) return;
  fx.timers.push_back(
      {TimerKind::Retransmit, TimerAction::Cancelled, *retransmit_deadline_, retransmit_backoffs_});
  retransmit_deadline_.reset();
  reorder_timer_ = false;
}

void Endpoint::cancel_delayed_ack(Effects& fx) {
  if (!delayed_ack_deadline_) return;
  fx.timers.push_back({TimerKind::DelayedAck, TimerAction::Cancelled, *delayed_ack_deadline_, 0});
  delayed_ack_deadline_.reset();
}

void Endpoint::arm_fin_wait2(Instant now, Effects& fx) {
  if (profile_->fin_wait2_timeout <= Duration{0} || fin_wait2_deadline_) return;
  fin_wait2_deadline_ = now + profile_->fin_wait2_timeout;
  fx.timers.push_back({TimerKind::FinWait2, TimerAction::Armed, *fin_wait2_deadline_, 0});
}

void Endpoint::cancel_all_timers(Effects& fx) {
  cancel_retransmit(fx);
  cancel_loss_probe(fx);
  cancel_persist(fx);
  cancel_keepalive(fx);
  cancel_delayed_ack(fx);
  if (fin_wait2_deadline_) {
    fx.timers.push_back({TimerKind::FinWait2, TimerAction::Cancelled, *fin_wait2_deadline_, 0});
    fin_wait2_deadline_.reset();
  }
}

// ---------------------------------------------------------------------------------------------
// Application calls

void Endpoint::send(Instant now, std::string_view data, Effects& fx) {
  restart_window_after_idle(now);
  send_buffer_ += data;
  transmit_pending(now, fx);
}

// tcp_skb_entail -> tcp_slow_start_after_idle_check: data queued with nothing in flight, more
// than one RTO after data was last sent, finds a window that may no longer fit the path.
void Endpoint::restart_window_after_idle(Instant now) {
  if (!profile_->slow_start_after_idle || !is_synchronized(state_)) return;
  if (scoreboard_.packets_out(snd_una_, send_mss()) != 0) return;
  const std::optional<Instant> last_sent = acks_.last_data_sent();
  if (!last_sent) return;
  const Duration rto = rtt_.rto(rto_doublings());
  if (now - *last_sent <= rto) return;
  cwnd_.restart_after_idle(now - *last_sent, rto,
                           initial_window_segments(profile_->initial_cwnd, send_mss()));
}

void Endpoint::set_nodelay(Instant now, bool on, Effects& fx) {
  nodelay_ = on;
  if (on) transmit_pending(now, fx);
}

void Endpoint::set_options(Instant now, const SocketOptions& options, Effects& fx) {
  const SocketOptions before = options_;
  options_ = options;
  const bool running = is_synchronized(state_) && state_ != TcpState::TimeWait &&
                       state_ != TcpState::SynReceived;
  if (running && options.keepalive != before.keepalive) {
    // tcp_set_keepalive: on, the timer starts a whole idle time from now; off, it stops.
    if (options.keepalive) {
      arm_keepalive(now + keepalive_times(options_, *profile_).idle, fx);
    } else {
      cancel_keepalive(fx);
    }
  } else if (running && options.keepalive && options.keepalive_idle != before.keepalive_idle) {
    // tcp_sock_set_keepidle_locked: the new idle time counts from when the peer was last heard.
    const Duration idle = keepalive_times(options_, *profile_).idle;
    arm_keepalive(now + std::max(Duration{0}, idle - (now - last_heard_)), fx);
  }
  // __tcp_sock_set_cork(false): what the cork held leaves (tcp_push_pending_frames).
  if (before.cork && !options.cork) transmit_pending(now, fx);
}

void Endpoint::set_quickack(Instant now, bool on, Effects& fx) {
  if (!on) {
    acks_.enter_pingpong();  // __tcp_sock_set_quickack(0)
    return;
  }
  acks_.exit_pingpong();
  // An owed ACK is treated as pushed and leaves now if the buffer was read (tcp_cleanup_rbuf).
  if ((state_ == TcpState::Established || state_ == TcpState::CloseWait) && acks_.scheduled()) {
    acks_.mark_pushed();
    if (acks_.ack_after_read(static_cast<std::uint32_t>(rcv_nxt_ - rcv_wup_), 1,
                             receive_buffer_.size()))
      send_ack(now, fx);
  }
}

std::string Endpoint::read(Instant now, std::size_t max, Effects& fx) {
  const std::size_t n = std::min(max, receive_buffer_.size());
  std::string out = receive_buffer_.substr(0, n);
  receive_buffer_.erase(0, n);
  // tcp_cleanup_rbuf: the read may be the moment to send an ACK that was waiting.
  if (is_synchronized(state_) && state_ != TcpState::TimeWait &&
      acks_.ack_after_read(static_cast<std::uint32_t>(rcv_nxt_ - rcv_wup_), n,
                           receive_buffer_.size())) {
    send_ack(now, fx);
  }
  return out;
}

void Endpoint::queue_fin(Instant now, bool by_close, Effects& fx) {
  write_shut_ = true;
  switch (state_) {
    case TcpState::SynSent:
      // CLOSE in SYN-SENT: delete the TCB (§3.10.4); no FIN was ever possible.
      cancel_all_timers(fx);
      enter_closed(by_close ? StateCause::CloseInSynSent : StateCause::ShutdownInSynSent, fx);
      return;
    case TcpState::SynReceived:
    case TcpState::Established:
      // ESTABLISHED -> FIN-WAIT-1: CLOSE, snd FIN (after any queued data).
      fin_queued_ = true;
      transition(TcpState::FinWait1,
                 by_close ? StateCause::CloseSendsFin : StateCause::ShutdownSendsFin, fx);
      transmit_pending(now, fx);
      return;
    case TcpState::CloseWait:
      // CLOSE-WAIT -> LAST-ACK: CLOSE, snd FIN.
      fin_queued_ = true;
      transition(TcpState::LastAck,
                 by_close ? StateCause::CloseSendsFin : StateCause::ShutdownSendsFin, fx);
      transmit_pending(now, fx);
      return;
    default:
      return;  // the FIN is already on its way
  }
}

void Endpoint::shutdown_write(Instant now, Effects& fx) {
  queue_fin(now, /*by_close=*/false, fx);
}

void Endpoint::close(Instant now, Effects& fx) {
  orphaned_ = true;
  queue_fin(now, /*by_close=*/true, fx);
  if (state_ == TcpState::FinWait2) arm_fin_wait2(now, fx);  // shutdown() earlier, close() now
}

void Endpoint::abort(Instant now, StateCause cause, Effects& fx, std::uint32_t count) {
  orphaned_ = true;
  write_shut_ = true;
  // A RST only makes sense once the peer knows our sequence numbers (§3.10.5).
  if (state_ != TcpState::SynSent && state_ != TcpState::Closed && state_ != TcpState::Listen) {
    send_rst(now, fx);
  }
  send_buffer_.clear();
  cancel_all_timers(fx);
  enter_closed(cause, fx, count);
}

// ---------------------------------------------------------------------------------------------
// Sending

Segment Endpoint::make_segment(Instant now, TcpFlags flags) {
  Segment s;
  s.src = tuple_.local;
  s.dst = tuple_.remote;
  s.seq = snd_nxt_;
  s.ack = flags.ack() ? rcv_nxt_ : SeqNum(0);
  s.flags = flags;
  s.window = flags.syn() ? rcv_wnd() : advertised_window();  // a SYN's window is never scaled
  s.options = options_for(now, flags);
  if (!flags.syn()) dsack_.reset();  // reported once
  if (flags.ack()) {
    last_ack_sent_ = rcv_nxt_;
    rcv_wup_ = rcv_nxt_;  // tcp_select_window
    acks_.on_ack_sent();  // tcp_event_ack_sent
  }
  return s;
}

// Linux tcp_syn_options, tcp_synack_options, tcp_established_options.
TcpOptions Endpoint::options_for(Instant now, TcpFlags flags) const {
  TcpOptions o;
  if (flags.syn()) {
    // A SYN offers what the profile allows; a SYN,ACK only what the peer's SYN offered too.
    const bool synack = flags.ack();
    o.mss = profile_->mss;
    if (profile_->timestamps && (!synack || ts_on_)) {
      o.timestamps = TcpTimestamps{ts_val(now), synack ? ts_recent_ : 0};
    }
    o.sack_permitted = profile_->sack && (!synack || sack_ok_);
    if (profile_->window_scaling && (!synack || wscale_ok_)) o.window_scale = rcv_wscale_;
    return o;
  }
  // RFC 7323 §3.2: once negotiated, every segment carries the option, RSTs included
  // (tcp_send_active_reset goes through tcp_established_options).
  if (ts_on_) o.timestamps = TcpTimestamps{ts_val(now), ts_recent_};
  // RFC 2018 §4: what the reassembly queue holds, most recent first; 3 blocks fit beside the
  // timestamps, 4 without (tcp_established_options).
  // A D-SACK block goes first (RFC 2883 §4).
  if (sack_ok_ && flags.ack()) {
    const std::size_t room = ts_on_ ? 3 : 4;
    if (dsack_) o.sack.push_back(*dsack_);
    for (const SackBlock& b : out_of_order_.sack_blocks(room - o.sack.size())) o.sack.push_back(b);
  }
  return o;
}

void Endpoint::take_syn_options(const TcpOptions& peer) {
  // Active open: our SYN offered what the profile allows, the SYN,ACK says what the peer took.
  // Passive open: the SYN,ACK will answer what the SYN offered.
  ts_on_ = profile_->timestamps && peer.timestamps.has_value();
  if (ts_on_) ts_recent_ = peer.timestamps->val;
  sack_ok_ = profile_->sack && peer.sack_permitted;
  wscale_ok_ = profile_->window_scaling && peer.window_scale.has_value();
  // RFC 7323 §2.3: a shift above 14 is used as 14.
  snd_wscale_ = wscale_ok_ ? std::min<std::uint8_t>(*peer.window_scale, 14) : 0;
  if (!wscale_ok_) rcv_wscale_ = 0;
  peer_mss_ = peer.mss ? *peer.mss : kDefaultSendMss;
}

void Endpoint::update_ts_recent(const Segment& seg) {
  // RFC 7323 §4.3 (2): SEG.TSval >= TS.Recent and SEG.SEQ <= Last.ACK.sent (Linux
  // tcp_replace_ts_recent, with rcv_wup for Last.ACK.sent).
  if (!ts_on_ || !seg.options.timestamps) return;
  const std::uint32_t val = seg.options.timestamps->val;
  if (static_cast<std::int32_t>(val - ts_recent_) >= 0 && seg.seq <= last_ack_sent_) {
    ts_recent_ = val;
  }
}

void Endpoint::note_duplicate(const Segment& seg) {
  if (!sack_ok_ || !profile_->sack) return;  // tcp_is_sack && tcp_dsack
  const SeqNum end = std::min(seg.seq + seg.seq_len(), rcv_nxt_);
  dsack_ = SackBlock{seg.seq, end};
}

std::uint32_t Endpoint::ts_val(Instant now) const { return tsval_at(now, ts_offset_); }

std::uint16_t Endpoint::advertised_window() const {
  if (!wscale_ok_) return rcv_wnd();
  // tcp_select_window: rounded up to the scale's unit, then shifted.
  const std::uint32_t unit = 1u << rcv_wscale_;
  const std::uint32_t scaled = (std::uint32_t{rcv_wnd()} + unit - 1) >> rcv_wscale_;
  return static_cast<std::uint16_t>(std::min<std::uint32_t>(scaled, 0xffff));
}

std::uint32_t Endpoint::send_mss() const {
  const std::uint32_t mss = std::min<std::uint32_t>(profile_->mss, peer_mss_);
  return ts_on_ ? mss - kTimestampOptionBytes : mss;
}

void Endpoint::send_ack(Instant now, Effects& fx) {
  cancel_delayed_ack(fx);
  fx.segments.push_back({make_segment(now, TcpFlag::Ack), false});
}

void Endpoint::send_rst(Instant now, Effects& fx) {
  // RST,ACK at SND.NXT, as Linux's tcp_send_active_reset sends it ("R.").
  fx.segments.push_back({make_segment(now, TcpFlag::Rst | TcpFlag::Ack), false});
}

void Endpoint::ack_snd_check(Instant now, Effects& fx) {
  if (!acks_.scheduled() || !is_synchronized(state_) || state_ == TcpState::TimeWait) return;
  // __tcp_ack_snd_check: at once in quick-ACK mode, else delayed (AckTiming::ack_now).
  if (acks_.ack_now()) {
    send_ack(now, fx);
    return;
  }
  // tcp_send_delayed_ack: a timer already about to fire means the ACK goes now.
  const std::optional<Instant> due =
      acks_.delayed_ack_deadline(now, delayed_ack_deadline_, rtt_.srtt());
  if (!due) {
    send_ack(now, fx);
    return;
  }
  if (delayed_ack_deadline_ == due) return;
  cancel_delayed_ack(fx);
  delayed_ack_deadline_ = due;
  fx.timers.push_back({TimerKind::DelayedAck, TimerAction::Armed, *delayed_ack_deadline_, 0});
}

void Endpoint::transmit_pending(Instant now, Effects& fx, bool loss_probe) {
  if (!is_synchronized(state_) || state_ == TcpState::TimeWait) return;
  const SeqNum data_end = send_buffer_seq_ + static_cast<std::uint32_t>(send_buffer_.size());
  bool sent = false;
  bool cwnd_limited = false;
  while (snd_nxt_ < data_end) {
    const auto offset = static_cast<std::size_t>(snd_nxt_ - send_buffer_seq_);
    // tcp_cwnd_test: no more segments in flight than the congestion window.
    std::uint32_t quota = cwnd_.quota(packets_in_flight());
    if (loss_probe) quota = 1;  // "Force out a loss probe pkt."
    if (quota == 0) {
      cwnd_limited = true;
      break;
    }
    // Up to tso_segs MSS at once (a TSO segment), and no more than the window's quota
    // (tcp_mss_split_point); PSH on the write's last bytes, and on every segment of more than one
    // MSS ("Force a PSH flag on all (GSO) packets", __tcp_transmit_skb).
    const std::size_t most =
        send_mss() * std::min<std::size_t>(static_cast<std::size_t>(std::max(1, profile_->tso_segs)),
                                           quota);
    std::size_t chunk = std::min<std::size_t>(most, send_buffer_.size() - offset);
    // tcp_snd_wnd_test: the segment's first MSS must fit in the peer's window; then
    // tcp_mss_split_point cuts a larger one at the window's edge.
    const std::int32_t window_left = window_end() - snd_nxt_;
    if (window_left < static_cast<std::int32_t>(std::min<std::size_t>(chunk, send_mss()))) break;
    chunk = std::min(chunk, static_cast<std::size_t>(window_left));
    // tcp_mss_split_point: a segment of several MSS that ends the queue leaves its partial MSS
    // behind when Nagle or the cork would hold that alone.
    if (chunk > send_mss() && offset + chunk == send_buffer_.size() &&
        !(fin_queued_ && !fin_sent_)) {
      const std::size_t partial = chunk % send_mss();
      if (partial > 0 && nagle_holds(partial)) chunk -= partial;
    }
    const bool last = offset + chunk == send_buffer_.size();
    TcpFlags flags = TcpFlag::Ack;
    if (last || chunk > send_mss()) flags = flags | TcpFlag::Psh;
    if (last && fin_queued_ && !fin_sent_) flags = flags | TcpFlag::Fin;  // FIN rides on the data
    // Nagle never holds a segment that carries the FIN (tcp_nagle_test).
    if (!flags.fin() && !loss_probe && nagle_holds(chunk)) break;
    Segment s = make_segment(now, flags);
    s.payload = send_buffer_.substr(offset, chunk);
    cancel_delayed_ack(fx);
    acks_.on_data_sent(now);  // tcp_event_data_sent: an answer may make us interactive
    fx.segments.push_back({s, false});
    scoreboard_.on_sent(s.seq, static_cast<std::uint32_t>(chunk) + (flags.fin() ? 1 : 0), flags,
                        now);
    if (in_recovery_)  // tp->prr_out, in segments
      cwnd_.on_sent_in_recovery(static_cast<std::uint32_t>((chunk + send_mss() - 1) / send_mss()));
    snd_nxt_ += static_cast<std::uint32_t>(chunk);
    if (flags.fin()) {
      fin_seq_ = snd_nxt_;
      snd_nxt_ += 1;
      fin_sent_ = true;
    }
    if (chunk < send_mss()) last_small_end_ = snd_nxt_;  // tcp_minshall_update
    sent = true;
    if (loss_probe) break;
  }
  // A FIN alone takes one sequence number, so it too waits for the window (tcp_snd_wnd_test), and
  // is one segment for the congestion window.
  const bool fin_may_go = snd_nxt_ == data_end && !(loss_probe && sent) &&
                          (loss_probe || cwnd_.quota(packets_in_flight()) > 0);
  if (fin_queued_ && !fin_sent_ && snd_nxt_ == data_end && !fin_may_go) cwnd_limited = true;
  if (fin_queued_ && !fin_sent_ && fin_may_go && snd_nxt_ < window_end()) {
    cancel_delayed_ack(fx);  // the FIN carries the ACK a delayed ACK was waiting to send
    fx.segments.push_back({make_segment(now, TcpFlag::Fin | TcpFlag::Ack), false});
    fin_seq_ = snd_nxt_;
    snd_nxt_ += 1;
    fin_sent_ = true;
    sent = true;
  }
  // tcp_write_xmit -> tcp_cwnd_validate.
  cwnd_limited = cwnd_limited || packets_in_flight() >= cwnd_.cwnd();
  if (sent || cwnd_limited) {
    cwnd_.on_transmit(cwnd_limited, scoreboard_.packets_out(snd_una_, send_mss()), snd_una_,
                      snd_nxt_);
  }
  if (sent) {
    if (!timed_seq_) {
      timed_seq_ = snd_nxt_;
      timed_at_ = now;
    }
    cancel_persist(fx);  // the retransmit timer takes its place (one icsk timer slot)
    // tcp_write_xmit: new data out, the loss probe is (re)armed, else the RTO; a probe's own
    // segment leaves the timer to tcp_send_loss_probe.
    if (!loss_probe && !schedule_loss_probe(now, false, fx)) arm_retransmit(now, fx);
  } else if (snd_una_ == snd_nxt_ && has_unsent()) {
    arm_persist(now, fx);  // tcp_check_probe_timer: nothing in flight will bring a window
  }
}

bool Endpoint::has_unsent() const {
  const SeqNum data_end = send_buffer_seq_ + static_cast<std::uint32_t>(send_buffer_.size());
  return snd_nxt_ < data_end || (fin_queued_ && !fin_sent_);
}

// tcp_probe0_when: the RTO (at least TCP_RTO_MIN) doubled per unanswered probe, at most
// TCP_RTO_MAX.
Duration Endpoint::persist_interval() const {
  return std::max(rtt_.rto(persist_backoffs_), profile_->rto_min);
}

void Endpoint::arm_persist(Instant now, Effects& fx) {
  if (persist_deadline_ || retransmit_deadline_ || loss_probe_deadline_) return;
  persist_deadline_ = now + clamp_probe0_to_user_timeout(persist_interval(), now, first_probe_,
                                                         options_.user_timeout,
                                                         profile_->timeout_min);
  fx.timers.push_back({TimerKind::Persist, TimerAction::Armed, *persist_deadline_, persist_backoffs_});
}

void Endpoint::cancel_persist(Effects& fx) {
  persist_backoffs_ = 0;
  probes_unanswered_ = 0;
  first_probe_.reset();
  if (!persist_deadline_) return;
  fx.timers.push_back({TimerKind::Persist, TimerAction::Cancelled, *persist_deadline_, 0});
  persist_deadline_.reset();
}

// tcp_probe_timer and tcp_send_probe0.
void Endpoint::on_persist_timeout(Instant now, Effects& fx) {
  fx.timers.push_back({TimerKind::Persist, TimerAction::Fired, *persist_deadline_, persist_backoffs_});
  persist_deadline_.reset();
  if (snd_una_ < snd_nxt_ || !has_unsent()) {
    cancel_persist(fx);
    return;
  }
  // RFC 1122 §4.2.2.17: probe for as long as the peer answers; tcp_retries2 unanswered probes
  // (tcp_orphan_retries once closed) and the connection is given up, without an RST
  // (tcp_write_err). A user timeout counts from the first probe, answered or not.
  if (!first_probe_) {
    first_probe_ = now;
  } else if (options_.user_timeout > Duration{0} && now - *first_probe_ >= options_.user_timeout) {
    give_up(StateCause::UserTimeout, user_timeout_ms(), fx);
    return;
  }
  const int max_probes = orphaned_ ? profile_->orphan_retries : profile_->data_retries;
  if (probes_unanswered_ >= max_probes) {
    give_up(StateCause::ZeroWindowProbeLimit, static_cast<std::uint32_t>(max_probes), fx);
    return;
  }
  send_window_probe(now, fx);
  if (snd_una_ < snd_nxt_) {  // data went out: the retransmit timer watches it now
    cancel_persist(fx);
    return;
  }
  ++probes_unanswered_;
  if (persist_backoffs_ < profile_->data_retries) ++persist_backoffs_;
  arm_persist(now, fx);
}

// tcp_write_wakeup: what fits of a window the peer opened too little for a full segment (with
// PSH), or else a zero-length ACK one below SND.UNA, which the peer must answer with its window
// (tcp_xmit_probe_skb).
void Endpoint::send_window_probe(Instant now, Effects& fx) {
  const SeqNum data_end = send_buffer_seq_ + static_cast<std::uint32_t>(send_buffer_.size());
  if (snd_nxt_ < data_end && snd_nxt_ < window_end()) {
    const auto offset = static_cast<std::size_t>(snd_nxt_ - send_buffer_seq_);
    const std::size_t chunk = std::min<std::size_t>(
        {send_mss(), send_buffer_.size() - offset, static_cast<std::size_t>(window_end() - snd_nxt_)});
    Segment s = make_segment(now, TcpFlag::Ack | TcpFlag::Psh);
    s.payload = send_buffer_.substr(offset, chunk);
    cancel_delayed_ack(fx);
    acks_.on_data_sent(now);
    fx.segments.push_back({s, false});
    scoreboard_.on_sent(s.seq, static_cast<std::uint32_t>(chunk), s.flags, now);
    snd_nxt_ += static_cast<std::uint32_t>(chunk);
    if (!timed_seq_) {
      timed_seq_ = snd_nxt_;
      timed_at_ = now;
    }
    arm_retransmit(now, fx);
    return;
  }
  send_probe_ack(now, fx);
}

void Endpoint::send_probe_ack(Instant now, Effects& fx) {
  Segment probe = make_segment(now, TcpFlag::Ack);
  probe.seq = snd_una_ - 1;
  fx.segments.push_back({probe, false});
}

// ---------------------------------------------------------------------------------------------
// Keep-alive (keepalive.h)

void Endpoint::on_established(Instant now, Effects& fx) {
  last_heard_ = now;
  if (options_.keepalive) arm_keepalive(now + keepalive_times(options_, *profile_).idle, fx);
}

void Endpoint::arm_keepalive(Instant at, Effects& fx) {
  cancel_keepalive(fx);
  keepalive_deadline_ = at;
  fx.timers.push_back({TimerKind::Keepalive, TimerAction::Armed, at, probes_unanswered_});
}

void Endpoint::cancel_keepalive(Effects& fx) {
  if (!keepalive_deadline_) return;
  fx.timers.push_back({TimerKind::Keepalive, TimerAction::Cancelled, *keepalive_deadline_, 0});
  keepalive_deadline_.reset();
}

// tcp_keepalive_timer.
void Endpoint::on_keepalive_timeout(Instant now, Effects& fx) {
  fx.timers.push_back(
      {TimerKind::Keepalive, TimerAction::Fired, *keepalive_deadline_, probes_unanswered_});
  keepalive_deadline_.reset();
  if (!options_.keepalive || !is_synchronized(state_) || state_ == TcpState::TimeWait) return;
  // An orphaned FIN-WAIT-2 socket's timer is tcp_fin_timeout's, not keepalive's.
  if (orphaned_ && state_ == TcpState::FinWait2) return;
  const KeepaliveTimes times = keepalive_times(options_, *profile_);
  const bool busy = snd_una_ != snd_nxt_ || has_unsent();
  const KeepaliveDecision d =
      keepalive_decide(busy, now - last_heard_, probes_unanswered_, times, options_.user_timeout);
  switch (d.step) {
    case KeepaliveStep::GiveUp: {
      // tcp_send_active_reset, then tcp_write_err: the peer is told, the application hears
      // ETIMEDOUT.
      const auto probes = static_cast<std::uint32_t>(probes_unanswered_);
      send_rst(now, fx);
      give_up(StateCause::KeepaliveTimeout, probes, fx);
      return;
    }
    case KeepaliveStep::Probe:
      send_probe_ack(now, fx);  // tcp_write_wakeup: nothing is waiting to be sent
      ++probes_unanswered_;
      break;
    case KeepaliveStep::Wait:
      break;
  }
  arm_keepalive(now + d.next, fx);
}

// tcp_ack_probe: an ACK while nothing is in flight. If the window now takes the next segment,
// probing is over (the data follows from transmit_pending); else the next probe waits a full,
// backed-off interval from now.
void Endpoint::on_ack_while_persisting(Instant now, Effects& fx) {
  if (!has_unsent()) return;
  const SeqNum data_end = send_buffer_seq_ + static_cast<std::uint32_t>(send_buffer_.size());
  const std::uint32_t head = snd_nxt_ < data_end
                                 ? static_cast<std::uint32_t>(std::min<std::int32_t>(
                                       data_end - snd_nxt_, static_cast<std::int32_t>(send_mss())))
                                 : 1;  // the FIN alone
  if (snd_nxt_ + head <= window_end()) {
    cancel_persist(fx);
    return;
  }
  if (!persist_deadline_) return;
  const Instant armed_for = *persist_deadline_;
  fx.timers.push_back({TimerKind::Persist, TimerAction::Cancelled, armed_for, persist_backoffs_});
  persist_deadline_ = now + clamp_probe0_to_user_timeout(persist_interval(), now, first_probe_,
                                                         options_.user_timeout,
                                                         profile_->timeout_min);
  fx.timers.push_back({TimerKind::Persist, TimerAction::Armed, *persist_deadline_, persist_backoffs_});
}

bool Endpoint::nagle_holds(std::size_t payload) const {
  if (payload >= send_mss()) return false;
  // TCP_CORK holds every partial segment, whatever is in flight (tcp_nagle_check's
  // TCP_NAGLE_CORK); the persist timer sends it if the cork stays (tcp_check_probe_timer).
  if (options_.cork) return true;
  if (!profile_->nagle || nodelay_) return false;
  if (snd_una_ == snd_nxt_) return false;  // nothing in flight: send at once
  // RFC 896 / RFC 9293 §3.7.4: hold while any sent data is unacknowledged.
  if (!profile_->nagle_minshall) return true;
  // tcp_minshall_check: hold while the last small segment sent is unacknowledged.
  return snd_una_ < last_small_end_ && last_small_end_ <= snd_nxt_;
}

void Endpoint::retransmit(Instant now, Effects& fx) {
  if (snd_una_ == iss_) {
    // Our SYN is unacknowledged: send it (or the SYN,ACK) again.
    Segment syn = make_segment(
        now, state_ == TcpState::SynSent ? TcpFlags(TcpFlag::Syn) : TcpFlag::Syn | TcpFlag::Ack);
    syn.seq = iss_;
    fx.segments.push_back({syn, true});
    return;
  }
  // Go back to SND.UNA: the first unacknowledged data, and the FIN if it fits behind it.
  const auto offset = static_cast<std::size_t>(std::max(0, snd_una_ - send_buffer_seq_));
  const SeqNum data_end = send_buffer_seq_ + static_cast<std::uint32_t>(send_buffer_.size());
  const std::size_t unacked = snd_una_ < data_end ? send_buffer_.size() - offset : 0;
  const std::size_t chunk = std::min<std::size_t>(send_mss(), unacked);
  TcpFlags flags = TcpFlag::Ack;
  if (chunk > 0 && chunk == unacked) flags = flags | TcpFlag::Psh;
  if (fin_sent_ && chunk == unacked) flags = flags | TcpFlag::Fin;
  if (chunk == 0 && !flags.fin()) return;
  // tcp_retransmit_skb: the head goes as it was first sent (PSH where its write ended).
  // A FIN sent alone behind it joins it (tcp_retrans_try_collapse).
  if (const auto sent_with = chunk > 0 ? scoreboard_.head_flags(snd_una_, send_mss()) : std::nullopt)
    flags = flags.fin() ? *sent_with | TcpFlag::Fin : *sent_with;
  Segment s = make_segment(now, flags);
  s.seq = snd_una_;
  s.payload = send_buffer_.substr(offset, chunk);
  cancel_delayed_ack(fx);
  if (chunk > 0) acks_.on_data_sent(now);  // tcp_transmit_skb -> tcp_event_data_sent
  fx.segments.push_back({s, true});
}

// ---------------------------------------------------------------------------------------------
// State changes

void Endpoint::transition(TcpState to, StateCause cause, Effects& fx, std::uint32_t count) {
  if (to == state_) return;
  fx.states.push_back({state_, to, cause, count});
  state_ = to;
}

void Endpoint::enter_closed(StateCause cause, Effects& fx, std::uint32_t count) {
  cancel_all_timers(fx);
  transition(TcpState::Closed, cause, fx, count);
}

}  // namespace tcplab
