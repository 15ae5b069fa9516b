#include "present/state_replay.h"

#include <cctype>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"

namespace tcplab::present {
namespace {

namespace fs = std::filesystem;

// What the views used to compute each on their own: a walk from the first event to `step`.
struct Reference {
  std::map<std::string, SocketState> live;
  StateCounts counts{};
  std::map<std::string, StateCounts> per_host;
  const StateEvent* last_change = nullptr;
};

Reference replay_from_scratch(const Trace& trace, std::size_t step) {
  Reference r;
  for (std::size_t i = 0; i < step; ++i) {
    const TraceEvent& e = trace.events()[i];
    if (const auto* st = get_if<StateEvent>(&e.body)) {
      r.last_change = st;
      if (st->to == TcpState::Closed) {
        r.live.erase(st->endpoint);
        continue;
      }
      SocketState& s = r.live[st->endpoint];
      if (s.state != st->to) s.since = e.at;
      s.host = st->host;
      s.endpoint = st->endpoint;
      s.state = st->to;
      s.tuple = st->tuple;
    } else if (const auto* tm = get_if<TimerEvent>(&e.body)) {
      auto it = r.live.find(tm->endpoint);
      if (it == r.live.end()) continue;
      auto& pending = it->second.timers[static_cast<std::size_t>(tm->timer)];
      if (tm->action == TimerAction::Armed) {
        pending = tm->deadline;
      } else {
        pending.reset();
      }
    }
  }
  for (const auto& [label, s] : r.live) {
    ++r.counts[static_cast<std::size_t>(s.state)];
    ++r.per_host[s.host][static_cast<std::size_t>(s.state)];
  }
  return r;
}

void expect_same(const StateReplay& replay, const Reference& want, const std::string& where) {
  ASSERT_EQ(replay.socket_count(), want.live.size()) << where;
  EXPECT_EQ(replay.counts(), want.counts) << where;
  EXPECT_EQ(replay.last_change(), want.last_change) << where;
  for (const auto& [host, counts] : want.per_host) {
    EXPECT_EQ(replay.counts_on(host), counts) << where << " host " << host;
  }
  for (const SocketState* s : replay.sockets()) {
    auto it = want.live.find(s->endpoint);
    ASSERT_NE(it, want.live.end()) << where << ": " << s->endpoint << " should be gone";
    EXPECT_EQ(s->host, it->second.host) << where;
    EXPECT_EQ(s->state, it->second.state) << where << " " << s->endpoint;
    EXPECT_EQ(s->since, it->second.since) << where << " " << s->endpoint;
    EXPECT_EQ(s->timers, it->second.timers) << where << " " << s->endpoint;
    EXPECT_EQ(to_string(s->tuple.local), to_string(it->second.tuple.local)) << where;
    EXPECT_EQ(to_string(s->tuple.remote), to_string(it->second.tuple.remote)) << where;
  }
}

struct Lesson {
  fs::path file;
};
void PrintTo(const Lesson& l, std::ostream* os) { *os << l.file.filename().string(); }

std::vector<Lesson> lessons() {
  std::vector<Lesson> out;
  for (const fs::path& f : lesson_files(fs::path(TCPLAB_SOURCE_DIR) / "lessons"))
    out.push_back({f});
  return out;
}

class EveryLesson : public ::testing::TestWithParam<Lesson> {};

// Stepping on one event at a time agrees with a replay from the start, at every step (at most
// kMaxChecked steps, spread evenly, on a trace so long that checking each would be quadratic).
TEST_P(EveryLesson, SteppingOnAgreesWithAReplayFromScratch) {
  const Trace trace = ModelBackend().run(load_lesson_file(GetParam().file), {}).trace;
  ASSERT_FALSE(trace.empty());
  constexpr std::size_t kMaxChecked = 2000;
  const std::size_t stride = trace.size() / kMaxChecked + 1;
  StateReplay replay(trace);
  for (std::size_t step = 0;; ++step) {
    ASSERT_EQ(replay.step(), step);
    if (step % stride == 0 || step == trace.size()) {
      expect_same(replay, replay_from_scratch(trace, step), "step " + std::to_string(step));
      if (HasFatalFailure()) return;
    }
    if (step == trace.size()) break;
    replay.advance();
  }
  // Seeking back replays from the start and lands on the same states.
  const std::size_t middle = trace.size() / 2;
  replay.seek(middle);
  expect_same(replay, replay_from_scratch(trace, middle), "after seeking back");
  replay.seek(trace.size() + 10);
  EXPECT_EQ(replay.step(), trace.size());
}

INSTANTIATE_TEST_SUITE_P(Lessons, EveryLesson, ::testing::ValuesIn(lessons()),
                         [](const auto& lesson) {
                           std::string name = id_from_file_name(lesson.param.file);
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(StateReplay, AtStepZeroNothingExists) {
  const Trace trace;
  StateReplay replay(trace);
  EXPECT_EQ(replay.socket_count(), 0u);
  EXPECT_EQ(replay.last_change(), nullptr);
  replay.advance();  // nothing to apply
  EXPECT_EQ(replay.step(), 0u);
}

}  // namespace
}  // namespace tcplab::present
