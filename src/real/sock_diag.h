#pragma once
// One sock_diag dump (NETLINK_SOCK_DIAG, inet_diag_req_v2, through libmnl): every IPv4 TCP socket
// of the current network namespace, listeners and TIME-WAIT included.
#include <cstdint>
#include <string>
#include <vector>

#include "real/run_record.h"

struct mnl_socket;

namespace tcplab::real {

struct DiagSocket {
  FourTuple tuple;  // remote 0.0.0.0:0 for a listener
  std::uint64_t inode = 0;
  TcpState state = TcpState::Closed;
  DiagTimer timer = DiagTimer::None;
  std::uint32_t expires_ms = 0;
  std::uint8_t retransmits = 0;
};

class SockDiag {
 public:
  SockDiag() = default;
  ~SockDiag();
  SockDiag(const SockDiag&) = delete;
  SockDiag& operator=(const SockDiag&) = delete;

  // Opens the netlink socket; returns "" or why it cannot.
  std::string open();
  // Dumps all sockets; returns false (and `error()`) if the dump failed.
  bool dump(std::vector<DiagSocket>& out);
  const std::string& error() const { return error_; }

 private:
  mnl_socket* nl_ = nullptr;
  unsigned port_id_ = 0;
  unsigned seq_ = 0;
  std::string error_;
};

}  // namespace tcplab::real
