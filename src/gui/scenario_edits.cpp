#include "gui/scenario_edits.h"

#include <algorithm>

#include "core/profile.h"

namespace tcplab::gui {

namespace {

// The suffix of steps the GUI inserts, so they can be found and removed again.
constexpr std::string_view kReuseSuffix = ".gui-reuseaddr";
constexpr std::string_view kLingerSuffix = ".gui-linger0";

bool creates_socket(const Step& s) {
  return (s.call.kind == CallKind::Socket || s.call.kind == CallKind::Accept) &&
         !s.call.result_var.empty();
}

void edit(Scenario& scenario, const std::string& host, CallKind kind, std::string_view suffix,
          bool on) {
  for (Program& program : scenario.programs) {
    if (program.host != host) continue;
    for (Phase& phase : program.phases) {
      // The GUI's own earlier additions go; the lesson's own setsockopt() calls are switched.
      std::erase_if(phase.steps, [&](const Step& s) { return s.label.ends_with(suffix); });
      for (Step& s : phase.steps) {
        if (s.call.kind != kind) continue;
        s.call.flag = on;
        if (kind == CallKind::SetLinger) s.call.linger_seconds = 0;
      }
      if (!on) continue;
      std::vector<Step> steps;
      for (const Step& s : phase.steps) {
        steps.push_back(s);
        if (!creates_socket(s)) continue;
        const bool already =
            std::any_of(phase.steps.begin(), phase.steps.end(), [&](const Step& o) {
              return o.call.kind == kind && o.call.socket == s.call.result_var;
            });
        if (already) continue;
        Step opt;
        opt.label = s.label + std::string(suffix);
        opt.call.kind = kind;
        opt.call.socket = s.call.result_var;
        opt.call.flag = true;
        opt.call.linger_seconds = 0;
        opt.where = s.where;
        steps.push_back(opt);
      }
      phase.steps = std::move(steps);
    }
  }
}

bool has(const Scenario& scenario, const std::string& host, CallKind kind) {
  for (const Program& program : scenario.programs) {
    if (program.host != host) continue;
    for (const Phase& phase : program.phases) {
      for (const Step& s : phase.steps) {
        if (s.call.kind == kind && s.call.flag &&
            (kind != CallKind::SetLinger || s.call.linger_seconds == 0)) {
          return true;
        }
      }
    }
  }
  return false;
}

}  // namespace

void set_reuse_addr(Scenario& scenario, const std::string& host, bool on) {
  edit(scenario, host, CallKind::SetReuseAddr, kReuseSuffix, on);
}
bool has_reuse_addr(const Scenario& scenario, const std::string& host) {
  return has(scenario, host, CallKind::SetReuseAddr);
}
void set_linger_zero(Scenario& scenario, const std::string& host, bool on) {
  edit(scenario, host, CallKind::SetLinger, kLingerSuffix, on);
}
bool has_linger_zero(const Scenario& scenario, const std::string& host) {
  return has(scenario, host, CallKind::SetLinger);
}
void set_latency(Scenario& scenario, Duration one_way) { scenario.link.latency = one_way; }

std::string knob_value(const Scenario& scenario, const RunOptions& options,
                       const std::string& knob) {
  for (auto it = options.knobs.rbegin(); it != options.knobs.rend(); ++it) {
    if (it->first == knob) return it->second;
  }
  if (auto it = scenario.knobs.find(knob); it != scenario.knobs.end()) return it->second;
  // Neither: what the profile says, printed as a lesson would write it.
  const auto profile = profile_by_name(options.profile.value_or(scenario.profile));
  if (!profile) return "";
  return get_knob(*profile, knob).value_or("");
}

}  // namespace tcplab::gui
