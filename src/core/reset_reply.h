#pragma once
// The RST sent in answer to a segment that no connection accepts (RFC 9293 §3.10.7.1 and the
// unacceptable-ACK rules of §3.10.7.3/§3.10.7.4). Linux sends it from tcp_v4_send_reset, which
// writes no options: no timestamps, whatever the connection negotiated.
#include "core/segment.h"

namespace tcplab {

// <SEQ=SEG.ACK><CTL=RST> when `seg` has an ACK; else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
Segment reset_reply(const Segment& seg);

}  // namespace tcplab
