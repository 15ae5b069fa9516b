// Every lesson's trace as `tcplab run LESSON --backend model --format jsonl` writes it, compared
// byte for byte with tests/lessons/golden/<id>.jsonl. Each run is a fresh process, so anything
// that changes from one process to the next (hash seeds, addresses, clocks) shows as a difference.
// With TCPLAB_UPDATE_GOLDENS=1 the tests write the goldens instead (scripts/update-goldens.sh).
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "scenario/lesson_catalog.h"

namespace tcplab {
namespace {

namespace fs = std::filesystem;

const fs::path kLessons = fs::path(TCPLAB_SOURCE_DIR) / "lessons";
const fs::path kGoldens = fs::path(TCPLAB_SOURCE_DIR) / "tests" / "lessons" / "golden";
constexpr const char* kUpdateCommand = "scripts/update-goldens.sh";

bool updating() {
  const char* v = std::getenv("TCPLAB_UPDATE_GOLDENS");
  return v && std::string_view(v) == "1";
}

struct Lesson {
  fs::path file;
  std::string id;
};
void PrintTo(const Lesson& l, std::ostream* os) { *os << l.file.filename().string(); }

std::vector<Lesson> lessons() {
  std::vector<Lesson> out;
  for (const fs::path& file : lesson_files(kLessons))
    out.push_back({file, id_from_file_name(file)});
  return out;
}

fs::path golden_of(const std::string& id) { return kGoldens / (id + ".jsonl"); }

std::string command_for(const Lesson& l) {
  return std::string(TCPLAB_BINARY) + " run '" + l.file.string() +
         "' --backend model --format jsonl";
}

struct Output {
  int exit_code = -1;
  std::string text;
};

Output run(const std::string& command) {
  Output out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 65536> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    out.text.append(buffer.data(), n);
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The lines of `text`; a final newline ends the last line rather than starting an empty one.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// "line 12:\n  expected: ...\n  got:      ..." for the first line that differs; nullopt if none.
std::optional<std::string> first_difference(std::string_view expected, std::string_view got) {
  if (expected == got) return std::nullopt;
  const auto want = split_lines(expected), have = split_lines(got);
  std::size_t i = 0;
  while (i < want.size() && i < have.size() && want[i] == have[i]) ++i;
  const std::string where = "line " + std::to_string(i + 1) + ":\n  expected: ";
  if (i == want.size() && i == have.size()) {
    return "line " + std::to_string(i) + ":\n  expected: " +
           (expected.ends_with('\n') ? "a newline at the end\n  got:      none"
                                     : "no newline at the end\n  got:      one");
  }
  const auto line = [](const std::vector<std::string_view>& lines, std::size_t k) {
    return k < lines.size() ? std::string(lines[k]) : std::string("(end of file)");
  };
  return where + line(want, i) + "\n  got:      " + line(have, i);
}

class Golden : public ::testing::TestWithParam<Lesson> {};

TEST_P(Golden, AFreshRunWritesTheSameBytes) {
  const Lesson& lesson = GetParam();
  const std::string command = command_for(lesson);
  const Output out = run(command);
  ASSERT_EQ(out.exit_code, 0) << command;
  const fs::path golden = golden_of(lesson.id);
  if (updating()) {
    fs::create_directories(kGoldens);
    std::ofstream(golden, std::ios::binary) << out.text;
    std::printf("wrote %s\n", golden.string().c_str());
    return;
  }
  const auto expected = read_file(golden);
  ASSERT_TRUE(expected) << "no golden file " << golden << ": write it with " << kUpdateCommand;
  if (auto diff = first_difference(*expected, out.text)) {
    FAIL() << golden.string() << " is not what `" << command << "` writes now, at " << *diff
           << "\nIf the change is meant, update the goldens on purpose with " << kUpdateCommand
           << " and review `git diff tests/lessons/golden`.";
  }
}

// "four-way-close" -> "four_way_close": gtest names allow letters, digits and '_'.
std::string test_name(const ::testing::TestParamInfo<Lesson>& param) {
  std::string name = param.param.id;
  for (char& c : name) c = (c == '-') ? '_' : c;
  return name;
}

INSTANTIATE_TEST_SUITE_P(Lessons, Golden, ::testing::ValuesIn(lessons()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Golden);

// Read now, not when the tests were listed: a lesson added since the build still needs a golden.
TEST(GoldenFiles, OneForEveryLessonAndNoOthers) {
  std::set<std::string> ids;
  for (const Lesson& l : lessons()) ids.insert(l.id);
  ASSERT_FALSE(ids.empty()) << "no lessons in " << kLessons;
  std::set<std::string> goldens;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kGoldens, ec)) {
    if (entry.path().extension() != ".jsonl") continue;
    const std::string id = entry.path().stem().string();
    if (updating() && !ids.contains(id)) {
      fs::remove(entry.path());
      std::printf("removed %s (no such lesson)\n", entry.path().string().c_str());
      continue;
    }
    goldens.insert(id);
  }
  if (updating()) return;
  for (const std::string& id : ids)
    EXPECT_TRUE(goldens.contains(id))
        << "lesson " << id << " has no golden: run " << kUpdateCommand;
  for (const std::string& id : goldens)
    EXPECT_TRUE(ids.contains(id)) << golden_of(id) << " belongs to no lesson: run "
                                  << kUpdateCommand << " to remove it";
}

TEST(GoldenDiff, NamesTheFirstDifferingLine) {
  EXPECT_EQ(first_difference("a\nb\n", "a\nb\n"), std::nullopt);
  EXPECT_EQ(first_difference("a\nb\nc\n", "a\nx\nc\n"), "line 2:\n  expected: b\n  got:      x");
  EXPECT_EQ(first_difference("a\n", "a\nb\n"), "line 2:\n  expected: (end of file)\n  got:      b");
  EXPECT_EQ(first_difference("a\nb\n", ""), "line 1:\n  expected: a\n  got:      (end of file)");
  EXPECT_EQ(first_difference("a\nb\n", "a\nb"),
            "line 2:\n  expected: a newline at the end\n  got:      none");
}

}  // namespace
}  // namespace tcplab
