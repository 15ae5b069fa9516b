// Property: random programs on two hosts, with random losses, duplicates and delays, always run
// to an end; and their traces keep the model's promises: time never goes backwards, each
// endpoint's states chain, no two live connections share a four-tuple, segments arrive after
// they are sent. And the same scenario and seed give the same trace.
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "scenario/model_backend.h"
#include "support/scenario_builder.h"
#include "support/trace_text.h"

namespace tcplab::testing {
namespace {

using namespace std::chrono_literals;

Scenario random_scenario(std::mt19937_64& random) {
  ScenarioBuilder b(random() % 2 ? "linux" : "rfc9293");
  b.latency(std::chrono::milliseconds(1 + random() % 20))
      .knob("tcp_fin_timeout", "3s")
      .knob("time_wait", "5s");
  b.step("server", socket_call("l"));
  if (random() % 2) b.step("server", reuse_call("l"));
  b.step("server", bind_call("l", "127.0.0.2:5555")).step("server", listen_call("l", 2));
  const int connections = 1 + static_cast<int>(random() % 3);
  b.phase("server", connections);
  b.step("server", accept_call("l", "c"));
  const auto ms = [&](int max) {
    return std::chrono::milliseconds(random() % static_cast<unsigned>(max));
  };
  for (int i = 0, n = static_cast<int>(random() % 4); i < n; ++i) {
    switch (random() % 5) {
      case 0:
        b.step("server", send_call("c", "data"), wait(ms(300)));
        break;
      case 1:
        b.step("server", recv_call("c"), wait(ms(50)));
        break;
      case 2:
        b.step("server", shutdown_write("c"), wait(ms(300)));
        break;
      case 3:
        b.step("server", linger_call("c", true, 0));
        break;
      default:
        b.step("server", send_call("c", "more data"), wait(ms(100)));
        break;
    }
  }
  b.step("server", close_call("c"), wait(ms(400)));
  b.phase("client", connections);
  b.step("client", socket_call("s"), wait(ms(200)));
  b.step("client", connect_call("s", random() % 8 ? "127.0.0.2:5555" : "127.0.0.2:7"));
  for (int i = 0, n = static_cast<int>(random() % 4); i < n; ++i) {
    switch (random() % 4) {
      case 0:
        b.step("client", send_call("s", "hello"), wait(ms(300)));
        break;
      case 1:
        b.step("client", recv_call("s"), wait(ms(50)));
        break;
      case 2:
        b.step("client", shutdown_write("s"), wait(ms(300)));
        break;
      default:
        b.step("client", linger_call("s", true, 0));
        break;
    }
  }
  b.step("client", close_call("s"), wait(ms(400)));
  for (int i = 0, n = static_cast<int>(random() % 3); i < n; ++i) {
    FaultSpec f;
    const FaultAction kinds[] = {FaultAction::Drop, FaultAction::Duplicate, FaultAction::Delay,
                               FaultAction::Reorder, FaultAction::RandomLoss};
    f.action = kinds[random() % 5];
    f.match.from = random() % 2 ? "client" : "server";
    const char* flags[] = {"F.", ".", "S", "S.", "P.", "R."};
    if (random() % 2) f.match.flags = parse_tcpdump_flags(flags[random() % 6]);
    f.match.nth = 1 + static_cast<int>(random() % 3);
    f.match.count = random() % 4 == 0 ? -1 : 1;
    f.delay = ms(500);
    f.probability = 0.3;
    b.fault(f);
  }
  Scenario s = b.build();
  s.time_limit = std::chrono::minutes(30);
  return s;
}

void check_trace(const Trace& trace) {
  Instant last{};
  std::map<std::string, TcpState> state;  // endpoint -> current state
  std::map<std::string, FourTuple> tuple_of;
  for (const TraceEvent& e : trace.events()) {
    ASSERT_GE(e.at, last) << "time went backwards";
    last = e.at;
    if (const auto* s = get_if<SegmentEvent>(&e.body)) {
      EXPECT_GE(s->arrives_at, e.at);
    }
    if (const auto* s = get_if<StateEvent>(&e.body)) {
      auto it = state.find(s->endpoint);
      if (it != state.end()) {
        EXPECT_EQ(rfc_name(it->second), rfc_name(s->from)) << s->endpoint << " skipped a state";
      }
      state[s->endpoint] = s->to;
      if (s->to != TcpState::Listen && s->to != TcpState::Closed) tuple_of[s->endpoint] = s->tuple;
      // No two live connections (TIME-WAIT included) share a four-tuple.
      std::set<FourTuple> live;
      for (const auto& [endpoint, st] : state) {
        if (st == TcpState::Closed || st == TcpState::Listen) continue;
        const FourTuple t = tuple_of[endpoint];
        ASSERT_TRUE(live.insert(t).second) << "two live connections on " << to_string(t);
      }
    }
  }
}

TEST(ScenarioProperty, RandomProgramsAndFaultsKeepTheModelsPromises) {
  std::map<std::string, int> seen;  // what the random runs exercised, so the test is not vacuous
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    std::mt19937_64 random(seed);
    const Scenario s = random_scenario(random);
    RunResult r;
    ASSERT_NO_THROW(r = ModelBackend().run(s, {})) << "seed " << seed;
    EXPECT_TRUE(r.completed) << "seed " << seed << ": "
                             << ::testing::PrintToString(testing::warning_texts(r.trace));
    SCOPED_TRACE("seed " + std::to_string(seed));
    check_trace(r.trace);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << describe(r.trace);
      return;
    }
    for (const TraceEvent& e : r.trace.events()) {
      if (const auto* seg = get_if<SegmentEvent>(&e.body)) {
        ++seen["segments"];
        if (seg->fate == SegmentFate::Dropped) ++seen["dropped"];
        if (seg->retransmission) ++seen["retransmitted"];
        if (seg->segment.flags.rst()) ++seen["rst"];
      }
      if (const auto* st = get_if<StateEvent>(&e.body)) ++seen[std::string(rfc_name(st->to))];
      if (const auto* c = get_if<CallEvent>(&e.body); c && c->error != Errno::None) {
        ++seen[std::string(errno_name(c->error))];
      }
    }
  }
  for (const char* what : {"segments", "dropped", "retransmitted", "rst", "TIME-WAIT", "CLOSING",
                           "LAST-ACK", "FIN-WAIT-2", "ECONNRESET", "ECONNREFUSED"}) {
    EXPECT_GT(seen[what], 0) << "no random run exercised " << what;
  }
}

TEST(Determinism, SameScenarioAndSeedGiveTheSameTraceByteForByte) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 random(seed);
    const Scenario s = random_scenario(random);
    RunOptions o;
    o.seed = 42;
    EXPECT_EQ(describe(ModelBackend().run(s, o).trace), describe(ModelBackend().run(s, o).trace));
  }
}

TEST(Determinism, AnotherSeedChangesIsnsButNotRelativeNumbers) {
  std::mt19937_64 random(3);
  const Scenario s = random_scenario(random);
  RunOptions a, b;
  a.seed = 1;
  b.seed = 2;
  const Trace ta = ModelBackend().run(s, a).trace;
  const Trace tb = ModelBackend().run(s, b).trace;
  ASSERT_GT(ta.segment_count(), 0u);
  ASSERT_EQ(ta.segment_count(), tb.segment_count());
  EXPECT_NE(ta.segment_by_id(1)->segment.seq, tb.segment_by_id(1)->segment.seq);
  for (std::uint64_t id = 1; id <= ta.segment_count(); ++id) {
    EXPECT_EQ(ta.segment_by_id(id)->rel_seq, tb.segment_by_id(id)->rel_seq);
  }
}

}  // namespace
}  // namespace tcplab::testing
