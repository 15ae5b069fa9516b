#include "gui/views/predict_panel.h"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "gui/palette.h"
#include "gui/views/imgui_geometry.h"
#include "present/translate.h"
#include "quiz/question_text.h"

namespace tcplab::gui {

using present::fill;
using present::tr;

namespace {

constexpr float kChoicePadEm = 0.35f;  // inside a choice button, around its text
constexpr Rgba kRightColour = okabe_ito::kBluishGreen;
constexpr Rgba kWrongColour = okabe_ito::kVermillion;
constexpr Rgba kMarkedColour = okabe_ito::kSkyBlue;

std::string score_line(const PredictFlow& flow) {
  const PredictScore& s = flow.score();
  // TRANSLATORS: {0} right answers, {1} answers given.
  return fill(tr("Score: {0} of {1}"), {std::to_string(s.right), std::to_string(s.answered)});
}

// "A  TIME-WAIT" as a button: green when revealed right, red when the wrong one was chosen,
// sky blue while marked.
bool choice_button(const PredictFlow& flow, std::size_t i, const std::string& text, float width) {
  const bool revealed = flow.phase() == PredictPhase::Revealed;
  const quiz::Question& q = *flow.current();
  std::optional<Rgba> fill_colour;
  if (revealed && i == q.right) {
    fill_colour = kRightColour;
  } else if (revealed && flow.chosen() == i) {
    fill_colour = kWrongColour;
  } else if (!revealed && flow.chosen() == i) {
    fill_colour = kMarkedColour;
  }
  if (fill_colour) {
    ImGui::PushStyleColor(ImGuiCol_Button, to_imvec4(*fill_colour));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, to_imvec4(*fill_colour));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, to_imvec4(*fill_colour));
  }
  ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, {0, 0.5f});
  const std::string label = quiz::choice_letter(i) + "   " + text + "###choice" + std::to_string(i);
  const bool clicked = ImGui::Button(label.c_str(), {width, 0});
  ImGui::PopStyleVar();
  if (fill_colour) ImGui::PopStyleColor(3);
  return clicked;
}

// The choices, two to a row when the longest fits in half the width.
std::optional<std::size_t> choices(const PredictFlow& flow) {
  const quiz::Question& q = *flow.current();
  std::vector<std::string> texts;
  float widest = 0;
  const float pad = ImGui::GetFontSize() * kChoicePadEm;
  for (std::size_t i = 0; i < q.choices.size(); ++i) {
    texts.push_back(quiz::choice_text(q, q.choices[i]));
    const std::string shown = quiz::choice_letter(i) + "   " + texts.back();
    widest = std::max(widest, ImGui::CalcTextSize(shown.c_str()).x + 2 * pad +
                                  2 * ImGui::GetStyle().FramePadding.x);
  }
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool two_columns = widest <= (avail - spacing) / 2;
  const float width = two_columns ? (avail - spacing) / 2 : avail;
  std::optional<std::size_t> clicked;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (two_columns && i % 2 == 1) ImGui::SameLine();
    if (choice_button(flow, i, texts[i], width) && flow.phase() == PredictPhase::Asking)
      clicked = i;
  }
  return clicked;
}

}  // namespace

PredictPanelResult predict_panel(const PredictFlow& flow, const Session& session,
                                 const UiLook& look, ImFont* big) {
  PredictPanelResult result;
  if (!session.has_trace()) return result;
  const bool class_variant = flow.variant() == PredictVariant::Class;
  const quiz::Question* q = flow.current();
  // The header: where we are, the score, and the one button the phase needs.
  std::string header = score_line(flow);
  if (q) {
    // TRANSLATORS: {0} this question's number, {1} how many there are.
    header = fill(tr("Question {0} of {1}"),
                  {std::to_string(flow.number()), std::to_string(flow.count())}) +
             "    " + header;
  }
  ImGui::TextUnformatted(header.c_str());
  ImGui::SameLine();
  if (flow.phase() == PredictPhase::Asking) {
    if (ImGui::Button((std::string(tr("Reveal")) + "  >###predict-step").c_str())) result.reveal = true;
  } else {
    if (ImGui::Button((std::string(tr("Next")) + "  >###predict-step").c_str())) result.next = true;
  }
  ImGui::PushTextWrapPos(0);
  if (!q) {
    ImGui::TextDisabled(
        "%s", flow.count() == 0
                  ? tr("This run has no question to ask: step on as usual.")
                  : tr("Step on (right arrow, PageDown): the run stops before the next event "
                       "worth predicting and asks what comes next."));
    ImGui::PopTextWrapPos();
    return result;
  }
  ImGui::Separator();
  const bool big_font = class_variant && big;
  if (big_font) ImGui::PushFont(big);
  ImGui::TextUnformatted(quiz::question_text(*q, session.trace()).c_str());
  ImGui::PopTextWrapPos();
  if (const auto clicked = choices(flow)) result.choose = clicked;
  if (big_font) ImGui::PopFont();
  ImGui::PushTextWrapPos(0);
  if (flow.phase() == PredictPhase::Asking) {
    ImGui::TextDisabled("%s", class_variant
                                  ? tr("The class calls out a letter (mark it: A-D or 1-4), then "
                                       "reveal: right arrow or PageDown.")
                                  : tr("Click the choice you predict."));
  } else {
    const std::optional<bool> right = flow.was_right();
    const std::string verdict = !right ? std::string(tr("No letter was marked: not scored."))
                                : *right ? std::string(tr("Right."))
                                         : std::string(tr("Not quite."));
    const Rgba ink = !right ? look.theme->text : *right ? look.theme->text : look.theme->error;
    // TRANSLATORS: {0} the letter of the right choice, {1} the choice.
    const std::string answer = fill(tr("The answer: {0}) {1}"),
                                    {quiz::choice_letter(q->right),
                                     quiz::choice_text(*q, q->choices[q->right])});
    ImGui::TextColored(to_imvec4(ink), "%s %s", verdict.c_str(), answer.c_str());
    ImGui::TextUnformatted(quiz::reveal_text(*q, session.trace()).c_str());
  }
  ImGui::PopTextWrapPos();
  return result;
}

}  // namespace tcplab::gui
