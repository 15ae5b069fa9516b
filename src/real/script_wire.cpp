#include "real/script_wire.h"

#include <cerrno>
#include <cstring>
#include <ctime>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "export/tcp_packet.h"
#include "real/monotonic_clock.h"

namespace tcplab::real {

namespace {

constexpr std::uint32_t kHostAddress = 0xC0A80001;  // 192.168.0.1, packetdrill's local host
constexpr std::uint32_t kPeerNet = 0xC0000200;      // 192.0.2.0/24, its remote peer
constexpr int kPeerPrefix = 24;
// packetdrill's tun device (TUN_DRIVER_DEFAULT_MTU): SYNs then offer MSS 1460.
constexpr std::uint32_t kWireMtu = 1500;
// One rtnetlink request or answer (libmnl's MNL_SOCKET_BUFFER_SIZE is a sysconf() call).
constexpr std::size_t kNetlinkBufferBytes = 8192;

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

// One rtnetlink request with NLM_F_ACK; "" or the kernel's error.
std::string rtnetlink_request(nlmsghdr* nlh) {
  mnl_socket* nl = mnl_socket_open(NETLINK_ROUTE);
  if (!nl) return errno_text("netlink socket");
  std::string error;
  if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
    error = errno_text("netlink bind");
  } else {
    const unsigned port = mnl_socket_get_portid(nl);
    char buf[kNetlinkBufferBytes];
    if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
      error = errno_text("netlink send");
    } else {
      const ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof buf);
      if (n < 0 || mnl_cb_run(buf, static_cast<std::size_t>(n), nlh->nlmsg_seq, port, nullptr,
                              nullptr) < 0) {
        error = errno_text("netlink");
      }
    }
  }
  mnl_socket_close(nl);
  return error;
}

// ip addr add 192.168.0.1/32 dev lo
std::string add_host_address(int ifindex) {
  char buf[kNetlinkBufferBytes];
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = RTM_NEWADDR;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
  nlh->nlmsg_seq = static_cast<std::uint32_t>(time(nullptr));
  auto* ifa = static_cast<ifaddrmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifaddrmsg)));
  ifa->ifa_family = AF_INET;
  ifa->ifa_prefixlen = 32;
  ifa->ifa_scope = RT_SCOPE_UNIVERSE;
  ifa->ifa_index = static_cast<unsigned>(ifindex);
  mnl_attr_put_u32(nlh, IFA_LOCAL, htonl(kHostAddress));
  mnl_attr_put_u32(nlh, IFA_ADDRESS, htonl(kHostAddress));
  return rtnetlink_request(nlh);
}

// ip route add 192.0.2.0/24 dev lo src 192.168.0.1
std::string add_peer_route(int ifindex) {
  char buf[kNetlinkBufferBytes];
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = RTM_NEWROUTE;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
  nlh->nlmsg_seq = static_cast<std::uint32_t>(time(nullptr)) + 1;
  auto* rtm = static_cast<rtmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(rtmsg)));
  rtm->rtm_family = AF_INET;
  rtm->rtm_dst_len = kPeerPrefix;
  rtm->rtm_table = RT_TABLE_MAIN;
  rtm->rtm_protocol = RTPROT_BOOT;
  rtm->rtm_scope = RT_SCOPE_LINK;
  rtm->rtm_type = RTN_UNICAST;
  mnl_attr_put_u32(nlh, RTA_DST, htonl(kPeerNet));
  mnl_attr_put_u32(nlh, RTA_OIF, static_cast<std::uint32_t>(ifindex));
  mnl_attr_put_u32(nlh, RTA_PREFSRC, htonl(kHostAddress));
  // The path's MTU, not lo's: SYNs offer 1460 (ipv4_default_advmss) and segments stay within
  // it, while lo still takes the script's larger segments (a tun device takes up to 64 KB).
  nlattr* metrics = mnl_attr_nest_start(nlh, RTA_METRICS);
  mnl_attr_put_u32(nlh, RTAX_MTU, kWireMtu);
  mnl_attr_nest_end(nlh, metrics);
  return rtnetlink_request(nlh);
}

// ethtool -K lo <feature> on|off, with the legacy per-feature commands (ethtool_ioctl maps them
// onto netdev features; root of the run's own namespace may change its own lo).
std::string set_feature(int fd, std::uint32_t command, const char* name, bool on) {
  ethtool_value value{};
  value.cmd = command;
  value.data = on ? 1 : 0;
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  ifr.ifr_data = reinterpret_cast<char*>(&value);
  if (ioctl(fd, SIOCETHTOOL, &ifr) == 0) return "";
  return errno_text(std::string("turning ") + name + (on ? " on" : " off") + " on lo");
}

}  // namespace

std::vector<std::string> prepare_script_wire() {
  std::vector<std::string> problems;
  const int ifindex = static_cast<int>(if_nametoindex("lo"));
  if (ifindex == 0) return {errno_text("lo")};
  if (auto e = add_host_address(ifindex); !e.empty())
    problems.push_back("adding 192.168.0.1 to lo: " + e);
  if (auto e = add_peer_route(ifindex); !e.empty())
    problems.push_back("routing 192.0.2.0/24 through lo: " + e);
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return {errno_text("socket for ethtool")};
  // As packetdrill's tun device (TUNSETOFFLOAD with TUN_F_TSO4): TSO on, so what TCP builds
  // leaves lo whole and the capture sees each TSO super-segment as packetdrill reads it from tun
  // (`P. 1:2001(2000)` for two 1000-byte segments), not the pieces software GSO would cut. GRO
  // off: nothing is merged on the way in.
  struct Feature {
    std::uint32_t command;
    const char* name;
    bool on;
  };
  for (const Feature& f : {Feature{ETHTOOL_STSO, "TSO", true}, Feature{ETHTOOL_SGSO, "GSO", true},
                           Feature{ETHTOOL_SGRO, "GRO", false}}) {
    if (auto e = set_feature(fd, f.command, f.name, f.on); !e.empty()) problems.push_back(e);
  }
  close(fd);
  return problems;
}

ScriptWire::~ScriptWire() {
  if (fd_ >= 0) close(fd_);
}

std::string ScriptWire::open() {
  ifindex_ = static_cast<int>(if_nametoindex("lo"));
  if (ifindex_ == 0) return errno_text("lo");
  // SOCK_DGRAM: the kernel adds and strips lo's (Ethernet) header. ETH_P_ALL: only the "all
  // protocols" taps see packets leaving (dev_queue_xmit_nit), and the host's are taken there.
  fd_ = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_ALL));
  if (fd_ < 0) return errno_text("AF_PACKET socket (needs CAP_NET_RAW in the namespace)");
  sockaddr_ll at{};
  at.sll_family = AF_PACKET;
  at.sll_protocol = htons(ETH_P_ALL);
  at.sll_ifindex = ifindex_;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0)
    return errno_text("binding the packet socket to lo");
  const int on = 1;
  if (setsockopt(fd_, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0)
    return errno_text("SO_TIMESTAMPNS");
  realtime_minus_monotonic_ = realtime_minus_monotonic_ns();
  return "";
}

std::string ScriptWire::inject(const Segment& segment) {
  Ipv4Fields ip;
  ip.id = ip_id_++;
  const std::vector<std::uint8_t> packet = encode_ipv4_tcp(segment, ip);
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_protocol = htons(ETH_P_IP);
  to.sll_ifindex = ifindex_;
  to.sll_halen = ETH_ALEN;  // lo's address: all zeros, so the frame is for this host
  const ssize_t n = sendto(fd_, packet.data(), packet.size(), 0,
                           reinterpret_cast<const sockaddr*>(&to), sizeof to);
  if (n != static_cast<ssize_t>(packet.size())) return errno_text("writing the segment onto lo");
  return "";
}

std::optional<WireSegment> ScriptWire::next(std::int64_t deadline_ns) {
  for (;;) {
    std::uint8_t data[65536];
    char control[CMSG_SPACE(sizeof(timespec))];
    sockaddr_ll from{};
    iovec iov{data, sizeof data};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = recvmsg(fd_, &msg, 0);
    if (n < 0) {
      if (errno != EAGAIN && errno != EINTR) return std::nullopt;
      const std::int64_t left = deadline_ns - monotonic_now_ns();
      if (left <= 0) return std::nullopt;
      // Whole milliseconds, rounded up: poll() sleeps at least that long.
      pollfd p{fd_, POLLIN, 0};
      poll(&p, 1, static_cast<int>((left + 999'999) / 1'000'000));
      continue;
    }
    if (from.sll_protocol != htons(ETH_P_IP)) continue;
    std::int64_t t_ns = monotonic_now_ns();
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
        timespec ts{};
        std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
        t_ns = ts.tv_sec * 1'000'000'000LL + ts.tv_nsec - realtime_minus_monotonic_;
      }
    }
    auto decoded = decode_ipv4_tcp(std::span<const std::uint8_t>(data, static_cast<std::size_t>(n)),
                                   static_cast<std::size_t>(n));
    auto* tcp = std::get_if<DecodedTcp>(&decoded);
    if (!tcp) continue;
    const bool from_host = tcp->segment.src.ip == Ipv4{kHostAddress};
    // lo shows each packet twice: leaving (OUTGOING) and arriving (HOST). The host's segments are
    // taken as they leave; the script's as they arrive (our own send is not looped back to us).
    if (from_host != (from.sll_pkttype == PACKET_OUTGOING)) continue;
    return WireSegment{t_ns, std::move(tcp->segment), from_host};
  }
}

}  // namespace tcplab::real
