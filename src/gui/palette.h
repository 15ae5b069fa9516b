#pragma once
// Colours. Okabe & Ito's eight colours ("Color Universal Design", 2008) stay distinguishable for
// the common forms of colour blindness; every colour the GUI draws with is named here.
#include <array>

#include "core/tcp_state.h"
#include "core/trace.h"
#include "gui/geometry.h"

namespace tcplab::gui {

namespace okabe_ito {
inline constexpr Rgba kBlack{0, 0, 0, 255};
inline constexpr Rgba kOrange{230, 159, 0, 255};
inline constexpr Rgba kSkyBlue{86, 180, 233, 255};
inline constexpr Rgba kBluishGreen{0, 158, 115, 255};
inline constexpr Rgba kYellow{240, 228, 66, 255};
inline constexpr Rgba kBlue{0, 114, 178, 255};
inline constexpr Rgba kVermillion{213, 94, 0, 255};
inline constexpr Rgba kReddishPurple{204, 121, 167, 255};
}  // namespace okabe_ito

inline constexpr Rgba kWhite{255, 255, 255, 255};
inline constexpr Rgba kNeutralGrey{153, 153, 153, 255};
inline constexpr Rgba kLightGrey{221, 221, 221, 255};
inline constexpr Rgba kPaleGrey{242, 242, 242, 255};
inline constexpr Rgba kInk{34, 34, 34, 255};      // body text and arrows on a light background
inline constexpr Rgba kSoftInk{96, 96, 96, 255};  // secondary text: times, tick labels

// Mixes `c` towards white by `amount` in [0, 1]: the lighter sibling of a state colour.
constexpr Rgba lighten(Rgba c, float amount) {
  auto mix = [amount](std::uint8_t v) {
    return static_cast<std::uint8_t>(static_cast<float>(v) +
                                     (255.0f - static_cast<float>(v)) * amount);
  };
  return {mix(c.r), mix(c.g), mix(c.b), c.a};
}
inline constexpr float kSiblingLighten = 0.45f;

// Which colours the state bands take: the standard ones below, or a set picked so that every
// pair stays apart under deuteranopia and protanopia too (View > Colour-blind-safe colours).
enum class StatePalette { Standard, ColourBlindSafe };

// One colour per state. States that follow each other share a hue (FIN-WAIT-1 → FIN-WAIT-2 is
// orange then light orange); the state's name is always written where its band begins, so colour
// is never the only cue.
constexpr Rgba state_color(TcpState s) {
  using namespace okabe_ito;
  switch (s) {
    case TcpState::Closed:
      return kLightGrey;
    case TcpState::Listen:
      return kSkyBlue;
    case TcpState::SynSent:
      return kYellow;
    case TcpState::SynReceived:
      return lighten(kYellow, kSiblingLighten);
    case TcpState::Established:
      return kBluishGreen;
    case TcpState::FinWait1:
      return kOrange;
    case TcpState::FinWait2:
      return lighten(kOrange, kSiblingLighten);
    case TcpState::CloseWait:
      return lighten(kBlue, kSiblingLighten);
    case TcpState::Closing:
      return kReddishPurple;
    case TcpState::LastAck:
      return kBlue;
    case TcpState::TimeWait:
      return kVermillion;
  }
  return kNeutralGrey;
}

// The colour-blind-safe bands: found by searching sRGB for ten colours whose CIELAB distances
// stay above 34 for every pair in normal vision and after Machado, Oliveira & Fernandes' (2009)
// full deuteranopia and protanopia simulations (the standard set above falls to ~10 there:
// SYN-RECEIVED and FIN-WAIT-2, LISTEN and CLOSE-WAIT); tests/gui/colour_blind_test.cpp checks the
// rendered picture. FIN-WAIT-1 and FIN-WAIT-2 still share a hue (dark and light brown).
constexpr Rgba colour_blind_safe_state_color(TcpState s) {
  switch (s) {
    case TcpState::Closed:
      return kLightGrey;
    case TcpState::Listen:
      return {0x00, 0x77, 0xFF, 255};
    case TcpState::SynSent:
      return {0xDD, 0xFF, 0x22, 255};
    case TcpState::SynReceived:
      return {0xFF, 0xFF, 0x99, 255};
    case TcpState::Established:
      return {0x00, 0x11, 0xEE, 255};
    case TcpState::FinWait1:
      return {0x66, 0x22, 0x00, 255};
    case TcpState::FinWait2:
      return {0xCC, 0x99, 0x77, 255};
    case TcpState::CloseWait:
      return {0x77, 0x44, 0x55, 255};
    case TcpState::Closing:
      return {0xBB, 0xAA, 0xEE, 255};
    case TcpState::LastAck:
      return {0x33, 0x55, 0x99, 255};
    case TcpState::TimeWait:
      return {0xBB, 0x77, 0x00, 255};
  }
  return kNeutralGrey;
}

constexpr Rgba state_color(TcpState s, StatePalette palette) {
  return palette == StatePalette::ColourBlindSafe ? colour_blind_safe_state_color(s)
                                                  : state_color(s);
}

// Text drawn on top of a colour: black on light colours, white on dark ones (WCAG luminance).
constexpr Rgba text_on(Rgba background) {
  const float luma = 0.2126f * background.r + 0.7152f * background.g + 0.0722f * background.b;
  constexpr float kDarkBelow = 140.0f;
  return luma < kDarkBelow ? kWhite : kInk;
}

// Timers, by kind.
constexpr Rgba timer_color(TimerKind kind) {
  using namespace okabe_ito;
  switch (kind) {
    case TimerKind::Retransmit:
      return kBlue;
    case TimerKind::DelayedAck:
      return kNeutralGrey;
    case TimerKind::TimeWait:
      return kVermillion;
    case TimerKind::FinWait2:
      return kOrange;
    case TimerKind::Linger:
      return kReddishPurple;
    case TimerKind::Persist:
      return kSkyBlue;
    case TimerKind::LossProbe:  // the retransmit timer's colour: Linux shows it as that timer
      return kBlue;
    case TimerKind::Keepalive:
      return kBluishGreen;
  }
  return kNeutralGrey;
}

// The colours of a view, light (on screen) or high-contrast (presentation, and the projector
// theme: black ink on white, for a washed-out projector in a lit room).
struct Theme {
  Rgba background = kWhite;
  Rgba text = kInk;
  Rgba soft_text = kSoftInk;
  Rgba lifeline = kInk;
  Rgba grid = kPaleGrey;
  Rgba arrow = kInk;
  Rgba retransmission = okabe_ito::kBlue;
  Rgba reset = okabe_ito::kReddishPurple;
  Rgba dropped = okabe_ito::kVermillion;
  Rgba bundle = kNeutralGrey;
  Rgba error = okabe_ito::kVermillion;
  Rgba cursor = okabe_ito::kBlue;
  Rgba selection = okabe_ito::kReddishPurple;
  Rgba idle_break = kPaleGrey;
  Rgba label_plate = Rgba{255, 255, 255, 220};
  // Side by side: a highlighter stroke under a segment the two runs disagree on.
  Rgba difference = okabe_ito::kYellow;
  std::uint8_t future_alpha = 70;  // events after the cursor are drawn faded
  StatePalette palette = StatePalette::Standard;
  Rgba state(TcpState s) const { return state_color(s, palette); }
};

inline constexpr Theme kLightTheme{};
inline constexpr Theme kHighContrastTheme{
    .background = kWhite,
    .text = okabe_ito::kBlack,
    .soft_text = kInk,
    .lifeline = okabe_ito::kBlack,
    .grid = kLightGrey,
    .arrow = okabe_ito::kBlack,
    .label_plate = kWhite,
    .future_alpha = 55,
};

}  // namespace tcplab::gui
