#pragma once
// Reads a lesson file (TOML, format in lessons/README.md) into a Scenario. A malformed lesson
// stops at its first mistake with one ScenarioError saying file:line:column and what was expected.
#include <filesystem>
#include <string>
#include <string_view>

#include "scenario/backend.h"
#include "scenario/scenario.h"

namespace tcplab {

// Parses lesson text; `file_name` is only used in error messages and Scenario::source_file.
Scenario parse_lesson(std::string_view toml_text, const std::string& file_name);

// Reads and parses the lesson at `path`. A file that cannot be read is a ScenarioError too.
Scenario load_lesson_file(const std::filesystem::path& path);

}  // namespace tcplab
