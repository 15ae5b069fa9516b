// What compare says besides the differences is data, worded when shown, in either language.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "present/translate.h"
#include "scenario/comparison_note.h"

namespace tcplab {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(ComparisonNote, IsWordedInTheReadersLanguage) {
  const ComparisonNote link{.kind = ComparisonNote::Kind::ModelLinkReplaced,
                            .model_latency = microseconds(20),
                            .lesson_latency = milliseconds(10)};
  ComparisonNote cut{.kind = ComparisonNote::Kind::ComparedPrefix};
  cut.compared = milliseconds(2900);
  cut.cut = ComparisonNote::Cut::KernelStopped;
  cut.kernel_stopped_by = StopCause::TimeLimit;
  const NotCompared events{StopCause::TraceLimit, 1000};
  EXPECT_EQ(comparison_note_text(link),
            "the model ran with a 20 us link (loopback-like) instead of the lesson's 10 ms, so "
            "that timings compare");
  EXPECT_EQ(comparison_note_text(cut),
            "compared the first 2.9 s only: the kernel's run stopped there (its time limit)");
  EXPECT_EQ(not_compared_text(events),
            "the model stopped at the limit on trace events (--max-events) after 1000 trace "
            "events: raise it (--max-events N) to compare this lesson");

  ASSERT_EQ(present::load_catalogs(TCPLAB_TEST_LOCALE_DIR), std::vector<std::string>{});
  present::set_language(present::kChinese);
  const std::string link_zh = comparison_note_text(link);
  const std::string cut_zh = comparison_note_text(cut);
  const std::string events_zh = not_compared_text(events);
  present::set_language(present::kEnglish);
  EXPECT_EQ(link_zh, "模型改用 20 us 的链路（类似回环）而不是课程的 10 ms，以便时间可以对照");
  EXPECT_EQ(cut_zh, "只对照了前 2.9 s：内核的运行在那里停止了（它的时间上限）");
  EXPECT_EQ(events_zh, "模型在 1000 个轨迹事件后因轨迹事件数上限（--max-events）而停止：调高它"
                       "（--max-events N）才能对照本课");
}

}  // namespace
}  // namespace tcplab
