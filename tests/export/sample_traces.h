#pragma once
// Hand-built traces the export tests share: what the model will produce for the classic lessons.
#include <string>

#include "core/trace.h"

namespace tcplab::samples {

inline const SocketAddress kClient{Ipv4{0x7f000001}, 40000};  // 127.0.0.1:40000
inline const SocketAddress kServer{Ipv4{0x7f000002}, 5555};   // 127.0.0.2:5555
inline constexpr std::uint32_t kClientIsn = 1000;
inline constexpr std::uint32_t kServerIsn = 0xfffffff0;  // wraps during the connection

// Handshake, "hello" each way, four-way close started by the client (TIME-WAIT on the client);
// with state, timer, call and note events.
Trace four_way_close();
// As four_way_close, but the client's last ACK is dropped: the server's FIN is sent again 200 ms
// later (a retransmission) and ACKed from TIME-WAIT.
Trace lost_last_ack();
// Handshake, data, then the client closes with SO_LINGER {1, 0}: an RST instead of a FIN.
Trace rst_close();
// A SYN to a port nobody listens on, answered with RST.
Trace refused();

}  // namespace tcplab::samples
