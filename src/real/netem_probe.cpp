#include "real/netem_probe.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>

#include <libmnl/libmnl.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "real/sandbox.h"

namespace tcplab::real {

namespace {

constexpr std::size_t kBufferBytes = 8192;

// The probe's answer across the sandbox's pipe: one tag byte, then the detail.
constexpr char kYes = 'y';
constexpr char kNo = 'n';
constexpr char kError = 'e';

// In a fresh namespace: RTM_NEWQDISC netem on lo. Returns kYes, kNo + why, or kError + what.
std::string try_netem() {
  mnl_socket* nl = mnl_socket_open(NETLINK_ROUTE);
  if (!nl) return kError + std::string("netlink: ") + std::strerror(errno);
  if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
    mnl_socket_close(nl);
    return kError + std::string("netlink bind: ") + std::strerror(errno);
  }
  alignas(nlmsghdr) char buffer[kBufferBytes];
  nlmsghdr* nlh = mnl_nlmsg_put_header(buffer);
  nlh->nlmsg_type = RTM_NEWQDISC;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
  nlh->nlmsg_seq = 1;
  auto* tc = static_cast<tcmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(tcmsg)));
  tc->tcm_family = AF_UNSPEC;
  tc->tcm_ifindex = static_cast<int>(if_nametoindex("lo"));
  tc->tcm_handle = 0x10000;  // 1:0
  tc->tcm_parent = TC_H_ROOT;
  mnl_attr_put_strz(nlh, TCA_KIND, "netem");
  tc_netem_qopt options{};
  options.limit = 1000;
  options.latency = 1000;  // in scheduler ticks; any value will do for the question
  mnl_attr_put(nlh, TCA_OPTIONS, sizeof options, &options);
  std::string answer = kError + std::string("no answer from rtnetlink");
  if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) >= 0) {
    const ssize_t n = mnl_socket_recvfrom(nl, buffer, sizeof buffer);
    if (n > 0) {
      const int rc = mnl_cb_run(buffer, static_cast<std::size_t>(n), 1, mnl_socket_get_portid(nl),
                                nullptr, nullptr);
      const int error = errno;
      answer = rc >= 0 ? std::string(1, kYes) : kNo + std::string(std::strerror(error));
      if (rc < 0 && error == ENOENT)
        answer = kNo + std::string("the kernel does not know the qdisc kind 'netem' (ENOENT)");
    }
  }
  mnl_socket_close(nl);
  return answer;
}

}  // namespace

const NetemAvailability& netem_availability() {
  static NetemAvailability result;
  static std::once_flag once;
  std::call_once(once, [] {
    const SandboxOutcome outcome = run_sandboxed(
        Isolation::PrivateNamespace, [](int) { return try_netem(); }, std::chrono::seconds(10));
    if (outcome.status != SandboxOutcome::Status::Finished) {
      result.detail = outcome.message;
      return;
    }
    const char tag = outcome.payload.empty() ? kError : outcome.payload[0];
    result.detail =
        outcome.payload.empty() ? "no answer from the probe" : outcome.payload.substr(1);
    result.known = tag != kError;
    result.available = tag == kYes;
  });
  return result;
}

}  // namespace tcplab::real
