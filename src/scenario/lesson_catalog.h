#pragma once
// Finding lessons: a lessons/ directory holds one TOML file per lesson, named "NN-<id>.toml" or
// "<id>.toml". Commands name a lesson by id or by path.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tcplab {

// The first of `candidates` that is a directory holding at least one .toml file.
std::optional<std::filesystem::path> first_lessons_dir(
    const std::vector<std::filesystem::path>& candidates);

// What the lesson search starts from (find_lessons_dir fills it in from the process).
struct LessonSearch {
  std::string asked;                  // --lessons DIR, "" when not given
  std::string env;                    // $TCPLAB_LESSONS, "" when not set
  std::filesystem::path executable;   // the running binary, "" when unknown
  std::filesystem::path source_tree;  // the lessons/ of the tree this build came from
};

// Where lessons are looked for, in order. A directory asked for (--lessons, else
// $TCPLAB_LESSONS) is the only one: a typo is never passed over for another directory. Otherwise
// <prefix>/share/tcplab/lessons beside an installed binary, lessons/ beside the binary, then the
// source tree's lessons/.
std::vector<std::filesystem::path> lesson_search_path(const LessonSearch& search);

// The one lessons directory the command line and the GUI use: the directory asked for (whether or
// not it exists, so errors name it), else the first of lesson_search_path() holding lessons.
std::optional<std::filesystem::path> find_lessons_dir(const LessonSearch& search);
// The same, for this process: $TCPLAB_LESSONS, /proc/self/exe and this build's source tree.
std::optional<std::filesystem::path> find_lessons_dir(const std::string& asked = "");

// The lesson files of `dir`, sorted by file name (so "01-..." comes first).
std::vector<std::filesystem::path> lesson_files(const std::filesystem::path& dir);

// The id a lesson file's name suggests: "01-four-way-close.toml" -> "four-way-close".
std::string id_from_file_name(const std::filesystem::path& file);

// Where the kernel's recorded runs of the lessons in `lessons_dir` are kept (tcplab record writes
// them; the browser and the GUI's side by side show them): recordings/ beside it, one
// "<lesson-id>.jsonl" each.
std::filesystem::path recordings_dir_for(const std::filesystem::path& lessons_dir);
std::filesystem::path recording_file(const std::filesystem::path& recordings_dir,
                                     const std::string& lesson_id);

// `name` is a path to an existing file (or ends in .toml): that file. Otherwise the lesson in
// `dir` whose file name gives that id. Throws ScenarioError saying what was looked for.
std::filesystem::path resolve_lesson(const std::string& name,
                                     const std::optional<std::filesystem::path>& dir);

}  // namespace tcplab
