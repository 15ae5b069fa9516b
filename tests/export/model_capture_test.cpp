// The model's lessons, exported as captures: tshark agrees with the lesson, and re-opening the
// capture infers the states the model reported.
#include <sstream>

#include <gtest/gtest.h>

#include "export/jsonl.h"
#include "export/pcap_reader.h"
#include "export/pcap_writer.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"
#include "support/scenario_builder.h"
#include "support/trace_equal.h"
#include "support/trace_query.h"
#include "support/trace_text.h"
#include "test_files.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

// The server accepts, reads until the client closes, closes `server_delay` later.
ScenarioBuilder client_closes_first(Duration server_delay) {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"))
      .step("server", close_call("c"), wait(server_delay));
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", send_call("s", "hello"))
      .step("client", close_call("s"), wait(5ms));
  return b;
}

Scenario lost_last_ack() {
  auto b = client_closes_first(50ms).latency(1ms);
  FaultSpec drop;
  drop.action = FaultAction::Drop;
  drop.match.from = "client";
  drop.match.flags = parse_tcpdump_flags(".");
  drop.match.rel_seq = 7;  // after "hello" (5 bytes) and the FIN
  drop.description = "drop the client's last ACK";
  b.fault(drop);
  return b.build();
}

Scenario linger_zero() {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", recv_call("c"));
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", linger_call("s", true, 0))
      .step("client", close_call("s"), wait(10ms));
  return b.build();
}

Scenario simultaneous_close() {
  ScenarioBuilder b;
  b.step("server", socket_call("l"))
      .step("server", bind_call("l", "127.0.0.2:5555"))
      .step("server", listen_call("l"))
      .step("server", accept_call("l", "c"))
      .step("server", close_call("c"), at(50ms));
  b.step("client", socket_call("s"), at(1ms))
      .step("client", connect_call("s", "127.0.0.2:5555"))
      .step("client", close_call("s"), at(50ms));
  return b.build();
}

// The states the model's StateEvents give an endpoint, as states_text prints them, without the
// changes no segment shows (TIME-WAIT's timer expiring).
std::string model_states(const Trace& trace, const std::string& endpoint) {
  std::string text = states_text(trace, endpoint);
  const std::string expiry = " TIME-WAIT CLOSED";
  if (text.size() > expiry.size() && text.ends_with(expiry)) {
    text.resize(text.size() - std::string(" CLOSED").size());
  }
  return text;
}

// The same for the capture's inferred states of the socket at `address`.
std::string inferred_states(const Trace& trace, SocketAddress address) {
  std::string text;
  for (const TraceEvent& e : trace.events()) {
    const auto* s = get_if<StateEvent>(&e.body);
    if (s == nullptr || s->tuple.local != address) continue;
    if (text.empty()) text = std::string(rfc_name(s->from));
    text += " " + std::string(rfc_name(s->to));
  }
  return text;
}

struct Exported {
  RunResult run;
  std::string path;
  PcapImport imported;
};

Exported run_and_export(const Scenario& scenario, const std::string& name) {
  Exported out{ModelBackend().run(scenario, {}), temp_path(name), {}};
  write_pcap(out.run.trace, out.path);
  out.imported = read_pcap(out.path);
  return out;
}

const SocketAddress kServer = addr("127.0.0.2:5555");

SocketAddress client_address(const Trace& trace) {
  return segments_of(trace).at(0)->segment.src;  // the client's SYN
}

std::string tshark_fields(const std::string& path, const std::string& args) {
  const std::string tshark = find_program("tshark");
  if (tshark.empty()) return "(tshark not installed)";
  return run(tshark + " -n -r " + path + " -o tcp.check_checksum:TRUE " + args).out;
}

TEST(ModelCapture, LostLastAckReopenedShowsTheModelsStates) {
  const Exported e = run_and_export(lost_last_ack(), "model-lost.pcap");
  ASSERT_TRUE(e.run.completed) << describe(e.run.trace);
  EXPECT_EQ(inferred_states(e.imported.trace, client_address(e.run.trace)),
            model_states(e.run.trace, "client#1"))
      << describe(e.imported.trace);
  EXPECT_EQ(inferred_states(e.imported.trace, kServer), model_states(e.run.trace, "server#2"))
      << describe(e.imported.trace);
  // The capture leaves out the lost ACK, so it has one segment fewer than the model sent.
  EXPECT_EQ(e.imported.segments + 1, e.run.trace.segment_count());
}

TEST(ModelCapture, LostLastAckTsharkMarksTheRepeatedFinAsARetransmission) {
  if (find_program("tshark").empty())
    GTEST_SKIP() << "tshark not found: scripts/setup.sh installs it";
  const Exported e = run_and_export(lost_last_ack(), "model-lost-ts.pcap");
  EXPECT_EQ(tshark_fields(e.path,
                          "-Y tcp.analysis.retransmission -T fields -e ip.src -e "
                          "tcp.flags.fin"),
            "127.0.0.2\t1\n");
  EXPECT_EQ(tshark_fields(e.path,
                          "-Y \"_ws.malformed || tcp.checksum.status == 0\" -T fields "
                          "-e frame.number"),
            "");
}

TEST(ModelCapture, LingerZeroReopenedShowsTheRstAndNoTimeWait) {
  const Exported e = run_and_export(linger_zero(), "model-linger.pcap");
  EXPECT_EQ(inferred_states(e.imported.trace, client_address(e.run.trace)),
            model_states(e.run.trace, "client#1"));
  EXPECT_EQ(inferred_states(e.imported.trace, kServer).ends_with("ESTABLISHED CLOSED"), true);
  if (!find_program("tshark").empty()) {
    EXPECT_EQ(tshark_fields(e.path, "-Y tcp.flags.reset==1 -T fields -e ip.src"), "127.0.0.1\n");
  }
}

TEST(ModelCapture, SimultaneousCloseEndsInTimeWaitOnBothSidesLikeTheModel) {
  const Exported e = run_and_export(simultaneous_close(), "model-simul.pcap");
  EXPECT_TRUE(model_states(e.run.trace, "client#1").ends_with("CLOSING TIME-WAIT"))
      << describe(e.run.trace);
  EXPECT_TRUE(
      inferred_states(e.imported.trace, client_address(e.run.trace)).ends_with("CLOSING TIME-WAIT"))
      << describe(e.imported.trace);
  EXPECT_TRUE(inferred_states(e.imported.trace, kServer).ends_with("CLOSING TIME-WAIT"))
      << describe(e.imported.trace);
}

TEST(ModelJsonLines, SameScenarioTwiceGivesByteIdenticalJsonLinesThatReadBack) {
  for (const Scenario& scenario : {lost_last_ack(), linger_zero(), simultaneous_close()}) {
    const std::string once = to_jsonl(ModelBackend().run(scenario, {}).trace);
    const std::string twice = to_jsonl(ModelBackend().run(scenario, {}).trace);
    EXPECT_EQ(once, twice);
    std::istringstream in(once);
    EXPECT_EQ(to_jsonl(read_jsonl(in, "model.jsonl")), once);
  }
}

// Every field of every event of every lesson's model trace survives JSON lines (the kernel's
// traces take the same path through the sandbox's pipe: tests/real/kernel_sandbox_test.cpp).
TEST(ModelJsonLines, EveryLessonsTraceReadsBackWithEveryField) {
  const auto files = lesson_files(std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons");
  ASSERT_GE(files.size(), 10u);
  bool verdict_code = false, earlier_verdict = false, fault = false;
  for (const auto& file : files) {
    const Trace trace = ModelBackend().run(load_lesson_file(file), {}).trace;
    std::istringstream in(to_jsonl(trace));
    const Trace back = read_jsonl(in, file.filename().string());
    EXPECT_EQ(trace_difference(trace, back), "") << file;
    for (const TraceEvent& e : trace.events()) {
      if (const auto* s = get_if<SegmentEvent>(&e.body)) {
        verdict_code = verdict_code || s->verdict.what != VerdictCode::None;
        earlier_verdict = earlier_verdict || s->earlier_verdict.has_value();
        fault = fault || s->fault.has_value();
      }
    }
  }
  // The lessons exercise the optional fields (else the check above proves less than it says).
  EXPECT_TRUE(verdict_code);
  EXPECT_TRUE(earlier_verdict);
  EXPECT_TRUE(fault);
}

}  // namespace
}  // namespace tcplab::testing
