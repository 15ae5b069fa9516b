#pragma once
// When a receiver ACKs at once and when it waits: Linux's delayed-ACK engine (struct
// inet_connection_sock's icsk_ack), as tcp_input.c, tcp_output.c and tcp_timer.c run it.
// RFC 1122 §4.2.3.2 allows an ACK to wait (less than 0.5 s, and at least every second full-sized
// segment is ACKed); RFC 9293 §3.8.6.3 repeats it. Linux adds two modes on top:
//   quick-ACK mode: the first segments of a connection (and after a gap or a duplicate) are
//     ACKed at once, so a sender's slow start is not held up (tcp_incr_quickack);
//   pingpong (interactive) mode: once this side answers data within the ATO, the peer's next
//     data is not ACKed at once: the ACK may ride on the answer (tcp_event_data_sent).
// Pure: the endpoint tells it what happened and asks what to do.
#include <cstdint>
#include <optional>

#include "core/profile.h"
#include "core/time.h"

namespace tcplab {

class AckTiming {
 public:
  // tcp_initialize_rcv_mss: the guess of the peer's segment size before any data came.
  explicit AckTiming(const Profile& profile);

  // Off: every segment is ACKed at once (a profile without delayed ACKs).
  bool delays() const { return profile_->delayed_ack > Duration{0}; }

  // tcp_event_data_recv (with tcp_measure_rcv_mss): in-order data of `len` bytes arrived; an
  // ACK is now owed (inet_csk_schedule_ack). `rto` bounds the ATO.
  // `header_len` is the TCP header with its options (20, or 32 with timestamps).
  void on_data_received(Instant now, std::uint32_t len, std::uint32_t header_len, bool psh,
                        std::uint16_t rcv_wnd, Duration rto);
  // Something that must be ACKed arrived that is not new data (a FIN): inet_csk_schedule_ack.
  void schedule() { scheduled_ = true; }
  bool scheduled() const { return scheduled_; }

  // tcp_enter_quickack_mode: a duplicate or out-of-window segment; ACK the next ones at once.
  void enter_quickack_mode(std::uint16_t rcv_wnd);
  // inet_csk_enter_pingpong_mode / inet_csk_exit_pingpong_mode.
  void enter_pingpong() { pingpong_ = profile_->pingpong_thresh; }
  void exit_pingpong() { pingpong_ = 0; }
  bool in_pingpong() const {
    return profile_->pingpong_thresh > 0 && pingpong_ >= profile_->pingpong_thresh;
  }
  // tcp_in_quickack_mode: quick ACKs left, and the connection is not interactive.
  bool in_quickack_mode() const { return quick_ > 0 && !in_pingpong(); }
  int quick_acks_left() const { return quick_; }
  Duration ato() const { return ato_; }

  // tcp_event_data_sent: we sent data; an answer within the ATO of the last data received makes
  // the connection interactive.
  void on_data_sent(Instant now);
  // tp->lsndtime: when data was last sent, if ever.
  std::optional<Instant> last_data_sent() const { return last_send_; }
  // tcp_event_ack_sent (tcp_dec_quickack_mode, then inet_csk_clear_xmit_timer): a segment
  // carrying our ACK of everything received left; nothing is owed any more.
  void on_ack_sent();

  // __tcp_ack_snd_check: must the owed ACK leave now, as the segment arrives?
  bool ack_now() const;
  // tcp_send_delayed_ack: when the delayed ACK is due, given the timer already armed (if any).
  // nullopt: the armed timer is about to fire anyway, so the ACK goes now.
  std::optional<Instant> delayed_ack_deadline(Instant now, std::optional<Instant> armed,
                                              std::optional<Duration> srtt) const;
  // tcp_delack_timer_handler: the timer fired with an ACK owed. Outside pingpong the ATO was too
  // short (double it, up to the RTO); in pingpong mode the answer did not come (leave it).
  void on_delayed_ack_timer(Duration rto);
  // tcp_cleanup_rbuf: the application read `copied` bytes and left `unread`; must the owed ACK
  // leave now? `unacked` is RCV.NXT less what our last ACK acknowledged (rcv_nxt - rcv_wup).
  bool ack_after_read(std::uint32_t unacked, std::size_t copied, std::size_t unread) const;
  // __tcp_sock_set_quickack with a non-zero value: an owed ACK is treated as pushed.
  void mark_pushed() { pushed_ = true; }
  // ICSK_ACK_NOW: the owed ACK must leave at once (a hole in the received data was filled).
  void mark_now() { now_ = true; }

 private:
  // tcp_incr_quickack: allow up to half the window's worth of segments ACKed at once.
  void incr_quickack(std::uint16_t rcv_wnd, int max_quickacks);
  // tcp_measure_rcv_mss: learn the peer's segment size; a short segment is a "push".
  void measure_rcv_mss(std::uint32_t len, std::uint32_t header_len, bool psh);

  const Profile* profile_;
  std::uint32_t rcv_mss_;               // icsk_ack.rcv_mss
  std::uint32_t last_seg_size_ = 0;     // icsk_ack.last_seg_size
  int quick_ = 0;                       // icsk_ack.quick
  int pingpong_ = 0;                    // icsk_ack.pingpong
  Duration ato_{0};                     // icsk_ack.ato; 0 until the first data
  std::optional<Instant> last_receive_;  // icsk_ack.lrcvtime (of data)
  std::optional<Instant> last_send_;     // tp->lsndtime (of data)
  bool scheduled_ = false;              // ICSK_ACK_SCHED
  bool pushed_ = false;                 // ICSK_ACK_PUSHED: a short (or pushed full) segment
  bool pushed2_ = false;                // ICSK_ACK_PUSHED2: two of them
  bool now_ = false;                    // ICSK_ACK_NOW
};

}  // namespace tcplab
