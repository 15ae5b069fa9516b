#include "gui/label_placer.h"

#include <gtest/gtest.h>

namespace tcplab::gui {
namespace {

constexpr float kCharPx = 10;
constexpr float kLinePx = 20;
const PixelRect kPanel{0, 0, 400, 200};
constexpr Rgba kInk{0, 0, 0, 255};

LabelSpot at(float x, float y, TextAlign align = TextAlign::Left) { return {{x, y}, align, kInk}; }

LabelWish label(std::string text, std::vector<LabelSpot> spots) {
  LabelWish w;
  w.text = std::move(text);
  w.spots = std::move(spots);
  return w;
}

TEST(LabelPlacer, TheSecondLabelForOneSpotTakesItsNextSpot) {
  LabelPlacer placer(kPanel, kLinePx, estimate_measure(kCharPx));
  const auto first = placer.place(label("SYN", {at(100, 50), at(100, 70)}));
  const auto second = placer.place(label("SYN-ACK", {at(100, 50), at(100, 70)}));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, (PixelRect{100, 50, 130, 70}));
  EXPECT_EQ(*second, (PixelRect{100, 70, 170, 90}));
}

TEST(LabelPlacer, ALabelPastTheRightEdgeSlidesBackIntoThePanel) {
  LabelPlacer placer(kPanel, kLinePx, estimate_measure(kCharPx));
  // "bind() = -1 EADDRINUSE" is 22 characters: 220 px from x = 300 would end at 520.
  const auto r = placer.place(label("bind() = -1 EADDRINUSE", {at(300, 10)}));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (PixelRect{180, 10, 400, 30}));
  FrameGeometry g;
  placer.finish(g);
  ASSERT_EQ(g.texts.size(), 1u);
  EXPECT_EQ(g.texts[0].text, "bind() = -1 EADDRINUSE");
  EXPECT_EQ(g.texts[0].pos.x, 180);
}

TEST(LabelPlacer, ALabelThatCannotSlideIsNotPlacedAcrossTheEdge) {
  LabelPlacer placer(kPanel, kLinePx, estimate_measure(kCharPx));
  LabelWish w = label("RTO #2 440 ms, cancelled", {at(300, 10)});
  w.may_slide = false;
  w.counted_if_dropped = false;
  EXPECT_FALSE(placer.place(w));
  FrameGeometry g;
  placer.finish(g);
  EXPECT_TRUE(g.texts.empty());
}

TEST(LabelPlacer, AShorterFormIsTriedBeforeCutting) {
  LabelPlacer placer({0, 0, 60, 40}, kLinePx, estimate_measure(kCharPx));
  LabelWish w = label("ESTABLISHED", {at(0, 0)});
  w.shorter = {"ESTAB"};
  w.may_cut = true;
  ASSERT_TRUE(placer.place(w));
  FrameGeometry g;
  placer.finish(g);
  ASSERT_EQ(g.texts.size(), 1u);
  EXPECT_EQ(g.texts[0].text, "ESTAB");
  ASSERT_EQ(g.tips.size(), 1u);
  EXPECT_EQ(g.tips[0].text, "ESTABLISHED");
}

TEST(LabelPlacer, ALabelTooLongForThePanelIsCutWithItsWholeTextAsATooltip) {
  LabelPlacer placer({0, 0, 150, 40}, kLinePx, estimate_measure(kCharPx));
  LabelWish w = label("TIME-WAIT 60 s, cancelled", {at(0, 0)});
  w.may_cut = true;
  const auto r = placer.place(w);
  ASSERT_TRUE(r);
  EXPECT_LE(r->x1, 150);
  FrameGeometry g;
  placer.finish(g);
  ASSERT_EQ(g.texts.size(), 1u);
  // 13 characters and the ellipsis (two columns in the estimate) fill the 150 px.
  EXPECT_EQ(g.texts[0].text, "TIME-WAIT 60…");
  ASSERT_EQ(g.tips.size(), 1u);
  EXPECT_EQ(g.tips[0].text, "TIME-WAIT 60 s, cancelled");
  EXPECT_EQ(g.tips[0].rect, *r);
}

TEST(LabelPlacer, DroppedLabelsNearOneAnotherShareOnePlusNBesideThem) {
  LabelPlacer placer(kPanel, kLinePx, estimate_measure(kCharPx));
  placer.reserve({0, 50, 400, 70});  // the rows they want are taken
  placer.reserve({0, 160, 400, 200});
  EXPECT_FALSE(placer.place(label(". ack 7", {at(100, 50)})));
  EXPECT_FALSE(placer.place(label(". ack 8", {at(110, 55)})));
  EXPECT_FALSE(placer.place(label("R. seq 9", {at(300, 160), at(300, 60)})));  // far away: its own
  EXPECT_EQ(placer.dropped_count(), 3u);
  FrameGeometry g;
  placer.finish(g);
  ASSERT_EQ(g.texts.size(), 2u);
  EXPECT_EQ(g.texts[0].text, "+2");
  EXPECT_EQ(g.texts[0].pos.y, 30) << "a line above the taken row";
  EXPECT_EQ(g.texts[1].text, "+1");
  EXPECT_EQ(g.texts[1].pos.y, 140);
  ASSERT_EQ(g.tips.size(), 2u);
  EXPECT_EQ(g.tips[0].text, ". ack 7\n. ack 8");
  EXPECT_EQ(g.tips[1].text, "R. seq 9");
}

TEST(LabelPlacer, PlacedLabelsNeverOverlapNorLeaveThePanel) {
  LabelPlacer placer(kPanel, kLinePx, estimate_measure(kCharPx));
  const auto measure = estimate_measure(kCharPx);
  for (int i = 0; i < 60; ++i) {
    LabelWish w = label("label " + std::to_string(i * 7919 % 1000),
                        {at(static_cast<float>(i * 37 % 420) - 10, static_cast<float>(i * 13 % 190)),
                         at(static_cast<float>(i * 53 % 400), static_cast<float>(i * 29 % 190))});
    w.may_cut = i % 2 == 0;
    placer.place(w);
  }
  FrameGeometry g;
  placer.finish(g);
  EXPECT_GT(g.texts.size(), 20u);
  std::vector<PixelRect> rects;
  for (const TextPrim& t : g.texts) {
    rects.push_back({t.pos.x, t.pos.y, t.pos.x + measure(t.text), t.pos.y + kLinePx});
    EXPECT_TRUE(contains(kPanel, rects.back(), 0)) << t.text;
  }
  for (std::size_t i = 0; i < rects.size(); ++i) {
    for (std::size_t j = i + 1; j < rects.size(); ++j) {
      EXPECT_FALSE(overlaps(rects[i], rects[j], 0)) << g.texts[i].text << " / " << g.texts[j].text;
    }
  }
}

}  // namespace
}  // namespace tcplab::gui
