#pragma once
// What the GUI remembers between runs beside imgui.ini: the last lesson and a few switches.
// A small `key = value` file; unknown keys, bad values or a broken file are ignored, never fatal.
#include <filesystem>
#include <optional>
#include <string>

namespace tcplab::gui {

struct Settings {
  std::string last_lesson;
  std::string language = "en";  // "en" or "zh"
  bool presentation = false;
  bool compress_idle = true;
  double play_speed = 2.0;  // steps per second
  bool projector_theme = false;    // black on white, thicker ink, outside presentation mode too
  bool colour_blind_safe = false;  // the state bands' colour-blind-safe palette
  double text_scale = 1.0;         // View > Text size, outside presentation mode
  std::string last_folder;  // where the file dialogs last opened or saved a file ("": not yet)
};
inline constexpr double kMinTextScale = 0.8;
inline constexpr double kMaxTextScale = 2.0;

Settings parse_settings(const std::string& text);
std::string format_settings(const Settings& settings);

// $XDG_CONFIG_HOME/tcplab (or ~/.config/tcplab); nullopt if neither is set.
std::optional<std::filesystem::path> settings_dir();
Settings load_settings(const std::filesystem::path& file);
bool save_settings(const std::filesystem::path& file, const Settings& settings);

}  // namespace tcplab::gui
