#include "core/reset_reply.h"

namespace tcplab {

Segment reset_reply(const Segment& seg) {
  Segment rst;
  rst.src = seg.dst;
  rst.dst = seg.src;
  if (seg.flags.ack()) {
    rst.seq = seg.ack;
    rst.flags = TcpFlag::Rst;
  } else {
    rst.seq = SeqNum(0);
    rst.ack = seg.seq + seg.seq_len();
    rst.flags = TcpFlag::Rst | TcpFlag::Ack;
  }
  return rst;
}

}  // namespace tcplab
