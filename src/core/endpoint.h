#pragma once
// One end of one TCP connection: the transmission control block of RFC 9293 §3.3.1 and the
// event processing of §3.10. Pure: time and input come in, Effects go out; no clock, no I/O.
// LISTEN lives in the host (a listener is a port-table entry with a queue); TIME-WAIT lives in
// a TimeWaitRecord (time_wait.h) once the endpoint reaches it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ack_timing.h"
#include "core/address.h"
#include "core/congestion_window.h"
#include "core/effects.h"
#include "core/profile.h"
#include "core/reassembly.h"
#include "core/rtt_estimator.h"
#include "core/sack_scoreboard.h"
#include "core/segment.h"
#include "core/seq.h"
#include "core/socket_options.h"
#include "core/tcp_state.h"
#include "core/time.h"

namespace tcplab {

// RFC 9293 §3.7.1: the send MSS when the peer's SYN carried no MSS option (Linux TCP_MSS_DEFAULT).
inline constexpr std::uint16_t kDefaultSendMss = 536;

class Endpoint {
 public:
  // Active open (RFC 9293 §3.10.1): CLOSED -> SYN-SENT, a SYN goes out.
  static Endpoint open_active(Instant now, const Profile& profile, const FourTuple& tuple,
                              SeqNum iss, Effects& fx);
  // Passive open: a listener received `syn`; the new connection starts in SYN-RECEIVED and
  // answers with SYN-ACK (§3.10.7.2, "third check for a SYN").
  static Endpoint open_passive(Instant now, const Profile& profile, const Segment& syn, SeqNum iss,
                               Effects& fx);

  // SEGMENT ARRIVES (§3.10.7).
  void on_segment(Instant now, const Segment& seg, Effects& fx);
  // Any timer whose deadline is <= now fires.
  void on_timer(Instant now, Effects& fx);
  // The earliest pending deadline (smoltcp's poll_at), or nullopt when no timer is armed.
  std::optional<Instant> poll_at() const;

  // SEND (§3.10.2): queue bytes and transmit what the state allows.
  void send(Instant now, std::string_view data, Effects& fx);
  // TCP_NODELAY: small segments no longer wait for the ACK of sent data (Nagle off). Setting it
  // sends what Nagle was holding at once (Linux __tcp_sock_set_nodelay -> tcp_push_pending_frames).
  void set_nodelay(Instant now, bool on, Effects& fx);
  bool nodelay() const { return nodelay_; }
  // TCP_QUICKACK: on leaves pingpong mode and sends an owed ACK now; off enters pingpong mode
  // (Linux __tcp_sock_set_quickack).
  void set_quickack(Instant now, bool on, Effects& fx);
  bool in_pingpong() const { return acks_.in_pingpong(); }
  // setsockopt() of the options in SocketOptions; what changes takes effect at once.
  void set_options(Instant now, const SocketOptions& options, Effects& fx);
  const SocketOptions& options() const { return options_; }
  int quick_acks_left() const { return acks_.quick_acks_left(); }
  Duration ato() const { return acks_.ato(); }
  // RECEIVE (§3.10.3): take up to `max` bytes the peer sent and the application has not read.
  // Reading may send an ACK that was waiting (Linux tcp_cleanup_rbuf).
  std::string read(Instant now, std::size_t max, Effects& fx);
  // CLOSE of the sending direction (shutdown(SHUT_WR)): a FIN follows the queued data (§3.10.4).
  void shutdown_write(Instant now, Effects& fx);
  // shutdown(SHUT_RD) (Linux RCV_SHUTDOWN): nothing is sent, but from FIN-WAIT on, new data is
  // answered with RST as it is after close() (tcp_rcv_state_process).
  void shutdown_read() { read_shut_ = true; }
  // close(): like shutdown_write, and the application lets go of the socket (it becomes an
  // orphan: tcp_fin_timeout and orphan retries apply, late data is answered with RST).
  void close(Instant now, Effects& fx);
  // ABORT (§3.10.5): RST if synchronized, then CLOSED. `cause` says why (SO_LINGER 0, unread data);
  // `count` goes with it (the unread bytes).
  void abort(Instant now, StateCause cause, Effects& fx, std::uint32_t count = 0);

  TcpState state() const { return state_; }
  const FourTuple& tuple() const { return tuple_; }
  bool orphaned() const { return orphaned_; }
  bool write_shut() const { return write_shut_; }
  bool peer_fin_received() const { return fin_received_in(state_); }
  // The peer's FIN was received at some point, even if an RST came after it (Linux's SOCK_DONE,
  // set by tcp_fin(): recv() then returns 0, never the reset's error).
  bool peer_fin_seen() const { return peer_fin_seen_; }
  // close() with SO_LINGER waits while the FIN is unacknowledged (sk_stream_wait_close's
  // closing(): FIN-WAIT-1, CLOSING, LAST-ACK).
  bool fin_unacknowledged() const {
    return state_ == TcpState::FinWait1 || state_ == TcpState::Closing ||
           state_ == TcpState::LastAck;
  }
  std::size_t unread_bytes() const { return receive_buffer_.size(); }
  std::size_t unsent_or_unacked_bytes() const { return send_buffer_.size(); }
  // SIOCOUTQ: Linux's write_seq - snd_una, the bytes written and not yet acknowledged, and the
  // FIN's sequence number once close() or shutdown() queued it (tcp_send_fin advances write_seq).
  std::size_t unacknowledged_bytes() const {
    const bool fin_unacked = fin_queued_ && !(fin_sent_ && fin_seq_ < snd_una_);
    return send_buffer_.size() + (fin_unacked ? 1 : 0);
  }

  SeqNum iss() const { return iss_; }
  SeqNum irs() const { return irs_; }
  SeqNum snd_una() const { return snd_una_; }
  SeqNum snd_nxt() const { return snd_nxt_; }
  SeqNum rcv_nxt() const { return rcv_nxt_; }
  std::uint16_t rcv_wnd() const { return profile_->window; }
  // The window field of a non-SYN segment: RCV.WND shifted by our window scale (RFC 7323 §2.3).
  std::uint16_t advertised_window() const;
  // Payload bytes per data segment: the smaller MSS of the two sides, less the timestamp option
  // that rides on every segment (Linux tcp_current_mss).
  std::uint32_t send_mss() const;

  // Timestamps (RFC 7323): on for this connection once both SYNs carried the option.
  bool timestamps_on() const { return ts_on_; }
  std::uint32_t ts_recent() const { return ts_recent_; }
  // Our TSval at `now`: a 1 ms clock plus a per-connection offset (Linux tcp_time_stamp_ms(tp)
  // + tp->tsoffset).
  std::uint32_t ts_val(Instant now) const;
  std::uint32_t ts_offset() const { return ts_offset_; }

 private:
  Endpoint(const Profile& profile, const FourTuple& tuple, SeqNum iss);

  // Segment processing for SYN-SENT (§3.10.7.3) and for the synchronized states (§3.10.7.4).
  void on_segment_syn_sent(Instant now, const Segment& seg, Effects& fx);
  void on_segment_synchronized(Instant now, const Segment& seg, Effects& fx);
  bool acceptable(const Segment& seg) const;
  void process_rst(Instant now, const Segment& seg, Effects& fx);
  std::optional<VerdictCode> paws_verdict(const Segment& seg) const;
  void answer_out_of_window(Instant now, const Segment& seg, VerdictCode decision,
                            VerdictArgs numbers, Effects& fx);
  // Returns false when processing of the segment must stop.
  bool process_ack(Instant now, const Segment& seg, Effects& fx);
  void process_text_and_fin(Instant now, Segment seg, Effects& fx);
  void on_our_fin_acked(Instant now, bool peer_fin_too, Effects& fx);

  void transition(TcpState to, StateCause cause, Effects& fx, std::uint32_t count = 0);
  void enter_closed(StateCause cause, Effects& fx, std::uint32_t count = 0);
  // Every segment this endpoint sends is built here, options included.
  Segment make_segment(Instant now, TcpFlags flags);
  TcpOptions options_for(Instant now, TcpFlags flags) const;
  // The peer's SYN (or SYN,ACK): which options both sides now use (RFC 7323 §2.2, §3.2; RFC 2018
  // §2; RFC 9293 §3.7.1).
  void take_syn_options(const TcpOptions& peer);
  // RFC 7323 §4.3 (2): remember the peer's TSval for our echo.
  void update_ts_recent(const Segment& seg);
  // tcp_dsack_set: the part of `seg` below RCV.NXT was received before.
  void note_duplicate(const Segment& seg);
  void send_ack(Instant now, Effects& fx);
  void send_rst(Instant now, Effects& fx);
  // An ACK is owed: send it now or arm the delayed-ACK timer (tcp_ack_snd_check).
  void ack_snd_check(Instant now, Effects& fx);
  // New data, then the FIN once data is out. `loss_probe`: one segment only, even if the
  // congestion window is full and Nagle would hold it (tcp_write_xmit with push_one = 2).
  void transmit_pending(Instant now, Effects& fx, bool loss_probe = false);
  void restart_window_after_idle(Instant now);
  // Nagle's algorithm (RFC 896, RFC 9293 §3.7.4; Linux tcp_nagle_test): may a data segment of
  // `payload` bytes, the last of the queue and carrying no FIN, not be sent yet?
  bool nagle_holds(std::size_t payload) const;
  void retransmit(Instant now, Effects& fx);
  // Loss recovery on an ACK (Linux tcp_fastretrans_alert): the scoreboard decides what is lost,
  // and only that is sent again, by retransmit_lost (tcp_xmit_retransmit_queue), once PRR has set
  // the window. Returns how many segments it marked lost.
  int detect_loss(Instant now, const Segment& seg, bool snd_una_advanced, bool window_update,
                  Effects& fx);
  // tcp_enter_recovery: fast recovery begins, and PRR with it.
  void enter_recovery();
  // As far as the congestion window lets them go (tcp_xmit_retransmit_queue's
  // tcp_packets_in_flight test): after an RTO and in fast recovery (PRR).
  void retransmit_lost(Instant now, Effects& fx);
  // RACK's reordering timer (tcp_rack_mark_lost): Linux runs it on the retransmission timer
  // (ICSK_TIME_REO_TIMEOUT), and so does the model.
  void arm_reorder_timer(Instant now, Duration wait, Effects& fx);
  void on_reorder_timeout(Instant now, Effects& fx);
  void queue_fin(Instant now, bool by_close, Effects& fx);  // close() or shutdown(SHUT_WR)
  // tcp_init_transfer: the congestion window starts once the connection is established by
  // `ack`; one segment if the handshake was lost (handshake_was_lost).
  void start_congestion_window(const Segment& ack);
  bool handshake_was_lost(const Segment& ack) const;
  std::uint32_t packets_in_flight() const;
  // tcp_cong_control on an ACK: Reno grows the window by what the ACK delivered.
  void grow_congestion_window(std::uint32_t delivered, bool data_acked);

  // The tail loss probe (RFC 8985 §7; tcp_schedule_loss_probe): armed in the retransmission
  // timer's place (one icsk timer slot) when new data left or an ACK advanced, with SACK, while
  // nothing is SACKed or lost; false when it does not apply. `advancing_rto`: an ACK moved
  // SND.UNA, so the RTO it must not outlast is a whole RTO from now.
  bool schedule_loss_probe(Instant now, bool advancing_rto, Effects& fx);
  void cancel_loss_probe(Effects& fx);
  // tcp_send_loss_probe: new data if the window takes it, else the last segment again; then the
  // RTO, a whole one from now.
  void on_loss_probe_timeout(Instant now, Effects& fx);
  bool resend_last_segment(Instant now, Effects& fx);
  // tcp_process_tlp_ack: what an ACK says of the probe outstanding.
  void process_tlp_ack(const Segment& seg, bool snd_una_advanced, bool window_update);
  // Loss probes apply to this connection: the profile has them and SACK was agreed.
  bool probes_tail() const;
  // tp->packets_out: segments sent and not cumulatively ACKed, a FIN sent alone included.
  std::uint32_t packets_out() const;
  void arm_retransmit(Instant now, Effects& fx);
  void restart_retransmit(Instant now, Effects& fx);
  void cancel_retransmit(Effects& fx);
  void cancel_delayed_ack(Effects& fx);
  void arm_fin_wait2(Instant now, Effects& fx);
  void cancel_all_timers(Effects& fx);
  int retry_limit() const;
  // tcp_may_update_window: whether this ACK may set SND.WND.
  bool may_update_window(const Segment& seg) const;
  // The window's right edge, SND.UNA + SND.WND (tcp_wnd_end).
  SeqNum window_end() const { return snd_una_ + snd_wnd_; }
  // The persist timer's verbs: armed when data waits for a closed window and nothing is in
  // flight (tcp_check_probe_timer); what it sends when it fires (tcp_send_probe0); and what an
  // ACK does to it (tcp_ack_probe).
  void arm_persist(Instant now, Effects& fx);
  void cancel_persist(Effects& fx);
  void on_persist_timeout(Instant now, Effects& fx);
  void on_ack_while_persisting(Instant now, Effects& fx);
  void send_window_probe(Instant now, Effects& fx);
  // A bare ACK one below SND.UNA, which the peer must answer (tcp_xmit_probe_skb): a zero-window
  // probe and a keepalive probe alike.
  void send_probe_ack(Instant now, Effects& fx);
  // The keepalive timer (keepalive.h): armed at ESTABLISHED or when SO_KEEPALIVE is set, fired
  // to probe an idle peer.
  void arm_keepalive(Instant at, Effects& fx);
  void cancel_keepalive(Effects& fx);
  void on_keepalive_timeout(Instant now, Effects& fx);
  // The connection became ESTABLISHED: the keepalive timer starts (tcp_finish_connect,
  // tcp_create_openreq_child).
  void on_established(Instant now, Effects& fx);
  // Data or a FIN the application gave that has not been sent yet (tcp_send_head).
  bool has_unsent() const;
  Duration persist_interval() const;
  // How many times the RTO has doubled so far (RFC 6298 §5.5; Linux's icsk_backoff).
  int rto_doublings() const;
  // Whether SYN-SENT has run out of time, whatever the count (Linux retransmits_timed_out).
  bool retries_timed_out(Instant now) const;
  // tcp_write_timeout: whether the retransmission timer, firing now, gives the connection up.
  bool write_timed_out(Instant now) const;
  // tcp_write_err: the connection is given up with ETIMEDOUT (no RST), `cause` says which limit.
  void give_up(StateCause cause, std::uint32_t count, Effects& fx);
  std::uint32_t user_timeout_ms() const {
    return static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(options_.user_timeout).count());
  }

  const Profile* profile_;
  FourTuple tuple_;
  TcpState state_ = TcpState::Closed;

  // Send sequence variables (§3.3.1).
  SeqNum iss_;
  SeqNum snd_una_;
  SeqNum snd_nxt_;
  std::uint32_t snd_wnd_ = 0;
  // SEG.SEQ of the segment that last set SND.WND (§3.10.7.4 SND.WL1; Linux snd_wl1). Linux keeps
  // no SND.WL2: an ACK that advances SND.UNA may always set the window.
  SeqNum snd_wl1_;
  // Bytes from `send_buffer_seq_` on: sent-but-unacknowledged, then not yet sent.
  std::string send_buffer_;
  SeqNum send_buffer_seq_;
  bool fin_queued_ = false;  // the application closed its sending side
  bool fin_sent_ = false;
  SeqNum fin_seq_;  // sequence number our FIN occupies, once sent
  bool write_shut_ = false;
  bool nodelay_ = false;  // TCP_NODELAY
  SocketOptions options_;  // TCP_USER_TIMEOUT, SO_KEEPALIVE and TCP_KEEP*, TCP_CORK
  // The end of the last segment sent smaller than the MSS (Linux snd_sml, tcp_minshall_update).
  SeqNum last_small_end_;
  bool orphaned_ = false;
  bool read_shut_ = false;  // shutdown(SHUT_RD): RCV_SHUTDOWN (close() makes an orphan instead)
  SackScoreboard scoreboard_;  // data segments in flight: SACKed, lost, resent
  CongestionWindow cwnd_;      // RFC 5681: how many segments may be in flight
  int dupacks_ = 0;            // duplicate ACKs in a row, without SACK (Reno's sacked_out)
  bool in_recovery_ = false;   // fast recovery (TCP_CA_Recovery) until RecoveryPoint is ACKed
  SeqNum recovery_point_;      // SND.NXT when recovery began (RFC 6582 "recover", high_seq)
  // After an RTO (TCP_CA_Loss) until SND.UNA reaches loss_point_ (high_seq): every segment was
  // marked lost, and each ACK resends the next ones in slow start (go-back-N).
  bool in_loss_ = false;
  SeqNum loss_point_;

  // Receive sequence variables.
  SeqNum irs_;
  SeqNum rcv_nxt_;
  std::string receive_buffer_;  // in order, not yet read by the application
  ReassemblyQueue out_of_order_;  // beyond RCV.NXT, waiting for the hole (and SACKed)
  // RFC 2883 D-SACK: sequence space received twice, reported once on our next segment, first
  // (Linux tp->duplicate_sack, tcp_dsack_set; tcp_options_write clears it).
  std::optional<SackBlock> dsack_;
  SeqNum rcv_wup_;  // RCV.NXT when our last ACK left (Linux rcv_wup)
  AckTiming acks_;  // when an owed ACK leaves: quick-ACK, pingpong, the delayed-ACK timer
  bool peer_fin_seen_ = false;  // SOCK_DONE

  // Options agreed on the handshake.
  bool ts_on_ = false;
  std::uint32_t ts_recent_ = 0;  // RFC 7323 §4.3 TS.Recent
  std::uint32_t ts_offset_ = 0;
  SeqNum last_ack_sent_;  // RFC 7323 §4.3 Last.ACK.sent
  // When the last answer to an unacceptable segment left, in ms (Linux last_oow_ack_time).
  std::uint32_t last_oow_ack_ms_ = 0;
  bool sack_ok_ = false;
  bool wscale_ok_ = false;
  std::uint8_t rcv_wscale_ = 0;  // our shift (offered on our SYN)
  std::uint8_t snd_wscale_ = 0;  // the peer's shift: applied to the windows it sends
  std::uint16_t peer_mss_ = kDefaultSendMss;

  // Timers (STYLE: one tagged deadline each, with small verbs).
  RttEstimator rtt_;
  std::optional<Instant> retransmit_deadline_;
  bool reorder_timer_ = false;  // the retransmission timer is RACK's reordering timeout
  // SYNs or SYN,ACKs sent again (Linux total_retrans, a request socket's u8 num_retrans), and
  // whether a timeout sent one (undo_marker, num_timeout).
  bool handshake_timed_out_ = false;
  std::uint8_t handshake_resends_ = 0;
  int retransmit_backoffs_ = 0;
  // When the first resend of the data now unacknowledged left (Linux retrans_stamp): the user
  // timeout and tcp_retries2 count from it.
  std::optional<Instant> first_resend_;
  std::optional<Instant> delayed_ack_deadline_;
  std::optional<Instant> loss_probe_deadline_;  // ICSK_TIME_LOSS_PROBE
  std::optional<SeqNum> tlp_high_seq_;  // SND.NXT when the probe left: one at a time
  bool tlp_retrans_ = false;            // the probe resent the last segment (no new data)
  std::optional<Instant> fin_wait2_deadline_;
  // The persist timer (RFC 9293 §3.8.6.1; Linux ICSK_TIME_PROBE0): data waits for a window the
  // peer has closed and nothing is in flight to bring its update. It backs off like the RTO.
  std::optional<Instant> persist_deadline_;
  int persist_backoffs_ = 0;  // icsk_backoff while probing
  int probes_unanswered_ = 0;  // icsk_probes_out: zeroed by every ACK
  // When the persist timer first fired (icsk_probes_tstamp): the user timeout counts from it,
  // answered probes or not, until the window opens.
  std::optional<Instant> first_probe_;
  // SO_KEEPALIVE's timer, and when the peer was last heard from (Linux max(lrcvtime,
  // rcv_tstamp)): an acceptable segment with an ACK.
  std::optional<Instant> keepalive_deadline_;
  Instant last_heard_{};
  Instant first_syn_at_{};  // when our first SYN or SYN,ACK left (Linux retrans_stamp)
  // Karn's algorithm (RFC 6298 §3): one timed segment at a time, never a retransmitted one.
  std::optional<SeqNum> timed_seq_;
  Instant timed_at_;
};

}  // namespace tcplab
