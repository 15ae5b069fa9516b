// The kernel backend's traces exported as pcap: tshark reads them clean, and re-opening the
// capture infers the states sock_diag reported. Skips (saying why) where the kernel cannot run.
#include <gtest/gtest.h>

#include "export/pcap_reader.h"
#include "export/pcap_writer.h"
#include "kernel_test_support.h"
#include "test_files.h"

namespace tcplab::testing {
namespace {

// The states the trace's StateEvents move the socket `local > remote` into, in order. (Where it
// started differs by nature: the kernel's accepted socket starts CLOSED, the observer's LISTEN.)
std::vector<TcpState> states_of(const Trace& trace, SocketAddress local, SocketAddress remote) {
  std::vector<TcpState> out;
  for (const TraceEvent& e : trace.events()) {
    const auto* s = get_if<StateEvent>(&e.body);
    if (s == nullptr || s->tuple.local != local || s->tuple.remote != remote) continue;
    if (out.empty() || out.back() != s->to) out.push_back(s->to);
  }
  return out;
}

// True when every state in `sub` appears in `all`, in the same order.
bool in_order(const std::vector<TcpState>& sub, const std::vector<TcpState>& all) {
  auto it = all.begin();
  for (TcpState s : sub) {
    it = std::find(it, all.end(), s);
    if (it == all.end()) return false;
    ++it;
  }
  return true;
}

std::string names(const std::vector<TcpState>& states) {
  std::string out;
  for (TcpState s : states) out += std::string(out.empty() ? "" : " ") + std::string(rfc_name(s));
  return out;
}

void expect_capture_matches_kernel(const RunResult& result, const std::string& name) {
  const std::string path = temp_path(name);
  const PcapExportResult written = write_pcap(result.trace, path);
  ASSERT_GT(written.packets, 0u);
  const Trace reopened = read_pcap(path).trace;
  ASSERT_EQ(reopened.segment_count(), written.packets);
  const SegmentEvent& syn = *reopened.segment_by_id(1);
  for (const FourTuple& socket :
       {FourTuple{syn.segment.src, syn.segment.dst}, FourTuple{syn.segment.dst, syn.segment.src}}) {
    // Polling sock_diag can miss a state the wire shows (LAST-ACK lasts microseconds on
    // loopback), never the other way round: what the kernel reported is in the inferred order.
    const auto kernel = states_of(result.trace, socket.local, socket.remote);
    const auto inferred = states_of(reopened, socket.local, socket.remote);
    EXPECT_FALSE(kernel.empty()) << to_string(socket);
    EXPECT_TRUE(in_order(kernel, inferred))
        << to_string(socket) << ": kernel " << names(kernel) << ", capture " << names(inferred);
  }
  const std::string tshark = find_program("tshark");
  if (tshark.empty()) return;
  EXPECT_EQ(
      testing::run(tshark + " -n -r " + path +
                   " -o tcp.check_checksum:TRUE -Y \"_ws.malformed || tcp.checksum.status == 0 || "
                   "ip.checksum.status == 0\" -T fields -e frame.number")
          .out,
      "");
}

TEST(KernelCapture, FourWayCloseReopenedAgreesWithSockDiag) {
  RUN_KERNEL(r, client_closes_first(50ms), 3s);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_capture_matches_kernel(r, "kernel-close.pcap");
}

TEST(KernelCapture, DroppedLastAckTsharkSeesTheRetransmittedFin) {
  RUN_KERNEL(r, dropped_last_ack(), 3s);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_capture_matches_kernel(r, "kernel-lost.pcap");
  const std::string tshark = find_program("tshark");
  if (tshark.empty()) GTEST_SKIP() << "tshark not found: scripts/setup.sh installs it";
  const std::string path = temp_path("kernel-lost.pcap");
  const std::string out = testing::run(tshark + " -n -r " + path +
                                       " -Y tcp.analysis.retransmission -T fields -e tcp.flags.fin")
                              .out;
  EXPECT_NE(out.find('1'), std::string::npos) << "no retransmitted FIN in:\n" << out;
}

TEST(KernelCapture, LingerResetReopenedShowsTheRst) {
  RUN_KERNEL(r, linger_reset(), 3s);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_capture_matches_kernel(r, "kernel-rst.pcap");
}

}  // namespace
}  // namespace tcplab::testing
