#include "gui/lesson_edits.h"

#include <algorithm>

#include "core/profile.h"
#include "gui/scenario_edits.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

FaultSpec drop_segment_fault(std::uint64_t id) {
  FaultSpec drop;
  drop.action = FaultAction::Drop;
  drop.match.segment_id = id;
  // Worded in both languages now: the description travels with the fault into the trace.
  // TRANSLATORS: {0} the segment's number on the ladder.
  constexpr const char* kDropped = N_("dropped from the GUI: segment #{0}");
  const std::string number = std::to_string(id);
  drop.description = Text(fill(kDropped, {number}),
                          fill(present::tr_in(present::kChinese, kDropped), {number}));
  return drop;
}

LessonEdits edits_of(const Scenario& lesson, const Scenario& as_run, const RunOptions& options) {
  LessonEdits edits;
  if (options.profile && *options.profile != lesson.profile) edits.profile = options.profile;
  edits.knobs = options.knobs;
  if (as_run.link.latency != lesson.link.latency) edits.latency = as_run.link.latency;
  for (const HostSpec& host : lesson.hosts) {
    if (const bool on = has_reuse_addr(as_run, host.name); on != has_reuse_addr(lesson, host.name))
      edits.reuse_addr.emplace_back(host.name, on);
    if (const bool on = has_linger_zero(as_run, host.name);
        on != has_linger_zero(lesson, host.name))
      edits.linger_zero.emplace_back(host.name, on);
  }
  for (const FaultSpec& f : options.extra_faults) {
    if (f.action == FaultAction::Drop && f.match.segment_id) edits.dropped.push_back(*f.match.segment_id);
  }
  return edits;
}

std::optional<EditsRefused> apply_edits(const LessonEdits& edits, const Scenario& lesson,
                                        Scenario& as_run, RunOptions& options) {
  const std::string profile_name = edits.profile.value_or(lesson.profile);
  std::optional<Profile> profile = profile_by_name(profile_name);
  if (!profile) {
    // TRANSLATORS: {0} a profile name that does not exist.
    return EditsRefused{"profile", fill(tr("no profile is called '{0}' (rfc9293, linux)"),
                                        {profile_name})};
  }
  for (const auto& [name, value] : lesson.knobs) set_knob(*profile, name, value);
  for (const auto& [name, value] : edits.knobs) {
    if (auto error = set_knob(*profile, name, value)) return EditsRefused{"knob." + name, *error};
  }
  auto known_host = [&](const std::string& host) {
    return std::any_of(lesson.hosts.begin(), lesson.hosts.end(),
                       [&](const HostSpec& h) { return h.name == host; });
  };
  // TRANSLATORS: {0} a host name a link names; the lesson has no such host.
  const auto no_host = [](const std::string& host) {
    return fill(tr("the lesson has no host '{0}'"), {host});
  };
  for (const auto& [host, on] : edits.reuse_addr) {
    if (!known_host(host)) return EditsRefused{"reuseaddr." + host, no_host(host)};
  }
  for (const auto& [host, on] : edits.linger_zero) {
    if (!known_host(host)) return EditsRefused{"linger0." + host, no_host(host)};
  }
  for (std::uint64_t id : edits.dropped) {
    if (id == 0) return EditsRefused{"drop", tr("segments are numbered from 1")};
  }

  Scenario scenario = lesson;
  if (edits.latency) set_latency(scenario, *edits.latency);
  for (const auto& [host, on] : edits.reuse_addr) set_reuse_addr(scenario, host, on);
  for (const auto& [host, on] : edits.linger_zero) set_linger_zero(scenario, host, on);
  RunOptions run;
  run.profile = edits.profile;
  run.knobs = edits.knobs;
  for (std::uint64_t id : edits.dropped) run.extra_faults.push_back(drop_segment_fault(id));
  as_run = std::move(scenario);
  options = std::move(run);
  return std::nullopt;
}

}  // namespace tcplab::gui
