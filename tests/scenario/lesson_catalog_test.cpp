// The one lesson search the command line and the GUI share (find_lessons_dir).
#include "scenario/lesson_catalog.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tcplab {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

// A fresh directory under the test's temporary directory, with `lessons` .toml files in it.
fs::path lessons_dir(const std::string& name, int lessons) {
  const fs::path dir = fs::path(::testing::TempDir()) / "lesson_catalog_test" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (int i = 0; i < lessons; ++i) std::ofstream(dir / ("0" + std::to_string(i) + "-x.toml"));
  return dir;
}

TEST(LessonSearch, ADirectoryAskedForIsTheOnlyOneSearched) {
  LessonSearch search;
  search.asked = "/nowhere/lessons";
  search.env = "/env/lessons";
  search.executable = "/usr/bin/tcplab";
  search.source_tree = "/src/lessons";
  EXPECT_THAT(lesson_search_path(search), ElementsAre(fs::path("/nowhere/lessons")));
  EXPECT_EQ(find_lessons_dir(search), fs::path("/nowhere/lessons"));  // errors will name it
  search.asked.clear();
  EXPECT_THAT(lesson_search_path(search), ElementsAre(fs::path("/env/lessons")));
  EXPECT_EQ(find_lessons_dir(search), fs::path("/env/lessons"));
}

TEST(LessonSearch, OtherwiseInstalledThenBesideTheBinaryThenTheSourceTree) {
  LessonSearch search;
  search.executable = "/opt/tcplab/bin/tcplab";
  search.source_tree = "/src/lessons";
  EXPECT_THAT(lesson_search_path(search),
              ElementsAre(fs::path("/opt/tcplab/share/tcplab/lessons"),
                          fs::path("/opt/tcplab/bin/lessons"), fs::path("/src/lessons")));
}

TEST(LessonSearch, TheFirstDirectoryHoldingLessonsWins) {
  const fs::path prefix = lessons_dir("prefix", 0);
  fs::create_directories(prefix / "bin");
  const fs::path empty_share = prefix / "share" / "tcplab" / "lessons";
  fs::create_directories(empty_share);  // exists, but holds no lesson
  const fs::path beside = prefix / "bin" / "lessons";
  fs::create_directories(beside);
  std::ofstream(beside / "01-a.toml");
  LessonSearch search;
  search.executable = prefix / "bin" / "tcplab";
  search.source_tree = lessons_dir("source", 1);
  EXPECT_EQ(find_lessons_dir(search), beside);
  fs::remove_all(beside);
  EXPECT_EQ(find_lessons_dir(search), search.source_tree);
  search.source_tree = lessons_dir("empty-source", 0);
  EXPECT_EQ(find_lessons_dir(search), std::nullopt);
}

TEST(LessonSearch, ThisProcessReadsTcplabLessonsUnlessADirectoryIsAsked) {
  const fs::path env = lessons_dir("env", 1);
  ASSERT_EQ(setenv("TCPLAB_LESSONS", env.c_str(), 1), 0);
  EXPECT_EQ(find_lessons_dir(), env);
  EXPECT_EQ(find_lessons_dir("/asked"), fs::path("/asked"));
  ASSERT_EQ(unsetenv("TCPLAB_LESSONS"), 0);
  // This build's source tree holds the lessons (a test binary has none beside it).
  EXPECT_EQ(find_lessons_dir(), fs::path(TCPLAB_SOURCE_DIR) / "lessons");
}

}  // namespace
}  // namespace tcplab
