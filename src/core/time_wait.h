#pragma once
// TIME-WAIT as Linux keeps it: a small record, not a whole endpoint (tcp_timewait_sock).
//
// Why TIME-WAIT exists (RFC 9293 §3.6.1, RFC 1337): the side that closes first sends the last ACK
// and cannot know whether it arrived. If it was lost, the peer retransmits its FIN, and someone
// must still be there to ACK it again. And old duplicate segments of this connection may still be
// in the network: while the four-tuple is held, they cannot be taken for data of a new
// connection between the same ports. The RFCs hold it for 2*MSL; Linux for a fixed 60 s.
#include <cstdint>
#include <optional>

#include "core/address.h"
#include "core/profile.h"
#include "core/segment.h"
#include "core/seq.h"
#include "core/time.h"
#include "core/trace.h"

namespace tcplab {

// 40 bytes: what Linux's tcp_timewait_sock keeps that the model needs, and no more.
struct TimeWaitRecord {
  Instant deadline;  // when the record is removed; minus the TIME-WAIT length, when the
                     // timer last (re)started, which is when tcp_tw_reuse's delay starts
  SeqNum snd_nxt;    // our next sequence number (after our FIN)
  SeqNum rcv_nxt;    // the peer's next sequence number (after its FIN)
  std::uint32_t socket_serial = 0;  // the socket it came from ("client#<serial>")
  std::uint32_t ts_recent = 0;      // tw_ts_recent: the peer's TSval our ACK echoes (RFC 7323)
  std::uint32_t ts_offset = 0;      // tw_ts_offset: our timestamp clock's offset
  std::uint32_t ts_recent_stamp = 0;  // tw_ts_recent_stamp: when TS.Recent was taken, in whole
                                      // seconds (PAWS spares an RST once it is 60 s old)
  std::uint32_t last_oow_ack = 0;  // tw_last_oow_ack_time: the ms clock of the last out-of-window
                                   // ACK (0: none yet), for tcp_invalid_ratelimit
  std::uint16_t window = 0;         // as on the wire (already shifted by our window scale)
  bool reuse_address = false;       // SO_REUSEADDR of the socket it came from (bind rules use it)
  bool timestamps = false;          // the connection negotiated timestamps: the ACK carries them
};
static_assert(sizeof(TimeWaitRecord) == 40);

// What to do with a segment that reached a TIME-WAIT record (tcp_timewait_state_process's verdict).
enum class TimeWaitVerdict {
  Ignore,  // drop it silently
  Ack,     // answer with an ACK (<SEQ=SND.NXT><ACK=RCV.NXT>)
  Kill,    // remove the record (TIME-WAIT assassination by RST)
  NewSyn,  // a new incarnation: remove the record, hand the SYN to the listener
};

struct TimeWaitOutcome {
  TimeWaitVerdict verdict = TimeWaitVerdict::Ignore;
  bool restart_timer = false;     // the record's deadline moves to now + TIME-WAIT length
  std::optional<SeqNum> new_isn;  // NewSyn: the ISN for the new connection (Linux: snd_nxt+65537)
  std::optional<std::uint32_t> ts_recent;     // the record's new TS.Recent (an in-window ACK's)
  std::optional<std::uint32_t> last_oow_ack;  // the record's new last_oow_ack (an ACK went out)
  VerdictCode decision = VerdictCode::None;  // for the trace (accepted or not follows from it)
};

TimeWaitOutcome process_in_time_wait(const TimeWaitRecord& record, const Segment& seg,
                                     const Profile& profile, Instant now);

// The seconds clock of TS.Recent's age (ktime_get_seconds).
std::uint32_t time_wait_seconds_clock(Instant now);

// The ACK a TIME-WAIT record sends for `tuple` (local > remote) at `now` (tcp_v4_timewait_ack:
// with timestamps when the connection had them).
Segment time_wait_ack(const TimeWaitRecord& record, const FourTuple& tuple, Instant now);

}  // namespace tcplab
