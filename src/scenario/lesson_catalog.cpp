#include "scenario/lesson_catalog.h"

#include <algorithm>

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
