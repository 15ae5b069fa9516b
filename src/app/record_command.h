#pragma once
// `tcplab record LESSON... [--all] [--out DIR]`: each lesson run once on the real kernel, with
// the lesson's own settings, and saved as a JSON-lines trace whose header names the kernel
// (kernel_release) and the day (recorded_on). The browser, which has no kernel, shows these
// recordings; the desktop GUI shows one at once while its live kernel run goes on.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tcplab {

struct RecordSettings {
  std::vector<std::string> lessons;                // ids or files
  bool all = false;                                // every lesson of `lessons_dir`
  std::optional<std::filesystem::path> lessons_dir;
  std::optional<std::filesystem::path> out;        // default: recordings_dir_for(lessons_dir)
  std::string time_limit;  // "": the backend's own (lets TIME-WAIT end)
};

// Today's date in UTC, "YYYY-MM-DD": the day a recording was made.
std::string today_utc();

// Records each lesson; a lesson the kernel cannot run here is skipped with its reasons printed.
// A run that reached its time limit is kept (its warnings say so). Returns the exit status: 0
// every lesson recorded or skipped, 2 a bad lesson or a file that could not be written, 130
// Ctrl-C (that lesson is not written).
int command_record(const RecordSettings& settings);

}  // namespace tcplab
