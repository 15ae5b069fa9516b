#pragma once
// The sender's scoreboard: each data segment in flight, whether the peer SACKed it, whether it is
// deemed lost, whether it was sent again (RFC 6675 §3; Linux's per-skb TCPCB_SACKED_ACKED,
// TCPCB_LOST, TCPCB_SACKED_RETRANS in tcp_sacktag_write_queue). Loss is decided as Linux does:
// RACK by send time with SACK (RFC 8985 §6.2, tcp_rack_detect_loss), the head after three
// duplicate ACKs without it (RFC 6582 NewReno, tcp_newreno_mark_lost).
#include <cstdint>
#include <optional>
#include <vector>

#include "core/segment.h"
#include "core/seq.h"
#include "core/tcp_options.h"
#include "core/time.h"

namespace tcplab {

class SackScoreboard {
 public:
  struct Sent {
    SeqNum seq;
    std::uint32_t len = 0;  // sequence space: payload, plus one for a FIN
    TcpFlags flags;         // as first sent; a resend keeps them (the skb's tcp_flags)
    Instant sent_at;        // the last (re)transmission (skb_mstamp)
    bool sacked = false;
    bool lost = false;
    bool retransmitted = false;
    SeqNum end() const { return seq + len; }
  };

  // A new data segment left (tcp_event_new_data_sent).
  void on_sent(SeqNum seq, std::uint32_t len, TcpFlags flags, Instant at);
  // The cumulative ACK reached `snd_una`: segments below it leave the board (tcp_clean_rtx_queue);
  // they count as delivered for RACK.
  void on_cumulative_ack(Instant now, SeqNum snd_una);
  // The SACK blocks of an ACK (tcp_sacktag_write_queue): segments they cover are SACKed.
  void on_sack(Instant now, const SackBlocks& blocks);
  int sacked_count() const;  // tp->sacked_out

  // Counted in segments of `mss` as Linux counts them (tcp_skb_pcount: a TSO segment of n MSS is
  // n), from `snd_una` on. tp->packets_out: everything sent and not cumulatively ACKed.
  std::uint32_t packets_out(SeqNum snd_una, std::uint32_t mss) const;
  // tcp_packets_in_flight: packets_out - (SACKed + lost) + resent.
  std::uint32_t packets_in_flight(SeqNum snd_una, std::uint32_t mss) const;
  // Segments the peer does not have yet, neither ACKed nor SACKed: the drop across one ACK is
  // what it delivered (tp->delivered's growth).
  std::uint32_t packets_undelivered(SeqNum snd_una, std::uint32_t mss) const;

  // RACK with a reordering window of 0 (RFC 8985 §6.2; Linux tcp_rack_reo_wnd returns 0 once
  // tcp_reordering segments are SACKed or in recovery): every segment neither SACKed nor lost that
  // was sent before the most recently sent delivered one is lost. Returns how many it marked.
  int mark_lost_sent_before_delivered();
  // RACK with a reordering window `reo_wnd` (tcp_rack_detect_loss): how long until the last
  // segment sent before the newest delivered one, and not SACKed, counts as lost:
  // RACK.rtt + reo_wnd - its age (RFC 8985 §6.2 step 5). nullopt when there is none.
  std::optional<Duration> reorder_wait(Instant now, Duration reo_wnd) const;
  // NewReno (tcp_newreno_mark_lost): the first unacknowledged segment is lost.
  int mark_head_lost();
  // RTO (tcp_enter_loss -> tcp_timeout_mark_lost): every segment not SACKed is lost and none
  // counts as resent any more; the timer resends the head, ACKs the rest as the window allows.
  void on_timeout();
  // The timer resent the first `mss` bytes from `snd_una` (tcp_retransmit_skb of the head, one
  // segment: a TSO segment is split there first).
  void on_head_resent(SeqNum snd_una, std::uint32_t mss, Instant at);
  // The flags the head segment (its first `mss` bytes from `snd_una`) was sent with, once split
  // there; nullopt when nothing is on the board.
  std::optional<TcpFlags> head_flags(SeqNum snd_una, std::uint32_t mss);

  // Nothing SACKed, lost or resent (Linux's TCP_CA_Open: a tail loss probe may be armed).
  bool all_in_flight() const;
  bool holds_fin() const;  // a FIN rode on a data segment still on the board
  // When the first segment not yet cumulatively ACKed was last sent (the RTO counts from it).
  std::optional<Instant> head_sent_at() const;
  // The last segment sent, its last MSS split off first if it carries more (tcp_send_loss_probe's
  // tcp_fragment); nullptr when nothing is on the board.
  Sent* last_for_probe(std::uint32_t mss);

  // Lost and not yet sent again, in sequence order (tcp_xmit_retransmit_queue walks these).
  std::vector<Sent*> to_retransmit();
  void clear();

 private:
  // RACK.xmit_time and RACK.end_seq (tcp_rack_advance): the most recently sent segment the peer
  // has (cumulatively or selectively) acknowledged; a resent one is ambiguous and not counted.
  void rack_advance(Instant now, const Sent& s);
  // The segment in flight that holds `at` strictly inside it becomes two, split at `at`.
  void split_at(SeqNum at);
  bool sent_before_rack(const Sent& s) const;
  std::vector<Sent> sent_;  // in sequence order
  std::optional<Instant> rack_sent_at_;
  SeqNum rack_end_;
  Duration rack_rtt_{0};  // RACK.rtt: from that segment's sending to its acknowledgment
};

}  // namespace tcplab
