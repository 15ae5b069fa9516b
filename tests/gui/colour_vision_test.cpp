// The colour-vision simulation and the palettes it judges.
#include <gtest/gtest.h>

#include "gui/colour_vision.h"
#include "gui/palette.h"

namespace tcplab::gui {
namespace {

double closest_pair(StatePalette palette, ColourVision vision) {
  double closest = 1e9;
  for (TcpState a : kAllTcpStates) {
    for (TcpState b : kAllTcpStates) {
      if (a >= b || a == TcpState::Closed || b == TcpState::Closed) continue;
      closest = std::min(closest, delta_e(simulate(state_color(a, palette), vision),
                                          simulate(state_color(b, palette), vision)));
    }
  }
  return closest;
}

TEST(ColourVision, GreysStayGreyAndRedAndGreenMeetForADeuteranope) {
  EXPECT_EQ(simulate(kWhite, ColourVision::Deuteranopia), kWhite);
  EXPECT_EQ(simulate(okabe_ito::kBlack, ColourVision::Protanopia), okabe_ito::kBlack);
  const Rgba red{200, 60, 40, 255}, green{110, 110, 40, 255};
  EXPECT_GT(delta_e(red, green), 40);
  EXPECT_LT(delta_e(simulate(red, ColourVision::Deuteranopia),
                    simulate(green, ColourVision::Deuteranopia)),
            15);
}

TEST(ColourVision, TheColourBlindSafePaletteKeepsEveryPairFarApart) {
  for (ColourVision v :
       {ColourVision::Normal, ColourVision::Deuteranopia, ColourVision::Protanopia}) {
    EXPECT_GE(closest_pair(StatePalette::ColourBlindSafe, v), 30) << static_cast<int>(v);
  }
  // Where the standard palette is weakest: its sibling shades come within ~11 of each other.
  EXPECT_LT(closest_pair(StatePalette::Standard, ColourVision::Deuteranopia), 15);
}

}  // namespace
}  // namespace tcplab::gui
