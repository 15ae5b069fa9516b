// The worksheet is the run with blanks: one blank per segment (its flags), per state change
// (the state entered) and per call result; the answer key holds the same answers; long runs are
// cut at a page limit saying how much was left out; the PDF is readable by another program.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <unistd.h>
#include <filesystem>

#include <gtest/gtest.h>

#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"
#include "worksheet/worksheet_layout.h"
#include "worksheet/worksheet_render.h"

namespace tcplab::worksheet {
namespace {

struct LessonRun {
  Scenario scenario;
  RunResult result;
};

LessonRun run(const std::string& lesson) {
  LessonRun r{load_lesson_file(resolve_lesson(lesson, find_lessons_dir())), {}};
  r.result = ModelBackend().run(r.scenario, {});
  return r;
}

std::vector<std::string> blanks_of(const Worksheet& sheet) {
  std::vector<std::string> out;
  for (const Page& page : sheet.pages)
    for (const TextItem& text : page.texts)
      for (const Piece& piece : text.pieces)
        if (piece.blank) out.push_back(piece.text);
  return out;
}

TEST(Worksheet, EverySegmentStateChangeAndCallResultIsABlankHoldingWhatTheRunDid) {
  const LessonRun r = run("lost-last-ack");
  const Worksheet sheet = layout_worksheet(r.scenario, r.result.trace);
  std::vector<std::string> expected;
  for (const TraceEvent& e : r.result.trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body)) expected.push_back(tcpdump_flags(s->segment.flags));
    if (const auto* st = get_if<StateEvent>(&e.body)) {
      if (!st->endpoint.empty()) expected.push_back(std::string(rfc_name(st->to)));
    }
    if (const auto* c = get_if<CallEvent>(&e.body)) {
      if (c->call != "socket" && c->call != "setsockopt")
        expected.push_back(std::to_string(c->result) +
                           (c->error == Errno::None ? "" : " " + std::string(errno_name(c->error))));
    }
  }
  EXPECT_EQ(blanks_of(sheet), expected);
  EXPECT_EQ(sheet.blanks, expected.size());
  EXPECT_EQ(sheet.events_left, 0u);
  // The lesson's point is among them: the server's FIN again after the lost ACK.
  const auto blanks = blanks_of(sheet);
  EXPECT_GE(std::count(blanks.begin(), blanks.end(), "F."), 3);
}

TEST(Worksheet, TheAnswerKeyHasTheSameBlanksAndEverythingStaysOnTheA4Page) {
  const LessonRun r = run("linger-zero");
  WorksheetOptions key;
  key.answer_key = true;
  const Worksheet sheet = layout_worksheet(r.scenario, r.result.trace);
  const Worksheet answers = layout_worksheet(r.scenario, r.result.trace, key);
  EXPECT_EQ(blanks_of(sheet), blanks_of(answers));
  EXPECT_TRUE(answers.answer_key);
  for (const Worksheet* w : {&sheet, &answers}) {
    for (const Page& page : w->pages) {
      for (const TextItem& t : page.texts) {
        EXPECT_GE(t.x, 0.0);
        EXPECT_LE(t.x, kPageWidth);
        EXPECT_GT(t.y, 0.0);
        EXPECT_LT(t.y, kPageHeight - 30);
      }
      for (const LineItem& l : page.lines) {
        EXPECT_LT(std::max(l.y1, l.y2), kPageHeight - 30);
        EXPECT_LE(std::max(l.x1, l.x2), kPageWidth);
      }
    }
  }
}

TEST(Worksheet, ALongRunIsCutAtThePageLimitSayingHowManyEventsWereLeftOut) {
  const LessonRun r = run("port-exhaustion");
  WorksheetOptions options;
  options.max_pages = 2;
  const Worksheet sheet = layout_worksheet(r.scenario, r.result.trace, options);
  ASSERT_EQ(sheet.pages.size(), 2u);
  EXPECT_GT(sheet.events_left, 100u);
  const std::string& last = sheet.pages.back().texts.back().pieces.front().text;
  EXPECT_EQ(last, "... " + std::to_string(sheet.events_left) +
                      " more events are not on this worksheet");
}

TEST(Worksheet, ThePdfHasOnePagePerLaidOutPageAndAnUnwritablePathIsNamed) {
  const LessonRun r = run("lost-last-ack");
  const Worksheet sheet = layout_worksheet(r.scenario, r.result.trace);
  const auto dir = std::filesystem::temp_directory_path() / ("tcplab-ws-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string pdf = (dir / "sheet.pdf").string();
  ASSERT_EQ(write_pdf(sheet, pdf), "");
  ASSERT_EQ(write_svg(sheet, 0, (dir / "sheet.svg").string()), "");
  EXPECT_GT(std::filesystem::file_size(dir / "sheet.svg"), 1000u);
  EXPECT_EQ(write_svg(sheet, 9, (dir / "x.svg").string()), "the worksheet has no page 10");
  const std::string bad = "/nonexistent-dir/sheet.pdf";
  EXPECT_NE(write_pdf(sheet, bad).find("cannot write " + bad), std::string::npos);
  if (std::system("command -v pdftoppm >/dev/null 2>&1") != 0) {
    std::filesystem::remove_all(dir);
    GTEST_SKIP() << "pdftoppm (poppler-utils) is not installed: the PDF was written but not read back";
  }
  const std::string cmd = "pdftoppm -r 20 -png " + pdf + " " + (dir / "page").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::size_t pngs = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir))
    if (f.path().extension() == ".png") ++pngs;
  EXPECT_EQ(pngs, sheet.pages.size());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tcplab::worksheet
