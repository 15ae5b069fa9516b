// Switching the GUI's language live: the catalog and the lesson's title change at once, and the
// Chinese translations' glyphs are asked for when the font is built.
#include <algorithm>

#include <gtest/gtest.h>

#include "gui/views/gui_app.h"
#include "present/translate.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"
#include "source_tree_lessons.h"

namespace tcplab::gui {
namespace {

class LanguageSwitch : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::vector<std::string> problems = present::load_catalogs(TCPLAB_TEST_LOCALE_DIR);
    ASSERT_TRUE(problems.empty()) << problems.front();
  }
  void TearDown() override { present::set_language(present::kEnglish); }
};

TEST_F(LanguageSwitch, TheOpenLessonsTitleAndTheInterfaceFollowAtOnce) {
  const Scenario lesson = source_tree_lessons().load("lost-last-ack");
  ASSERT_FALSE(lesson.title.zh.empty());
  GuiApp app(Settings{}, source_tree_lessons());
  ASSERT_EQ(app.open("lost-last-ack"), std::nullopt);
  EXPECT_EQ(app.session().title(), lesson.title.en);
  EXPECT_STREQ(present::tr("Timeline"), "Timeline");

  app.set_language("zh");
  EXPECT_EQ(app.session().title(), lesson.title.zh);
  EXPECT_STREQ(present::tr("Timeline"), "时间线");
  EXPECT_EQ(app.settings().language, "zh");

  app.set_language("en");
  EXPECT_EQ(app.session().title(), lesson.title.en);
  EXPECT_STREQ(present::tr("Timeline"), "Timeline");
  EXPECT_EQ(app.settings().language, "en");
}

TEST_F(LanguageSwitch, StartingInChineseShowsChineseFromTheFirstFrame) {
  Settings settings;
  settings.language = "zh";
  GuiApp app(settings, source_tree_lessons());
  EXPECT_EQ(present::language(), "zh");
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  EXPECT_EQ(app.session().title(), source_tree_lessons().load("four-way-close").title.zh);
}

// The status line says what just happened; a switch afterwards re-words it (the browser's zh view
// used to keep "re-ran the lesson" in English).
TEST_F(LanguageSwitch, TheStatusLineFollowsTheLanguage) {
  GuiApp app(Settings{}, source_tree_lessons());
  ASSERT_EQ(app.open("lost-last-ack"), std::nullopt);
  app.rerun_lesson();
  EXPECT_EQ(app.status(), "re-ran the lesson");
  app.set_language("zh");
  EXPECT_EQ(app.status(), "已重新运行课程");
  app.set_language("en");
  EXPECT_EQ(app.status(), "re-ran the lesson");
}

TEST_F(LanguageSwitch, TheFontIsAskedForEveryTranslationsGlyphs) {
  GuiApp app(Settings{}, source_tree_lessons());
  const std::vector<std::string> texts = app.texts_needing_glyphs();
  for (const char* zh : {"时间线", "已取消", "报文段"}) {
    EXPECT_NE(std::find(texts.begin(), texts.end(), zh), texts.end()) << zh;
  }
}

}  // namespace
}  // namespace tcplab::gui
