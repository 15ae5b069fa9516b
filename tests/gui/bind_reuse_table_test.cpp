// The SO_REUSEADDR table of server-restart, derived from the model's run of the shipped lesson.
#include <filesystem>

#include <gtest/gtest.h>

#include "gui/bind_reuse_table.h"
#include "gui/scenario_edits.h"
#include "model_runs.h"

namespace tcplab::gui {
namespace {

Scenario server_restart() {
  const std::filesystem::path dir = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  return load_lesson_file(resolve_lesson("server-restart", dir));
}

// The restart's bind() call behind a row: its scenario step's label.
std::string step_of(const Trace& trace, const BindReuseRow& row) {
  return get<CallEvent>(trace.events()[row.event].body).step;
}

BindReuseRow row(std::uint16_t port, bool old_reuse, bool new_reuse, std::int64_t result,
                 Errno error) {
  BindReuseRow r;
  r.host = "server";
  r.local = SocketAddress{Ipv4{0x7f000002}, port};
  r.old_reuse = old_reuse;
  r.new_reuse = new_reuse;
  r.holder = BindConflict::Holder::TimeWait;
  r.result = result;
  r.error = error;
  return r;
}

TEST(BindReuseTable, ServerRestartHasOneRowPerCombinationOfTheOption) {
  const Scenario lesson = server_restart();
  const Trace trace = model_trace(lesson);
  auto rows = bind_reuse_rows(trace, lesson);
  ASSERT_EQ(rows.size(), 4u);
  const char* steps[] = {"new1.bind", "new2.bind", "new3.bind", "new4.bind"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(step_of(trace, rows[i]), steps[i]);
    rows[i].event = 0;
  }
  EXPECT_EQ(rows[0], row(5551, false, false, -1, Errno::AddressInUse));
  EXPECT_EQ(rows[1], row(5552, false, true, -1, Errno::AddressInUse));
  EXPECT_EQ(rows[2], row(5553, true, false, -1, Errno::AddressInUse));
  EXPECT_EQ(rows[3], row(5554, true, true, 0, Errno::None));
}

TEST(BindReuseTable, FollowsTheRunNotTheLessonText) {
  // SO_REUSEADDR on every server socket (the lesson panel's knob): every restart shares.
  Scenario all_on = server_restart();
  set_reuse_addr(all_on, "server", true);
  auto rows = bind_reuse_rows(model_trace(all_on), all_on);
  ASSERT_EQ(rows.size(), 4u);
  for (BindReuseRow& r : rows) {
    EXPECT_EQ(r.old_reuse, true);
    EXPECT_TRUE(r.new_reuse);
    EXPECT_EQ(r.result, 0);
  }
  // And none: the old option is known from the listener's own calls, not from the note.
  Scenario all_off = server_restart();
  set_reuse_addr(all_off, "server", false);
  rows = bind_reuse_rows(model_trace(all_off), all_off);
  ASSERT_EQ(rows.size(), 4u);
  for (BindReuseRow& r : rows) {
    EXPECT_EQ(r.old_reuse, false);
    EXPECT_FALSE(r.new_reuse);
    EXPECT_EQ(r.error, Errno::AddressInUse);
  }
}

TEST(BindReuseTable, ARowAppearsOnlyOnceTheCursorIsPastItsBind) {
  const Scenario lesson = server_restart();
  const Trace trace = model_trace(lesson);
  const auto rows = bind_reuse_rows(trace, lesson);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows_reached(rows, rows[0].event).empty());
  EXPECT_EQ(rows_reached(rows, rows[0].event + 1).size(), 1u);
  EXPECT_EQ(rows_reached(rows, rows[3].event).size(), 3u);
  EXPECT_EQ(rows_reached(rows, trace.size()).size(), 4u);
}

}  // namespace
}  // namespace tcplab::gui
