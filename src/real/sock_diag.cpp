#include "real/sock_diag.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <cerrno>
#include <cstring>

namespace tcplab::real {

namespace {

constexpr std::size_t kBufferBytes = 65536;  // at least MNL_SOCKET_BUFFER_SIZE (a page, 8 KiB max)

// The kernel's TCP_* state numbers (include/net/tcp_states.h), TCP_NEW_SYN_RECV included.
std::optional<TcpState> from_kernel_state(std::uint8_t s) {
  switch (s) {
    case 1: return TcpState::Established;
    case 2: return TcpState::SynSent;
    case 3: return TcpState::SynReceived;
    case 4: return TcpState::FinWait1;
    case 5: return TcpState::FinWait2;
    case 6: return TcpState::TimeWait;
    case 7: return std::nullopt;  // TCP_CLOSE: a socket with no connection, not a state to show
    case 8: return TcpState::CloseWait;
    case 9: return TcpState::LastAck;
    case 10: return TcpState::Listen;
    case 11: return TcpState::Closing;
    case 12: return TcpState::SynReceived;  // TCP_NEW_SYN_RECV: a request socket
    default: return std::nullopt;
  }
}

int on_message(const nlmsghdr* nlh, void* data) {
  auto* out = static_cast<std::vector<DiagSocket>*>(data);
  if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY) return MNL_CB_OK;
  const auto* msg = static_cast<const inet_diag_msg*>(mnl_nlmsg_get_payload(nlh));
  const auto state = from_kernel_state(msg->idiag_state);
  if (!state || msg->idiag_family != AF_INET) return MNL_CB_OK;
  DiagSocket s;
  s.tuple.local = {Ipv4{ntohl(msg->id.idiag_src[0])}, ntohs(msg->id.idiag_sport)};
  s.tuple.remote = {Ipv4{ntohl(msg->id.idiag_dst[0])}, ntohs(msg->id.idiag_dport)};
  s.inode = msg->idiag_inode;
  s.state = *state;
  s.timer = msg->idiag_timer <= 4 ? static_cast<DiagTimer>(msg->idiag_timer) : DiagTimer::None;
  s.expires_ms = msg->idiag_expires;
  s.retransmits = msg->idiag_retrans;
  out->push_back(s);
  return MNL_CB_OK;
}

}  // namespace

SockDiag::~SockDiag() {
  if (nl_) mnl_socket_close(nl_);
}

std::string SockDiag::open() {
  nl_ = mnl_socket_open(NETLINK_SOCK_DIAG);
  if (!nl_) return std::string("sock_diag: netlink socket: ") + std::strerror(errno);
  if (mnl_socket_bind(nl_, 0, MNL_SOCKET_AUTOPID) < 0) {
    return std::string("sock_diag: bind: ") + std::strerror(errno);
  }
  port_id_ = mnl_socket_get_portid(nl_);
  return "";
}

bool SockDiag::dump(std::vector<DiagSocket>& out) {
  out.clear();
  alignas(nlmsghdr) char buffer[kBufferBytes];
  nlmsghdr* nlh = mnl_nlmsg_put_header(buffer);
  nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  nlh->nlmsg_seq = ++seq_;
  auto* req = static_cast<inet_diag_req_v2*>(mnl_nlmsg_put_extra_header(nlh, sizeof(inet_diag_req_v2)));
  req->sdiag_family = AF_INET;
  req->sdiag_protocol = IPPROTO_TCP;
  req->idiag_states = ~0u;  // every state, TIME-WAIT and request sockets included
  if (mnl_socket_sendto(nl_, nlh, nlh->nlmsg_len) < 0) {
    error_ = std::string("sock_diag: send: ") + std::strerror(errno);
    return false;
  }
  for (;;) {
    const ssize_t n = mnl_socket_recvfrom(nl_, buffer, sizeof buffer);
    if (n < 0) {
      error_ = std::string("sock_diag: receive: ") + std::strerror(errno);
      return false;
    }
    const int rc = mnl_cb_run(buffer, static_cast<std::size_t>(n), seq_, port_id_, on_message, &out);
    if (rc == MNL_CB_ERROR) {
      error_ = std::string("sock_diag: ") + std::strerror(errno);
      return false;
    }
    if (rc == MNL_CB_STOP) return true;
  }
}

}  // namespace tcplab::real
