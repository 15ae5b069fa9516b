#include "real/nfqueue_faults.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>

#include <arpa/inet.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/xt_NFQUEUE.h>
#include <netinet/in.h>
#include <pcap/dlt.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "real/loopback_capture.h"
#include "real/monotonic_clock.h"
#include "real/sandbox.h"

namespace tcplab::real {

namespace {

constexpr std::uint16_t kQueue = 0;
// The raw socket's copies carry this mark; the queue rule lets them through (SO_MARK, skb->mark
// kept across loopback_xmit).
constexpr std::uint32_t kCopyMark = 0x7463'6c62;  // "tclb"
constexpr const char* kTable = "tcplab_nfq";

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// Sends one nf_tables batch (table, input chain, rule) and waits for the rule's ACK.
std::string send_batch(const std::vector<std::pair<int, void*>>& objects) {
  std::vector<char> buf(static_cast<std::size_t>(MNL_SOCKET_BUFFER_SIZE) * 2);
  mnl_nlmsg_batch* batch = mnl_nlmsg_batch_start(buf.data(), buf.size());
  std::uint32_t seq = 1;
  nftnl_batch_begin(static_cast<char*>(mnl_nlmsg_batch_current(batch)), seq++);
  mnl_nlmsg_batch_next(batch);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto [type, object] = objects[i];
    const bool last = i + 1 == objects.size();
    const std::uint16_t flags = static_cast<std::uint16_t>(
        NLM_F_CREATE | (last ? NLM_F_ACK : 0) | (type == NFT_MSG_NEWRULE ? NLM_F_APPEND : 0));
    nlmsghdr* nlh =
        nftnl_nlmsg_build_hdr(static_cast<char*>(mnl_nlmsg_batch_current(batch)),
                              static_cast<std::uint16_t>(type), NFPROTO_IPV4, flags, seq++);
    if (type == NFT_MSG_NEWTABLE)
      nftnl_table_nlmsg_build_payload(nlh, static_cast<nftnl_table*>(object));
    if (type == NFT_MSG_NEWCHAIN)
      nftnl_chain_nlmsg_build_payload(nlh, static_cast<nftnl_chain*>(object));
    if (type == NFT_MSG_NEWRULE)
      nftnl_rule_nlmsg_build_payload(nlh, static_cast<nftnl_rule*>(object));
    mnl_nlmsg_batch_next(batch);
  }
  nftnl_batch_end(static_cast<char*>(mnl_nlmsg_batch_current(batch)), seq++);
  mnl_nlmsg_batch_next(batch);

  std::string error;
  mnl_socket* nl = mnl_socket_open(NETLINK_NETFILTER);
  if (!nl) {
    error = errno_text("netlink (NETLINK_NETFILTER)");
  } else if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
    error = errno_text("netlink bind");
  } else if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(batch), mnl_nlmsg_batch_size(batch)) < 0) {
    error = errno_text("nf_tables batch");
  } else {
    const unsigned portid = mnl_socket_get_portid(nl);
    std::vector<char> reply(static_cast<std::size_t>(MNL_SOCKET_BUFFER_SIZE));
    for (;;) {
      const ssize_t n = mnl_socket_recvfrom(nl, reply.data(), reply.size());
      if (n < 0) {
        error = errno_text("nf_tables reply");
        break;
      }
      // An error for any message of the batch, or the rule's ACK (MNL_CB_STOP), ends it.
      const int r =
          mnl_cb_run(reply.data(), static_cast<std::size_t>(n), 0, portid, nullptr, nullptr);
      if (r < 0) {
        error = errno_text("the kernel refused the NFQUEUE rule");
        break;
      }
      if (r == MNL_CB_STOP) break;
    }
  }
  if (nl) mnl_socket_close(nl);
  mnl_nlmsg_batch_stop(batch);
  return error;
}

void add_expr(nftnl_rule* rule, nftnl_expr* expr) { nftnl_rule_add_expr(rule, expr); }

nftnl_expr* meta_load(std::uint32_t key) {
  nftnl_expr* e = nftnl_expr_alloc("meta");
  nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
  nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
  return e;
}

nftnl_expr* compare(std::uint32_t op, const void* data, std::uint32_t size) {
  nftnl_expr* e = nftnl_expr_alloc("cmp");
  nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
  nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
  nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, size);
  return e;
}

// table ip tcplab_nfq { chain input { type filter hook input priority 0;
//   meta l4proto tcp meta mark != kCopyMark queue num 0 bypass } }
// The queue is xt's NFQUEUE target through nft_compat: this kernel has no nft queue expression
// (CONFIG_NFT_QUEUE unset) but has CONFIG_NFT_COMPAT and CONFIG_NETFILTER_XT_TARGET_NFQUEUE.
std::string load_queue_rule() {
  nftnl_table* table = nftnl_table_alloc();
  nftnl_table_set_str(table, NFTNL_TABLE_NAME, kTable);
  nftnl_table_set_u32(table, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);

  nftnl_chain* chain = nftnl_chain_alloc();
  nftnl_chain_set_str(chain, NFTNL_CHAIN_TABLE, kTable);
  nftnl_chain_set_str(chain, NFTNL_CHAIN_NAME, "input");
  nftnl_chain_set_str(chain, NFTNL_CHAIN_TYPE, "filter");
  nftnl_chain_set_u32(chain, NFTNL_CHAIN_HOOKNUM, NF_INET_LOCAL_IN);
  nftnl_chain_set_s32(chain, NFTNL_CHAIN_PRIO, 0);

  nftnl_rule* rule = nftnl_rule_alloc();
  nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, kTable);
  nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN, "input");
  nftnl_rule_set_u32(rule, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
  const std::uint8_t tcp = IPPROTO_TCP;
  add_expr(rule, meta_load(NFT_META_L4PROTO));
  add_expr(rule, compare(NFT_CMP_EQ, &tcp, sizeof tcp));
  const std::uint32_t mark = kCopyMark;
  add_expr(rule, meta_load(NFT_META_MARK));
  add_expr(rule, compare(NFT_CMP_NEQ, &mark, sizeof mark));
  nftnl_expr* target = nftnl_expr_alloc("target");
  nftnl_expr_set_str(target, NFTNL_EXPR_TG_NAME, "NFQUEUE");
  nftnl_expr_set_u32(target, NFTNL_EXPR_TG_REV, 3);
  // libnftnl keeps (and frees) the info it is given.
  auto* info = static_cast<xt_NFQ_info_v3*>(std::calloc(1, sizeof(xt_NFQ_info_v3)));
  if (!info) {
    nftnl_expr_free(target);
    nftnl_rule_free(rule);
    nftnl_chain_free(chain);
    nftnl_table_free(table);
    return "out of memory building the queue rule";
  }
  info->queuenum = kQueue;
  info->queues_total = 1;
  // Bypass: once the engine has closed its queue, packets pass instead of being dropped
  // (nf_queue() returns -ESRCH, and NF_VERDICT_FLAG_QUEUE_BYPASS accepts).
  info->flags = NFQ_FLAG_BYPASS;
  // libnftnl owns `info` from here, which the analyzer cannot see.
  // NOLINTBEGIN(clang-analyzer-unix.Malloc)
  nftnl_expr_set(target, NFTNL_EXPR_TG_INFO, info, sizeof(xt_NFQ_info_v3));
  add_expr(rule, target);
  // NOLINTEND(clang-analyzer-unix.Malloc)

  std::string error =
      send_batch({{NFT_MSG_NEWTABLE, table}, {NFT_MSG_NEWCHAIN, chain}, {NFT_MSG_NEWRULE, rule}});
  nftnl_rule_free(rule);
  nftnl_chain_free(chain);
  nftnl_table_free(table);
  return error;
}

}  // namespace

int nfqueue_callback_trampoline(void* /*qh*/, void* /*msg*/, void* nfa, void* self) {
  auto* data = static_cast<nfq_data*>(nfa);
  const nfqnl_msg_packet_hdr* header = nfq_get_msg_packet_hdr(data);
  if (!header) return 0;
  unsigned char* payload = nullptr;
  const int size = nfq_get_payload(data, &payload);
  static_cast<NfqueueFaults*>(self)->on_packet(ntohl(header->packet_id), payload,
                                               size > 0 ? static_cast<std::size_t>(size) : 0);
  return 0;
}

namespace {
int nfqueue_callback(nfq_q_handle* qh, nfgenmsg* msg, nfq_data* nfa, void* self) {
  return nfqueue_callback_trampoline(qh, msg, nfa, self);
}
}  // namespace

bool needs_nfqueue(const std::vector<FaultSpec>& faults) {
  return std::any_of(faults.begin(), faults.end(), [](const FaultSpec& f) {
    return f.action == FaultAction::Delay || f.action == FaultAction::Duplicate ||
           f.action == FaultAction::Reorder;
  });
}

NfqueueFaults::NfqueueFaults(const Scenario& scenario, std::vector<FaultSpec> faults,
                             Duration latency)
    : scenario_(scenario), latency_(latency), network_(0) {
  // Random loss is refused before the run (unsupported_faults): the seed draws nothing.
  for (const FaultSpec& f : faults) network_.add_fault(to_fault(f, scenario));
}

NfqueueFaults::~NfqueueFaults() {
  if (thread_.joinable()) stop(0);
  if (queue_) nfq_destroy_queue(static_cast<nfq_q_handle*>(queue_));
  if (handle_) nfq_close(static_cast<nfq_handle*>(handle_));
  for (int fd : {raw_fd_, wake_[0], wake_[1]}) {
    if (fd >= 0) close(fd);
  }
}

std::string NfqueueFaults::start() {
  if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) return errno_text("pipe");
  nfq_handle* h = nfq_open();
  if (!h) return errno_text("nfq_open (NETLINK_NETFILTER)");
  handle_ = h;
  nfq_q_handle* q = nfq_create_queue(h, kQueue, &nfqueue_callback, this);
  if (!q) return errno_text("binding netfilter queue 0");
  queue_ = q;
  if (nfq_set_mode(q, NFQNL_COPY_PACKET, 0xffff) < 0) return errno_text("nfq_set_mode");
  raw_fd_ = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
  if (raw_fd_ < 0) return errno_text("raw socket for duplicates");
  const std::uint32_t mark = kCopyMark;
  if (setsockopt(raw_fd_, SOL_SOCKET, SO_MARK, &mark, sizeof mark) != 0)
    return errno_text("SO_MARK on the raw socket");
  if (std::string error = load_queue_rule(); !error.empty()) return error;
  thread_ = std::thread([this] { loop(); });
  return "";
}

void NfqueueFaults::on_packet(std::uint32_t packet_id, const unsigned char* data,
                              std::size_t size) {
  nfq_q_handle* q = static_cast<nfq_q_handle*>(queue_);
  const std::int64_t now = monotonic_now_ns();
  const auto parsed = parse_tcp_frame(DLT_RAW, data, size);
  if (!parsed) {
    nfq_set_verdict(q, packet_id, NF_ACCEPT, 0, nullptr);
    return;
  }
  const Segment& s = *parsed;
  // Numbered and counted exactly as Network::decide and Trace::add_segment do.
  const std::uint64_t id = ++segments_;
  const auto direction = std::make_pair(s.src, s.dst);
  auto isn = std::find_if(isn_.begin(), isn_.end(),
                          [&](const auto& entry) { return entry.first == direction; });
  if (isn == isn_.end()) {
    isn_.push_back({direction, s.seq});
    isn = std::prev(isn_.end());
  } else if (s.flags.syn()) {
    isn->second = s.seq;
  }
  const std::uint32_t rel_seq = s.seq.raw() - isn->second.raw();
  auto host_name = [&](Ipv4 ip) -> std::string {
    for (const auto& h : scenario_.hosts) {
      if (h.address == ip) return h.name;
    }
    return "?";
  };
  const std::string from = host_name(s.src.ip);
  const std::string to = host_name(s.dst.ip);

  // The model's network decides, with the model's counts: one matcher for both backends.
  const WireFate decided = network_.decide({id, &s, &from, &to, rel_seq});
  const bool dropped = decided.dropped;
  const bool duplicated = decided.duplicated;
  const Duration extra = decided.extra_delay;
  const Duration duplicate_delay = decided.duplicate_delay;
  const std::optional<WireFault>& fault = decided.fault;

  QueuedFate fate;
  fate.segment = s;
  fate.queued_ns = fate.verdict_ns = now;
  fate.dropped = dropped;
  fate.fault = fault;
  fates_.push_back(fate);
  const std::size_t index = fates_.size() - 1;
  if (dropped) {
    nfq_set_verdict(q, packet_id, NF_DROP, 0, nullptr);
    return;
  }
  // Sent (the capture's instant, just before) + the link's latency + the fault's delay, as
  // Simulator::transmit schedules the model's arrival.
  const std::int64_t held_for = latency_.count() + extra.count();
  const std::int64_t arrival = now + held_for;
  if (held_for > 0) {
    held_.push_back({packet_id, arrival, index, {}});
  } else {
    nfq_set_verdict(q, packet_id, NF_ACCEPT, 0, nullptr);
  }
  if (duplicated) {
    ++segments_;  // the copy is the next segment of the trace, as the model records it
    QueuedFate copy;
    copy.segment = s;
    copy.queued_ns = now;
    copy.copy = true;
    copy.fault = WireFault{WireAction::DuplicateCopy, fault ? fault->fault : Text{}};
    copy.original = index;
    fates_.push_back(copy);
    held_.push_back({0, arrival + duplicate_delay.count(), fates_.size() - 1,
                     std::string(reinterpret_cast<const char*>(data), size)});
  }
}

void NfqueueFaults::send_copy(const Held& held) {
  QueuedFate& fate = fates_[held.fate];
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(fate.segment.dst.ip.value);
  fate.verdict_ns = monotonic_now_ns();
  // IPPROTO_RAW implies IP_HDRINCL: the copy is the original's IP packet as queued (raw(7)).
  const ssize_t n = sendto(raw_fd_, held.bytes.data(), held.bytes.size(), 0,
                           reinterpret_cast<const sockaddr*>(&to), sizeof to);
  if (n < 0) {
    fate.dropped = true;
    fate.fault = WireFault{WireAction::Dropped, {errno_text("sending the duplicate's copy"), {}}};
  }
}

void NfqueueFaults::release_due(std::int64_t now_ns, bool run_ended) {
  nfq_q_handle* q = static_cast<nfq_q_handle*>(queue_);
  std::vector<Held> keep;
  std::vector<Held> due;
  for (auto& h : held_) (run_ended || h.due_ns <= now_ns ? due : keep).push_back(std::move(h));
  held_ = std::move(keep);
  std::stable_sort(due.begin(), due.end(),
                   [](const Held& a, const Held& b) { return a.due_ns < b.due_ns; });
  for (const Held& h : due) {
    QueuedFate& fate = fates_[h.fate];
    if (run_ended && h.due_ns > now_ns) {
      // In flight when the run ended, as the model leaves a segment due after its end: the trace
      // keeps it delayed, due then, and says it never arrived. The queue drops it.
      fate.verdict_ns = h.due_ns;
      fate.cut = true;
      if (h.packet_id != 0) nfq_set_verdict(q, h.packet_id, NF_DROP, 0, nullptr);
      continue;
    }
    if (h.packet_id == 0) {
      send_copy(h);
    } else {
      fate.verdict_ns = monotonic_now_ns();
      nfq_set_verdict(q, h.packet_id, NF_ACCEPT, 0, nullptr);
    }
  }
}

void NfqueueFaults::loop() {
  nfq_handle* h = static_cast<nfq_handle*>(handle_);
  const int fd = nfq_fd(h);
  std::vector<char> buf(65536 + 4096);
  for (;;) {
    std::int64_t next_due = std::numeric_limits<std::int64_t>::max();
    for (const auto& held : held_) next_due = std::min(next_due, held.due_ns);
    const std::int64_t now = monotonic_now_ns();
    int timeout_ms = -1;
    if (next_due != std::numeric_limits<std::int64_t>::max()) {
      // Rounded up: a held packet is never released before its time.
      timeout_ms =
          static_cast<int>(std::max<std::int64_t>(0, (next_due - now + 999'999) / 1'000'000));
    }
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    const int ready = poll(fds, 2, timeout_ms);
    if (ready < 0 && errno != EINTR) {
      error_ = errno_text("poll on the queue");
      break;
    }
    if (fds[1].revents & POLLIN) break;
    if (fds[0].revents & POLLIN) {
      const ssize_t n = recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
      if (n > 0) {
        nfq_handle_packet(h, buf.data(), static_cast<int>(n));
      } else if (n < 0 && errno == ENOBUFS) {
        error_ = "the queue overflowed (ENOBUFS): some packets were dropped by the kernel";
      }
    }
    release_due(monotonic_now_ns(), false);
  }
}

std::vector<QueuedFate> NfqueueFaults::stop(std::int64_t origin_ns) {
  if (thread_.joinable()) {
    const char byte = 's';
    (void)!write(wake_[1], &byte, 1);
    thread_.join();
    release_due(monotonic_now_ns(), true);
  }
  std::vector<QueuedFate> fates = fates_;
  for (auto& f : fates) {
    f.queued_ns -= origin_ns;
    f.verdict_ns -= origin_ns;
  }
  return fates;
}

namespace {
Message still_held(const QueuedFate& f) {
  const std::string words = fault_text(f.fault, f.segment);
  const std::string due = format_duration(Duration{f.verdict_ns});
  if (f.copy) {
    return {N_("the copy of a duplicated segment ({0}) was still held when the run ended, due at "
               "{1}: it never arrived (the netfilter queue dropped it with the run's namespace)"),
            {words, due}};
  }
  if (words.empty()) {  // held by the lesson's link latency alone
    return {N_("a segment on the lesson's link was still held when the run ended, due at {0}: it "
               "never arrived (the netfilter queue dropped it with the run's namespace)"),
            {due}};
  }
  return {N_("a delayed segment ({0}) was still held when the run ended, due at {1}: it never "
             "arrived (the netfilter queue dropped it with the run's namespace)"),
          {words, due}};
}
}  // namespace

std::vector<Message> apply_queued_fates(std::vector<CapturedPacket>& packets,
                                        const std::vector<QueuedFate>& fates) {
  std::vector<Message> warnings;
  std::vector<bool> taken(packets.size(), false);
  std::vector<std::size_t> packet_of(fates.size(), std::numeric_limits<std::size_t>::max());
  auto same = [](const Segment& a, const Segment& b) {
    return a.src == b.src && a.dst == b.dst && a.seq == b.seq && a.ack == b.ack &&
           a.flags.bits() == b.flags.bits() && a.payload == b.payload;
  };
  // The capture sees a packet before the input hook queues it; the clocks (pcap's wall clock
  // made monotonic, and the engine's) agree within a millisecond.
  constexpr std::int64_t kSlack = 1'000'000;
  for (std::size_t i = 0; i < fates.size(); ++i) {
    const QueuedFate& f = fates[i];
    if (f.copy) continue;
    for (std::size_t p = 0; p < packets.size(); ++p) {
      if (taken[p] || !same(packets[p].segment, f.segment) ||
          packets[p].t_ns > f.queued_ns + kSlack)
        continue;
      taken[p] = true;
      packet_of[i] = p;
      CapturedPacket& packet = packets[p];
      packet.dropped = f.dropped;
      // Only the link held it: keep what the packet already is (an injection's mark).
      if (f.fault) packet.fault = f.fault;
      packet.arrives_ns = f.dropped ? packet.t_ns : std::max(f.verdict_ns, packet.t_ns);
      if (f.cut) warnings.push_back(still_held(f));
      break;
    }
    if (packet_of[i] == std::numeric_limits<std::size_t>::max() && f.fault) {
      warnings.push_back({N_("the fault engine acted on a segment the capture did not see ({0})"),
                          {fault_text(f.fault, f.segment)}});
    }
  }
  for (std::size_t i = 0; i < fates.size(); ++i) {
    const QueuedFate& f = fates[i];
    if (!f.copy) continue;
    const std::size_t original = packet_of[f.original];
    if (original == std::numeric_limits<std::size_t>::max()) continue;
    const std::int64_t sent = packets[original].t_ns;
    if (f.dropped || f.cut) {
      // Never sent (it failed, or the run ended first): still part of what the wire did.
      CapturedPacket copy;
      copy.t_ns = sent;
      copy.segment = f.segment;
      copy.dropped = f.dropped;
      copy.fault = f.fault;
      copy.arrives_ns = f.dropped ? sent : f.verdict_ns;
      copy.copy = true;
      if (f.cut) warnings.push_back(still_held(f));
      packets.push_back(std::move(copy));
      taken.push_back(true);
      continue;
    }
    bool found = false;
    for (std::size_t p = 0; p < packets.size(); ++p) {
      if (taken[p] || !same(packets[p].segment, f.segment) ||
          packets[p].t_ns + kSlack < f.verdict_ns)
        continue;
      taken[p] = true;
      packets[p].arrives_ns = packets[p].t_ns;
      packets[p].t_ns = sent;  // sent when its original was, as the model records it
      packets[p].fault = f.fault;
      packets[p].copy = true;
      found = true;
      break;
    }
    if (!found) {
      warnings.push_back({N_("a duplicate's copy was sent but the capture did not see it"), {}});
    }
  }
  return warnings;
}

namespace {
std::string try_nfqueue() {
  Scenario none;
  NfqueueFaults engine(none, {});
  std::string error = engine.start();
  return error.empty() ? "yes" : "no: " + error;
}
}  // namespace

const NfqueueAvailability& nfqueue_availability() {
  static NfqueueAvailability result;
  static std::once_flag once;
  std::call_once(once, [] {
    const SandboxOutcome outcome = run_sandboxed(
        Isolation::PrivateNamespace, [](int) { return try_nfqueue(); }, std::chrono::seconds(10));
    if (outcome.status != SandboxOutcome::Status::Finished) {
      result.detail = outcome.message;
      return;
    }
    result.known = true;
    result.available = outcome.payload == "yes";
    result.detail = outcome.payload.rfind("no: ", 0) == 0 ? outcome.payload.substr(4) : "";
  });
  return result;
}

}  // namespace tcplab::real
