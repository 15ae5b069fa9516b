#include "gui/views/transport_bar.h"

#include <string>

#include <imgui.h>

#include "present/time_text.h"
#include "present/translate.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

namespace {
constexpr float kMinSpeed = 0.25f;  // steps per second
constexpr float kMaxSpeed = 20.0f;
constexpr float kSpeedWidthPx = 150;
}  // namespace

void transport_bar(Session& session, const UiLook& look) {
  StepCursor& c = session.cursor;
  if (ImGui::Button("|<")) c.home();
  ImGui::SameLine();
  if (ImGui::Button("<")) c.previous();
  ImGui::SameLine();
  // "###play": one button whatever it says, so ImGui keeps its state across languages.
  if (ImGui::Button((std::string(c.playing ? tr("Pause") : tr("Play")) + "###play").c_str()))
    c.playing = !c.playing;
  ImGui::SameLine();
  if (ImGui::Button(">")) c.next();
  ImGui::SameLine();
  if (ImGui::Button(">|")) c.end();
  ImGui::SameLine();
  float speed = static_cast<float>(c.speed);
  ImGui::SetNextItemWidth(kSpeedWidthPx * look.scale);
  if (ImGui::SliderFloat((std::string(tr("steps/s")) + "###speed").c_str(), &speed, kMinSpeed, kMaxSpeed, "%.2f",
                         ImGuiSliderFlags_Logarithmic)) {
    c.speed = speed;
  }
  ImGui::SameLine();
  int step = static_cast<int>(c.step());
  const int last = static_cast<int>(c.last_step());
  const std::string time = present::instant_text(instant_from_ns(c.time_ns()));
  ImGui::SetNextItemWidth(-1);
  // The slider prints the step through its own %d: the one printf directive left in the text.
  // TRANSLATORS: {0} the last step, {1} the time at the cursor; keep "%d" (the current step).
  const std::string format = fill(tr("step %d of {0}   t = {1}"), {std::to_string(last), time});
  if (ImGui::SliderInt("##scrubber", &step, 0, last, format.c_str())) {
    c.go_to(static_cast<std::size_t>(step));
  }
}

}  // namespace tcplab::gui
