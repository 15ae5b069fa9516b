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

// The lesson files of `dir`, sorted by file name (so "01-..." comes first).
std::vector<std::filesystem::path> lesson_files(const std::filesystem::path& dir);

// The id a lesson file's name suggests: "01-four-way-close.toml" -> "four-way-close".
std::string id_from_file_name(const std::filesystem::path& file);

// `name` is a path to an existing file (or ends in .toml): that file. Otherwise the lesson in
// `dir` whose file name gives that id. Throws ScenarioError saying what was looked for.
std::filesystem::path resolve_lesson(const std::string& name,
                                     const std::optional<std::filesystem::path>& dir);

}  // namespace tcplab
