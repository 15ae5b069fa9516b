// What send(), recv(), connect(), accept() and close() return after an RST arrives, state by state,
// and close() with SO_LINGER: each row a small lesson run on the real kernel and on the model
// (linux profile), judged by the same assertions (docs/linux-facts.md, "Errors after a reset").
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "linux_facts_lessons.h"
#include "scenario/model_backend.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

// One call's outcome as the rows write it: the errno's name, "fd" for a new descriptor, or the
// return value.
std::string outcome(const CallEvent& c) {
  if (c.error != Errno::None) return std::string(errno_name(c.error));
  if ((c.call == "accept" || c.call == "socket") && c.result >= 0) return "fd";
  return std::to_string(c.result);
}

struct Expected {
  const char* step;
  const char* outcome;
};

struct ErrnoRow {
  const char* name;
  Scenario (*scenario)();
  Duration limit;
  std::vector<Expected> calls;
  // What else the row checks on the trace (timing of a lingering close()), or nullptr.
  void (*also)(const Trace&) = nullptr;
};

void PrintTo(const ErrnoRow& row, std::ostream* os) { *os << row.name; }

void expect_outcomes(const ErrnoRow& row, const Trace& t) {
  for (const Expected& e : row.calls) {
    const CallEvent* c = call(t, e.step);
    ASSERT_TRUE(c) << e.step << " was never called\n" << ladder(t);
    EXPECT_EQ(outcome(*c), e.outcome) << e.step << "\n" << ladder(t);
  }
  if (row.also) row.also(t);
}

// When the ACK of the client's FIN reached the client, if one did.
std::optional<Instant> fin_acked_at(const Trace& t) {
  std::optional<SeqNum> fin_end;
  for (const TraceEvent& e : t.events()) {
    const auto* s = get_if<SegmentEvent>(&e.body);
    if (!s) continue;
    if (s->from == "client" && s->segment.flags.fin())
      fin_end = s->segment.seq + (s->segment.seq_len());
    if (fin_end && s->from == "server" && s->fate == SegmentFate::Delivered &&
        s->segment.flags.ack() && s->segment.ack == *fin_end)
      return s->arrives_at;
  }
  return std::nullopt;
}

Duration blocked(const Trace& t, const std::string& step) {
  for (const TraceEvent& e : t.events())
    if (const auto* c = get_if<CallEvent>(&e.body); c && c->step == step)
      return e.at - c->issued_at;
  return Duration{-1};
}

// close() with SO_LINGER {1, 5} returned only once the ACK of its FIN had arrived.
void close_waited_for_the_ack(const Trace& t) {
  const auto acked = fin_acked_at(t);
  ASSERT_TRUE(acked) << ladder(t);
  for (const TraceEvent& e : t.events()) {
    if (const auto* c = get_if<CallEvent>(&e.body); c && c->step == "client.close") {
      EXPECT_GE(e.at, *acked) << ladder(t);
      EXPECT_LT(e.at - c->issued_at, 1s) << ladder(t);
    }
  }
}

// close() with SO_LINGER {1, 1}, no ACK ever arriving: it returned after the linger time (whole
// jiffies: HZ 250 here, so never earlier than one tick before the second is up).
void close_waited_the_linger_time(const Trace& t) {
  EXPECT_FALSE(fin_acked_at(t)) << ladder(t);
  EXPECT_GE(blocked(t, "client.close"), 1s - 4ms) << ladder(t);
}

std::vector<std::uint16_t> syn_ports(const Trace& t) {
  std::vector<std::uint16_t> out;
  for (const TraceEvent& e : t.events())
    if (const auto* s = get_if<SegmentEvent>(&e.body);
        s && s->segment.flags == TcpFlags(TcpFlag::Syn))
      out.push_back(s->segment.src.port);
  return out;
}

// connect() again sent a new SYN, from another ephemeral port: the failed one released its port.
void two_syns_from_two_ports(const Trace& t) {
  const auto ports = syn_ports(t);
  ASSERT_EQ(ports.size(), 2u) << ladder(t);
  EXPECT_NE(ports[0], ports[1]) << ladder(t);
}

// A port the program bound stays bound: both SYNs come from it.
void two_syns_from_port_40000(const Trace& t) {
  EXPECT_EQ(syn_ports(t), (std::vector<std::uint16_t>{40000, 40000})) << ladder(t);
}

class ErrnoMatrix : public ::testing::TestWithParam<ErrnoRow> {};

TEST_P(ErrnoMatrix, OnTheKernel) {
  const ErrnoRow& row = GetParam();
  RUN_KERNEL(r, row.scenario(), row.limit);
  SKIP_WITHOUT_NAMESPACE(r.trace);
  expect_outcomes(row, r.trace);
}

TEST_P(ErrnoMatrix, OnTheModel) {
  const ErrnoRow& row = GetParam();
  RunOptions options;
  options.time_limit = row.limit;
  options.profile = "linux";
  const Trace t = ModelBackend().run(row.scenario(), options).trace;
  expect_outcomes(row, t);
}

INSTANTIATE_TEST_SUITE_P(
    LinuxFacts, ErrnoMatrix,
    ::testing::Values(
        ErrnoRow{"ResetInEstablishedRecvFirst",
                 reset_in_established_recv_first,
                 500ms,
                 {{"server.recv", "ECONNRESET"},
                  {"server.recv_again", "0"},
                  {"server.send", "EPIPE"},
                  {"server.close", "0"}}},
        ErrnoRow{
            "ResetInEstablishedSendFirst",
            reset_in_established_send_first,
            500ms,
            {{"server.send", "ECONNRESET"}, {"server.send_again", "EPIPE"}, {"server.recv", "0"}}},
        ErrnoRow{"ResetInCloseWait",
                 reset_in_close_wait,
                 500ms,
                 {{"server.eof", "0"},
                  {"server.recv", "0"},
                  {"server.send", "EPIPE"},
                  {"server.send_again", "EPIPE"}}},
        ErrnoRow{"ResetInFinWait2",
                 reset_in_fin_wait_2,
                 500ms,
                 {{"client.eof", "0"},
                  {"server.recv", "ECONNRESET"},
                  {"server.recv_again", "0"},
                  {"server.send", "EPIPE"}}},
        ErrnoRow{
            "ResetInFinWait1",
            reset_in_fin_wait_1,
            500ms,
            {{"server.recv", "ECONNRESET"}, {"server.recv_again", "0"}, {"server.send", "EPIPE"}}},
        ErrnoRow{"ConnectRefusedThenAgain",
                 [] { return connect_refused_then_again(false); },
                 500ms,
                 {{"client.connect", "ECONNREFUSED"},
                  {"client.connect_again", "ECONNREFUSED"},
                  {"client.recv", "ENOTCONN"},
                  {"client.send", "EPIPE"},
                  {"client.close", "0"}},
                 two_syns_from_two_ports},
        ErrnoRow{"ConnectRefusedThenAgainFromItsPort",
                 [] { return connect_refused_then_again(true); },
                 500ms,
                 {{"client.connect", "ECONNREFUSED"},
                  {"client.connect_again", "ECONNREFUSED"},
                  {"client.recv", "ENOTCONN"},
                  {"client.send", "EPIPE"},
                  {"client.close", "0"}},
                 two_syns_from_port_40000},
        ErrnoRow{"DataCallsNeverConnected",
                 data_calls_never_connected,
                 300ms,
                 {{"client.send", "EPIPE"},
                  {"client.recv", "ENOTCONN"},
                  {"listener.send", "EPIPE"},
                  {"listener.recv", "ENOTCONN"}}},
        ErrnoRow{"ResetInAcceptQueue",
                 reset_in_accept_queue,
                 500ms,
                 {{"server.accept", "fd"},
                  {"server.recv", "ECONNRESET"},
                  {"server.recv_again", "0"},
                  {"server.send", "EPIPE"}}},
        ErrnoRow{"LingerUntilFinAcked",
                 linger_until_fin_acked,
                 500ms,
                 {{"client.close", "0"}, {"server.recv", "0"}},
                 close_waited_for_the_ack},
        ErrnoRow{"LingerTimesOut",
                 [] { return linger_times_out(); },
                 1500ms,
                 {{"client.close", "0"}, {"server.recv", "0"}},
                 close_waited_the_linger_time},
        ErrnoRow{"LingerTimesOutNonblocking",
                 [] { return linger_times_out(true); },
                 1500ms,
                 {{"client.connect", "EINPROGRESS"}, {"client.close", "0"}, {"server.recv", "0"}},
                 close_waited_the_linger_time}),
    [](const auto& row_info) { return std::string(row_info.param.name); });

}  // namespace
}  // namespace tcplab::testing
