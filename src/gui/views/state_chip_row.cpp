#include "gui/views/state_chip_row.h"

#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/palette.h"
#include "gui/side_by_side.h"
#include "gui/state_chips.h"
#include "gui/views/imgui_geometry.h"
#include "present/translate.h"

namespace tcplab::gui {

namespace {
// Larger than the panel's text: the chip is read from the back row (layout report: >= 18 px).
constexpr float kChipFontScale = 1.3f;
constexpr float kChipPadPx = 6;
constexpr float kChipGapPx = 10;
constexpr float kChipRounding = 6;

struct ChipText {
  std::string head;   // "client#1  TIME-WAIT"
  std::string timer;  // "TIME-WAIT, 42 s left"
  Rgba fill;
};
}  // namespace

void state_chip_row(const Session& session, const UiLook& look) {
  if (!session.has_trace()) return;
  const SideBySide* pair = session.side_by_side();
  const StateChips chips =
      pair ? paired_state_chips(session.states(), *pair) : state_chips(session.states());
  std::vector<ChipText> texts;
  for (const StateChip& c : chips.chips) {
    // TRANSLATORS: {0} a socket ("client#1") the model and the kernel show in the same state.
    const std::string socket = c.both_sides ? present::fill(present::tr("{0} (both)"), {c.socket})
                                            : c.socket;
    texts.push_back({socket + "  " + c.state_text, c.timer_text, look.theme->state(c.state)});
  }
  if (chips.more > 0) {
    // TRANSLATORS: {0} how many more sockets are alive than the chips show.
    texts.push_back({present::fill(present::tr("+{0} sockets"), {std::to_string(chips.more)}),
                     "", look.theme->grid});
  }
  if (texts.empty()) {
    // TRANSLATORS: the state chips' row when no socket exists at the cursor.
    texts.push_back({std::string(present::tr("no sockets")), "", look.theme->grid});
  }

  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize() * kChipFontScale;
  const float pad = kChipPadPx * look.scale;
  const float gap = kChipGapPx * look.scale;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float right = origin.x + ImGui::GetContentRegionAvail().x;
  auto width_of = [&](const std::string& s) {
    return font->CalcTextSizeA(size, 1e9f, 0, s.c_str()).x;
  };
  ImDrawList& list = *ImGui::GetWindowDrawList();
  float x = origin.x, y = origin.y;
  const float h = size + 2 * pad;
  for (ChipText& t : texts) {
    const float head_w = width_of(t.head);
    float timer_w = t.timer.empty() ? 0 : width_of(t.timer) + 2 * pad;
    float w = head_w + timer_w + 2 * pad;
    if (x > origin.x && x + w > right) {  // onto the next row
      x = origin.x;
      y += h + gap / 2;
    }
    if (x + w > right) {  // narrower than one chip: the state alone
      t.timer.clear();
      timer_w = 0;
      w = head_w + 2 * pad;
    }
    const Rgba ink = text_on(t.fill);
    list.AddRectFilled({x, y}, {x + w, y + h}, to_imgui(t.fill), kChipRounding * look.scale);
    list.AddText(font, size, {x + pad, y + pad}, to_imgui(ink), t.head.c_str());
    if (!t.timer.empty()) {
      // The time left on a plate of the background, so it reads on any state colour.
      const float tx = x + pad + head_w + pad;
      list.AddRectFilled({tx, y + pad / 2}, {tx + timer_w, y + h - pad / 2},
                         to_imgui(look.theme->background), kChipRounding * look.scale);
      list.AddText(font, size, {tx + pad, y + pad}, to_imgui(look.theme->text), t.timer.c_str());
    }
    x += w + gap;
  }
  ImGui::Dummy({std::max(1.0f, right - origin.x), y + h - origin.y + gap / 2});
}

}  // namespace tcplab::gui
