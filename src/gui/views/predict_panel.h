#pragma once
// Predict mode's panel: the question the stepping stopped at, its choices as big letters A-D,
// and after the reveal the answer with the model's cause and the rule behind it, with the
// running score. Class variant: for the projector, the teacher marks the class's letter and
// reveals; student variant: a click on a choice answers, revealed at once.
#include <cstddef>
#include <optional>

#include "gui/predict_flow.h"
#include "gui/session.h"
#include "gui/views/ui_look.h"

struct ImFont;

namespace tcplab::gui {

struct PredictPanelResult {
  std::optional<std::size_t> choose;  // a choice was clicked
  bool reveal = false;                // "Reveal" clicked
  bool next = false;                  // "Next" clicked (after a reveal, or between questions)
};

// `big`: the font for the choices in the class variant (nullptr: the current one).
PredictPanelResult predict_panel(const PredictFlow& flow, const Session& session,
                                 const UiLook& look, ImFont* big);

}  // namespace tcplab::gui
