#include "scenario/lesson_catalog.h"

#include <algorithm>
#include <cstdlib>

#include "scenario/backend.h"

namespace tcplab {

namespace fs = std::filesystem;

std::optional<fs::path> first_lessons_dir(const std::vector<fs::path>& candidates) {
  for (const auto& dir : candidates) {
    std::error_code ec;
    if (!dir.empty() && fs::is_directory(dir, ec) && !lesson_files(dir).empty()) return dir;
  }
  return std::nullopt;
}

std::vector<fs::path> lesson_search_path(const LessonSearch& search) {
  if (!search.asked.empty()) return {fs::path(search.asked)};
  if (!search.env.empty()) return {fs::path(search.env)};
  std::vector<fs::path> candidates;
  if (!search.executable.empty()) {
    const fs::path bin = search.executable.parent_path();
    candidates.push_back(bin.parent_path() / "share" / "tcplab" / "lessons");
    candidates.push_back(bin / "lessons");
  }
  if (!search.source_tree.empty()) candidates.push_back(search.source_tree);
  return candidates;
}

std::optional<fs::path> find_lessons_dir(const LessonSearch& search) {
  const std::vector<fs::path> candidates = lesson_search_path(search);
  if (!search.asked.empty() || !search.env.empty()) return candidates.front();
  return first_lessons_dir(candidates);
}

std::optional<fs::path> find_lessons_dir(const std::string& asked) {
  LessonSearch search;
  search.asked = asked;
  if (const char* env = std::getenv("TCPLAB_LESSONS"); env) search.env = env;
  std::error_code ec;
  search.executable = fs::read_symlink("/proc/self/exe", ec);
  if (ec) search.executable.clear();
  search.source_tree = TCPLAB_SOURCE_LESSONS_DIR;
  return find_lessons_dir(search);
}

std::vector<fs::path> lesson_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec) && entry.path().extension() == ".toml")
      files.push_back(entry.path());
  }
  // By name without extension, so "08-x" comes before "08-x-variant".
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.stem().string() < b.stem().string();
  });
  return files;
}

fs::path recordings_dir_for(const fs::path& lessons_dir) {
  // "lessons/" and "lessons" name the same directory: its parent is where recordings/ goes.
  const fs::path dir = lessons_dir.has_filename() ? lessons_dir : lessons_dir.parent_path();
  return dir.parent_path() / "recordings";
}

fs::path recording_file(const fs::path& recordings_dir, const std::string& lesson_id) {
  return recordings_dir / (lesson_id + ".jsonl");
}

std::string id_from_file_name(const fs::path& file) {
  std::string stem = file.stem().string();
  // A leading "NN-" only orders the files; it is not part of the id.
  std::size_t digits = 0;
  while (digits < stem.size() && stem[digits] >= '0' && stem[digits] <= '9') ++digits;
  if (digits > 0 && digits < stem.size() && stem[digits] == '-') stem.erase(0, digits + 1);
  return stem;
}

fs::path resolve_lesson(const std::string& name, const std::optional<fs::path>& dir) {
  std::error_code ec;
  if (fs::is_regular_file(name, ec)) return name;
  if (name.find('/') != std::string::npos || fs::path(name).extension() == ".toml") {
    throw ScenarioError({name, 0, 0}, "no such lesson file");
  }
  if (!dir) {
    throw ScenarioError({}, "no lessons directory found to look up lesson '" + name +
                                "' (set TCPLAB_LESSONS to the lessons/ directory, or give a file)");
  }
  std::string known;
  for (const auto& file : lesson_files(*dir)) {
    const std::string id = id_from_file_name(file);
    if (id == name) return file;
    known += (known.empty() ? "" : ", ") + id;
  }
  throw ScenarioError({},
                      "no lesson '" + name + "' in " + dir->string() + " (lessons: " + known + ")");
}

}  // namespace tcplab
