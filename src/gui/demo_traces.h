#pragma once
// Traces built in code, as the model would record them: for tests, benchmarks and `--demo` (the
// GUI without a lesson). Each one is a small, realistic lesson run on loopback with 10 ms latency.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/trace.h"

namespace tcplab::gui {

// Handshake, a little data, four-way close: the client ends in TIME-WAIT (60 s, Linux).
Trace demo_four_way_close();
// The same, but the client's last ACK is lost: the server retransmits its FIN, the client
// re-ACKs from TIME-WAIT and restarts its timer.
Trace demo_lost_last_ack();
// SO_LINGER {1, 0}: close() sends RST, no TIME-WAIT; the server's recv() fails with ECONNRESET.
Trace demo_linger_rst();
// The server closes first and is left in TIME-WAIT; the restarted server's bind() fails with
// EADDRINUSE, and succeeds with SO_REUSEADDR.
Trace demo_server_restart();
// `connections` short connections one after another (the port-exhaustion lesson scaled up):
// nine segments each, the client keeping a TIME-WAIT entry per connection.
Trace demo_many_connections(std::size_t connections);

std::vector<std::string> demo_names();  // "four-way-close", "lost-last-ack", ...
std::optional<Trace> demo_by_name(std::string_view name);

}  // namespace tcplab::gui
