#include "gui/views/lesson_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/profile.h"
#include "gui/font_finder.h"
#include "gui/scenario_edits.h"
#include "gui/views/imgui_geometry.h"
#include "present/time_text.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

namespace {

constexpr std::size_t kRecentEvents = 4;
constexpr float kLanguageButtonsEm = 11;  // room right of the lesson picker for EN / 中文  // "what
                                          // just happened" lines under the narration

// A knob as text, edited in place, showing the value the lesson runs with (its own setting, else
// its profile's); returns true when the user pressed Enter on a new value.
bool knob_field(Session& session, const char* label, const char* knob, const char* hint) {
  const std::string current = knob_value(*session.scenario, session.options, knob);
  std::string edited = current;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  const bool entered =
      ImGui::InputTextWithHint(label, hint, &edited, ImGuiInputTextFlags_EnterReturnsTrue);
  if (!entered || edited == current) return false;
  auto& knobs = session.options.knobs;
  std::erase_if(knobs, [&](const auto& k) { return k.first == knob; });
  if (!edited.empty()) knobs.emplace_back(knob, edited);
  return true;
}

bool knobs(Session& session) {
  bool rerun = false;
  const auto names = profile_names();
  const std::string current = session.options.profile.value_or(session.scenario->profile);
  if (ImGui::BeginCombo((std::string(tr("profile")) + "###profile").c_str(), current.c_str())) {
    for (const std::string& p : names) {
      if (ImGui::Selectable(p.c_str(), p == current)) {
        session.options.profile = p;
        rerun = true;
      }
    }
    ImGui::EndCombo();
  }
  rerun |= knob_field(session, "MSL", "msl", tr("e.g. 30s"));
  ImGui::SameLine();
  rerun |= knob_field(session, "TIME-WAIT", "time_wait", tr("e.g. 60s"));
  rerun |= knob_field(session, "tcp_tw_reuse", "tcp_tw_reuse", "0, 1, 2");
  ImGui::SameLine();
  rerun |= knob_field(session, (std::string(tr("RTO min")) + "###rto_min").c_str(), "rto_min",
                      tr("e.g. 200ms"));
  Scenario& sc = *session.scenario;
  std::string latency = present::duration_text(sc.link.latency);
  std::erase(latency, ' ');  // "10 ms" -> "10ms", as lessons write it
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (ImGui::InputText((std::string(tr("latency (one way)")) + "###latency").c_str(), &latency,
                       ImGuiInputTextFlags_EnterReturnsTrue)) {
    if (auto d = parse_duration(latency)) {
      set_latency(sc, *d);
      rerun = true;
    }
  }
  for (const HostSpec& host : sc.hosts) {
    ImGui::PushID(host.name.c_str());
    bool reuse = has_reuse_addr(sc, host.name);
    if (ImGui::Checkbox("SO_REUSEADDR", &reuse)) {
      set_reuse_addr(sc, host.name, reuse);
      rerun = true;
    }
    ImGui::SameLine();
    bool linger = has_linger_zero(sc, host.name);
    if (ImGui::Checkbox("SO_LINGER {1, 0}", &linger)) {
      set_linger_zero(sc, host.name, linger);
      rerun = true;
    }
    ImGui::SameLine();
    // TRANSLATORS: {0} the host the two socket options above are set on.
    ImGui::TextUnformatted(fill(tr("on {0}"), {host.name}).c_str());
    ImGui::PopID();
  }
  if (!session.options.extra_faults.empty()) {
    std::string dropped;
    for (const FaultSpec& f : session.options.extra_faults) {
      if (f.match.segment_id) dropped += " #" + std::to_string(*f.match.segment_id);
    }
    // TRANSLATORS: {0} the numbers of the segments dropped from the GUI (" #3 #5").
    ImGui::TextUnformatted(fill(tr("Dropping segment{0}"), {dropped}).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("deliver them again"))) {
      session.options.extra_faults.clear();
      rerun = true;
    }
  }
  if (ImGui::Button(tr("Reset knobs"))) {
    session.options = RunOptions{};
    if (session.lesson) session.scenario = session.lesson;
    rerun = true;
  }
  return rerun;
}

}  // namespace

void narration_text(const Session& session, const UiLook& look) {
  if (!session.has_trace()) return;
  const std::size_t step = session.cursor.step();
  const NarrationStep* n = narration_at(session.narration, step);
  ImGui::PushTextWrapPos(0);
  if (n) {
    const std::string& text = n->text.in(look.language);
    if (look.language == "zh" && !look.cjk_font && !n->text.zh.empty()) {
      ImGui::TextUnformatted(std::string(kNoCjkFontMessage).c_str());
      ImGui::TextUnformatted(reflow(n->text.en).c_str());
    } else {
      ImGui::TextUnformatted(reflow(text).c_str());
    }
  }
  if (const TraceEvent* e = session.cursor.event()) {
    // What just happened: the selection colour beside the narration, plain ink on a projector.
    const Rgba c = look.presentation ? look.theme->text : look.theme->selection;
    ImGui::TextColored(to_imvec4(c), "%s", session.sentence(*e).c_str());
  } else {
    ImGui::TextDisabled("%s",
                        tr("Step 0: nothing has happened yet. Press the right arrow or space."));
  }
  ImGui::PopTextWrapPos();
}

LessonPanelResult lesson_panel(Session& session, UiLook& look,
                               const std::vector<SourceEntry>& sources, bool can_run) {
  LessonPanelResult result;
  const std::string current = session.has_trace() ? session.title() : tr("(none)");
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * kLanguageButtonsEm);
  if (ImGui::BeginCombo((std::string(tr("lesson")) + "###lesson").c_str(), current.c_str())) {
    for (const SourceEntry& s : sources) {
      const std::string title = s.loads ? s.title.in(look.language)
                                        : s.title.en + std::string(tr(" (does not load)"));
      if (ImGui::Selectable(title.c_str(), title == current)) result.open = s.id;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::RadioButton("EN", look.language == "en")) {
    look.language = "en";
    result.language_changed = true;
  }
  ImGui::SameLine();
  if (ImGui::RadioButton(look.cjk_font ? "中文" : "ZH", look.language == "zh")) {
    look.language = "zh";
    result.language_changed = true;
  }
  narration_text(session, look);
  // What happened just before, faded.
  const std::size_t step = session.cursor.step();
  const auto& events = session.trace().events();
  // As many as fit above the two headers below: a line half shown is a line no one can read.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float below = 2 * ImGui::GetFrameHeightWithSpacing() + 2 * style.ItemSpacing.y;
  ImGui::PushTextWrapPos(0);
  for (std::size_t k = 1; k <= kRecentEvents && step > k; ++k) {
    const std::string sentence = session.sentence(events[step - 1 - k]);
    const float height =
        ImGui::CalcTextSize(sentence.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y;
    if (ImGui::GetContentRegionAvail().y < height + style.ItemSpacing.y + below) break;
    ImGui::TextDisabled("%s", sentence.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  if (session.scenario &&
      ImGui::CollapsingHeader((std::string(tr("About this lesson")) + "###about").c_str())) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(reflow(session.scenario->summary.in(look.language)).c_str());
    ImGui::PopTextWrapPos();
  }
  if (session.scenario && can_run) {
    if (ImGui::CollapsingHeader(
            (std::string(tr("Knobs (changing one re-runs the lesson)")) + "###knobs").c_str()))
      result.rerun = knobs(session);
  } else {
    ImGui::TextDisabled("%s",
                        tr("Knobs appear when a lesson is open (this is a recorded trace)."));
  }
  return result;
}

}  // namespace tcplab::gui
