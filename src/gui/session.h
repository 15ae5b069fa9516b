#pragma once
// What the GUI is showing: one trace, everything derived from it, and the user's place in it
// (cursor step, zoom, selected segment). A re-run replaces the trace and keeps the step.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/trace.h"
#include "gui/bind_reuse_table.h"
#include "gui/connection_columns.h"
#include "gui/narration.h"
#include "gui/side_by_side.h"
#include "gui/state_census.h"
#include "gui/step_cursor.h"
#include "gui/timeline_index.h"
#include "gui/timeline_view.h"
#include "present/state_replay.h"
#include "scenario/backend.h"
#include "scenario/scenario.h"

namespace tcplab::gui {

class Session {
 public:
  // Shows `trace` (from a lesson run or a file) under `title`. The cursor keeps its step.
  void show(Trace trace, std::string title);
  // Shows two runs side by side; the cursor walks their merged trace (which trace() then is).
  void show_side_by_side(std::unique_ptr<SideBySide> pair, std::string title);
  const SideBySide* side_by_side() const { return pair_.get(); }
  // The trace's connections in columns, when they are asked for (the lesson's [view] or the
  // View menu) and there are two or more; nullptr: the ladder is drawn by host.
  const ConnectionColumns* columns() const;
  bool connection_columns = false;
  bool has_trace() const { return trace_ != nullptr; }
  const Trace& trace() const { return *trace_; }
  const TimelineIndex& index() const { return index_; }
  const StateCensus& census() const { return census_; }
  // Every socket's state at the cursor's step (replayed on from the last call, so stepping on
  // costs one event each).
  const present::StateReplay& states() const;
  // One event as a sentence for the class, its calls with the lesson's socket names.
  std::string sentence(const TraceEvent& event) const;
  const std::string& title() const { return title_; }
  void set_title(std::string title) { title_ = std::move(title); }  // the language changed
  // Set when the view should fit the whole trace on the next frame (a new trace, "Fit").
  bool want_fit = true;
  // Asked for by the teacher (0, double-click, View > Fit): the whole lesson, even in presentation
  // mode where a fit otherwise zooms to readable rows. A new trace or F5 forgets it.
  bool fit_whole_lesson = false;

  StepCursor cursor;
  TimelineView view;
  std::uint64_t selected_segment = 0;

  // The lesson behind the trace, if it came from one; its narration placed on the trace.
  std::optional<Scenario> scenario;  // as run: the lesson with the panel's edits
  std::optional<Scenario> lesson;    // as loaded, for "Reset knobs"
  std::vector<PlacedNarration> narration;
  std::vector<BindReuseRow> bind_reuse;  // its restarts' SO_REUSEADDR table, the whole run's
  RunOptions options;  // the knobs the lesson panel set
  void set_scenario(Scenario s);

 private:
  std::unique_ptr<Trace> trace_;
  std::unique_ptr<SideBySide> pair_;
  mutable std::unique_ptr<ConnectionColumns> columns_;  // split when first asked for
  TimelineIndex index_;
  StateCensus census_;
  mutable present::StateReplay states_;  // a cache: follows the cursor when asked
  std::string title_;
};

// Runs a lesson on the model and returns its trace; throws ScenarioError.
using LessonRunner = std::function<RunResult(const Scenario&, const RunOptions&)>;

}  // namespace tcplab::gui
