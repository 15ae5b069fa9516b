#include "real/loopback_capture.h"

#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>

#include "real/monotonic_clock.h"

namespace tcplab::real {

namespace {
std::uint16_t be16(const unsigned char* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}
constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kCookedHeader = 16;
constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
}  // namespace

std::optional<Segment> parse_tcp_frame(int dlt, const unsigned char* data, std::size_t size) {
  std::size_t offset = 0;
  if (dlt == DLT_EN10MB) {
    if (size < kEthernetHeader || be16(data + 12) != kEtherTypeIpv4) return std::nullopt;
    offset = kEthernetHeader;
  } else if (dlt == DLT_LINUX_SLL) {
    if (size < kCookedHeader || be16(data + 14) != kEtherTypeIpv4) return std::nullopt;
    offset = kCookedHeader;
  } else if (dlt != DLT_RAW) {
    return std::nullopt;
  }
  const unsigned char* ip = data + offset;
  const std::size_t ip_avail = size - offset;
  if (ip_avail < 20 || (ip[0] >> 4) != 4 || ip[9] != IPPROTO_TCP) return std::nullopt;
  const std::size_t ihl = static_cast<std::size_t>(ip[0] & 0x0f) * 4;
  const std::size_t total = std::min<std::size_t>(be16(ip + 2), ip_avail);
  if (ihl < 20 || total < ihl + 20) return std::nullopt;
  const unsigned char* tcp = ip + ihl;
  const std::size_t data_offset = static_cast<std::size_t>(tcp[12] >> 4) * 4;
  if (data_offset < 20 || ihl + data_offset > total) return std::nullopt;
  Segment s;
  s.src = SocketAddress{Ipv4{be32(ip + 12)}, be16(tcp)};
  s.dst = SocketAddress{Ipv4{be32(ip + 16)}, be16(tcp + 2)};
  s.seq = SeqNum(be32(tcp + 4));
  s.ack = SeqNum(be32(tcp + 8));
  s.flags = TcpFlags::from_bits(tcp[13]);
  s.window = be16(tcp + 14);
  auto options = decode_tcp_options(std::span<const std::uint8_t>(tcp + 20, data_offset - 20));
  if (!std::holds_alternative<TcpOptions>(options)) return std::nullopt;
  s.options = std::move(std::get<TcpOptions>(options));
  s.payload.assign(reinterpret_cast<const char*>(tcp + data_offset), total - ihl - data_offset);
  return s;
}

LoopbackCapture::~LoopbackCapture() {
  if (thread_.joinable()) stop();
  if (handle_) pcap_close(handle_);
}

std::string LoopbackCapture::start(std::int64_t origin_ns) {
  origin_ns_ = origin_ns;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  handle_ = pcap_create("lo", errbuf);
  if (!handle_) return std::string("pcap_create(lo): ") + errbuf;
  pcap_set_snaplen(handle_, 65535);
  pcap_set_immediate_mode(handle_, 1);
  pcap_set_buffer_size(handle_, 8 << 20);
  pcap_set_tstamp_precision(handle_, PCAP_TSTAMP_PRECISION_NANO);
  const int rc = pcap_activate(handle_);
  if (rc < 0) {
    std::string why = std::string("capture on lo: ") + pcap_geterr(handle_);
    pcap_close(handle_);
    handle_ = nullptr;
    return why;
  }
  // lo hands every packet to packet sockets twice, outgoing and incoming. libpcap itself already
  // skips the outgoing copy on lo (so PCAP_D_OUT would see nothing); ask for the incoming copy
  // explicitly so that one copy is kept whatever the libpcap version. The incoming copy is tapped
  // before the input hook, so a packet nftables drops there is still seen.
  if (pcap_setdirection(handle_, PCAP_D_IN) != 0) {
    return std::string("capture on lo: cannot keep only one copy of each packet: ") +
           pcap_geterr(handle_);
  }
  bpf_program filter{};
  if (pcap_compile(handle_, &filter, "ip and tcp", 1, PCAP_NETMASK_UNKNOWN) == 0) {
    pcap_setfilter(handle_, &filter);
    pcap_freecode(&filter);
  }
  pcap_setnonblock(handle_, 1, errbuf);
  dlt_ = pcap_datalink(handle_);
  wall_offset_ns_ = realtime_minus_monotonic_ns();
  thread_ = std::thread([this] { loop(); });
  return "";
}

void LoopbackCapture::loop() {
  const int fd = pcap_get_selectable_fd(handle_);
  auto on_packet = [](u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    auto* self = reinterpret_cast<LoopbackCapture*>(user);
    auto segment = parse_tcp_frame(self->dlt_, bytes, header->caplen);
    if (!segment) return;
    if (self->on_segment_) self->on_segment_(*segment);
    // With nanosecond precision, tv_usec holds nanoseconds.
    const std::int64_t wall = std::int64_t{header->ts.tv_sec} * 1'000'000'000 + header->ts.tv_usec;
    CapturedPacket p;
    p.t_ns = wall - self->wall_offset_ns_ - self->origin_ns_;
    p.segment = std::move(*segment);
    std::lock_guard lock(self->mutex_);
    self->packets_.push_back(std::move(p));
  };
  for (;;) {
    const bool last = stopping_.load();
    pollfd p{fd, POLLIN, 0};
    poll(&p, 1, last ? 0 : 5);
    while (pcap_dispatch(handle_, -1, on_packet, reinterpret_cast<u_char*>(this)) > 0) {
    }
    if (last) break;
  }
}

std::vector<CapturedPacket> LoopbackCapture::stop() {
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  return packets_;
}

std::vector<CapturedPacket> LoopbackCapture::snapshot() const {
  std::lock_guard lock(mutex_);
  return packets_;
}

}  // namespace tcplab::real
