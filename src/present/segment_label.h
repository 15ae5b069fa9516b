#pragma once
// One segment as every view labels it, in tcpdump's notation with relative numbers.
#include <string>

#include "core/trace.h"

namespace tcplab::present {

// "S seq 0", "F. seq 1 ack 1", "P. seq 1:6 ack 1 len 5", "F. seq 1 ack 1 (retransmit)".
std::string segment_label(const SegmentEvent& segment);
// The same without the flags: "seq 1 ack 1", "seq 1:6 ack 1 len 5 (retransmit)".
std::string segment_numbers(const SegmentEvent& segment);
// Its TCP options in tcpdump's notation, wire order: "options [mss 65495,sackOK,TS val 1 ecr 0,
// nop,wscale 7]"; "" without options.
std::string segment_options(const SegmentEvent& segment);
// One line for a comparison report, with the hosts' initials: "c>s F. 1 2", "s>c P. 1 6 len 5";
// also what compare matches segments on, so it is never translated.
std::string segment_summary(const SegmentEvent& segment);
// Who sent it: "client (client#1)"; for an RST no socket sent (the host answering for a
// connection it has no socket for: tcp_v4_send_reset() from tcp_v4_rcv()'s no_tcp_socket),
// "server (the host: no socket)". Both backends leave such an RST's endpoint empty.
std::string segment_sender(const SegmentEvent& segment);
// Why it was lost or what the receiver made of it: the backend's words for it, else those of the
// trace's typed fault and verdict; "" when there is nothing to say.
std::string segment_reason(const SegmentEvent& segment);
// What became of it: "lost: drop the ACK", "lost", "on arrival: ACK of our FIN", or "".
std::string segment_fate_text(const SegmentEvent& segment);

}  // namespace tcplab::present
