#include "gui/session.h"

#include "present/event_sentence.h"
#include "scenario/call_args.h"

namespace tcplab::gui {

void Session::show(Trace trace, std::string title) {
  const bool first = trace_ == nullptr;
  pair_.reset();
  columns_.reset();
  trace_ = std::make_unique<Trace>(std::move(trace));
  index_ = TimelineIndex(*trace_, fold_policy_for(*trace_));
  census_ = StateCensus(*trace_);
  states_ = present::StateReplay(*trace_);
  cursor.attach(trace_.get());
  title_ = std::move(title);
  if (scenario) narration = place_narration(*scenario, *trace_);
  bind_reuse = scenario ? bind_reuse_rows(*trace_, *scenario) : std::vector<BindReuseRow>{};
  if (selected_segment > trace_->segment_count()) selected_segment = 0;
  if (first) want_fit = true;
}

void Session::show_side_by_side(std::unique_ptr<SideBySide> pair, std::string title) {
  show(pair->merged(), std::move(title));
  pair_ = std::move(pair);
}

const ConnectionColumns* Session::columns() const {
  if (!connection_columns || pair_ || !trace_) return nullptr;
  if (!columns_) columns_ = std::make_unique<ConnectionColumns>(*trace_);
  return columns_->empty() ? nullptr : columns_.get();
}

const present::StateReplay& Session::states() const {
  states_.seek(cursor.step());
  return states_;
}

std::string Session::sentence(const TraceEvent& event) const {
  const auto* call = get_if<CallEvent>(&event.body);
  return present::event_sentence(
      event, call && scenario ? call_names(*scenario, *call) : present::CallNames{});
}

void Session::set_scenario(Scenario s) {
  lesson = s;
  connection_columns = s.columns == TimelineColumns::Connection;
  scenario = std::move(s);
  narration = trace_ ? place_narration(*scenario, *trace_) : std::vector<PlacedNarration>{};
  bind_reuse = trace_ ? bind_reuse_rows(*trace_, *scenario) : std::vector<BindReuseRow>{};
}

}  // namespace tcplab::gui
