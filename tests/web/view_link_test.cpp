#include "app/view_link.h"

#include <gtest/gtest.h>

namespace tcplab::gui {
namespace {

TEST(ViewLink, WritesEveryFieldAndReadsItBack) {
  const ViewLink link{"four-way-close", "zh", RunMode::SideBySide, 7};
  EXPECT_EQ(format_view_link(link), "lesson=four-way-close&lang=zh&mode=both&step=7");
  const auto parsed = parse_view_link("#" + format_view_link(link));
  EXPECT_FALSE(parsed.error);
  EXPECT_EQ(parsed.link, link);
}

TEST(ViewLink, LeavesOutUnsetFieldsAndKeepsStepZero) {
  EXPECT_EQ(format_view_link({"lost-last-ack", std::nullopt, std::nullopt, 0}),
            "lesson=lost-last-ack&step=0");
  EXPECT_EQ(format_view_link({}), "");
  EXPECT_EQ(parse_view_link("").link, ViewLink{});
}

TEST(ViewLink, PercentEncodesWhatIsNotUnreserved) {
  const ViewLink link{"my lesson&x=1", "en", std::nullopt, std::nullopt};
  EXPECT_EQ(format_view_link(link), "lesson=my%20lesson%26x%3D1&lang=en");
  EXPECT_EQ(parse_view_link(format_view_link(link)).link, link);
}

TEST(ViewLink, IgnoresUnknownKeysFromANewerTcplab) {
  const auto parsed = parse_view_link("lesson=why-2msl&knob=rto:2s&step=3");
  EXPECT_FALSE(parsed.error);
  EXPECT_EQ(parsed.link.lesson, "why-2msl");
  EXPECT_EQ(parsed.link.step, 3u);
}

TEST(ViewLink, RefusesABadValueNamingTheKeyAndTheValue) {
  EXPECT_EQ(parse_view_link("lesson=x&step=3a").error, "the link's step is not a step number: '3a'");
  EXPECT_EQ(parse_view_link("step=-1").error, "the link's step is not a step number: '-1'");
  EXPECT_EQ(parse_view_link("lang=fr").error, "the link's lang is not en or zh: 'fr'");
  EXPECT_EQ(parse_view_link("mode=real").error,
            "the link's mode is not model, kernel or both: 'real'");
  EXPECT_EQ(parse_view_link("lesson=a%2").error,
            "the link's lesson is not percent-encoded text: 'a%2'");
  EXPECT_EQ(parse_view_link("lesson=a%zz").error,
            "the link's lesson is not percent-encoded text: 'a%zz'");
}

}  // namespace
}  // namespace tcplab::gui
