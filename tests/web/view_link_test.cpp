#include "app/view_link.h"

#include <gtest/gtest.h>

namespace tcplab::gui {
namespace {

ViewLink every_field() {
  ViewLink link{"lost-last-ack", "zh", RunMode::Kernel, 5, PredictVariant::Student, {}};
  link.edits.profile = "rfc9293";
  link.edits.knobs = {{"delayed_ack", "0"}, {"ip_local_port_range", "40000-40009"}};
  link.edits.latency = std::chrono::microseconds(1500);
  link.edits.reuse_addr = {{"server", true}, {"client", false}};
  link.edits.linger_zero = {{"client", true}};
  link.edits.dropped = {4, 9};
  return link;
}

TEST(ViewLink, WritesKnobsFaultsAndPredictAndReadsThemBack) {
  const ViewLink link = every_field();
  const std::string text = format_view_link(link);
  EXPECT_EQ(text,
            "lesson=lost-last-ack&lang=zh&mode=kernel&predict=student&profile=rfc9293"
            "&knob.delayed_ack=0&knob.ip_local_port_range=40000-40009&latency=1.5ms"
            "&reuseaddr.server=on&reuseaddr.client=off&linger0.client=on&drop=4,9&step=5");
  const auto parsed = parse_view_link("#" + text);
  EXPECT_FALSE(parsed.error);
  EXPECT_EQ(parsed.link, link);
}

TEST(ViewLink, APredictLinkOpensClassMode) {
  const auto parsed = parse_view_link("lesson=four-way-close&predict=class");
  EXPECT_FALSE(parsed.error);
  EXPECT_EQ(parsed.link.predict, PredictVariant::Class);
  EXPECT_TRUE(parsed.link.edits.empty());
}

TEST(ViewLink, RefusesEveryBadPartNamingIt) {
  EXPECT_EQ(parse_view_link("predict=quiz").error,
            "the link's predict is not class or student: 'quiz'");
  EXPECT_EQ(parse_view_link("profile=").error, "the link's profile is not a profile name: ''");
  EXPECT_EQ(parse_view_link("knob.time_wait=").error,
            "the link's knob.time_wait is not a value for the knob: ''");
  EXPECT_EQ(parse_view_link("latency=fast").error,
            "the link's latency is not a duration such as 10ms: 'fast'");
  EXPECT_EQ(parse_view_link("reuseaddr.server=yes").error,
            "the link's reuseaddr.server is not on or off: 'yes'");
  EXPECT_EQ(parse_view_link("linger0.client=1").error,
            "the link's linger0.client is not on or off: '1'");
  EXPECT_EQ(parse_view_link("drop=4,x").error,
            "the link's drop is not segment numbers from 1, such as 5,7: '4,x'");
  EXPECT_EQ(parse_view_link("drop=0").error,
            "the link's drop is not segment numbers from 1, such as 5,7: '0'");
  EXPECT_EQ(parse_view_link("drop=4,").error,
            "the link's drop is not segment numbers from 1, such as 5,7: '4,'");
  EXPECT_EQ(parse_view_link("knob.msl%zz=1").error,
            "the link's knob.msl%zz is not percent-encoded text: '1'");
  // "knob." with no name is no knob: ignored as a newer tcplab's key would be.
  EXPECT_FALSE(parse_view_link("knob.=1").error);
}

TEST(ViewLink, WritesEveryFieldAndReadsItBack) {
  const ViewLink link{"four-way-close", "zh", RunMode::SideBySide, 7, std::nullopt, {}};
  EXPECT_EQ(format_view_link(link), "lesson=four-way-close&lang=zh&mode=both&step=7");
  const auto parsed = parse_view_link("#" + format_view_link(link));
  EXPECT_FALSE(parsed.error);
  EXPECT_EQ(parsed.link, link);
}

TEST(ViewLink, LeavesOutUnsetFieldsAndKeepsStepZero) {
  EXPECT_EQ(format_view_link({"lost-last-ack", std::nullopt, std::nullopt, 0, std::nullopt, {}}),
            "lesson=lost-last-ack&step=0");
  EXPECT_EQ(format_view_link({}), "");
  EXPECT_EQ(parse_view_link("").link, ViewLink{});
}

TEST(ViewLink, PercentEncodesWhatIsNotUnreserved) {
  const ViewLink link{"my lesson&x=1", "en", std::nullopt, std::nullopt, std::nullopt, {}};
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
