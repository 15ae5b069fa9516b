#include "gui/settings.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/decimal.h"

namespace tcplab::gui {

namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}

std::optional<bool> parse_bool(const std::string& v) {
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return std::nullopt;
}

constexpr double kMinSpeed = 0.1;
constexpr double kMaxSpeed = 100.0;

}  // namespace

Settings parse_settings(const std::string& text) {
  Settings s;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    const std::string key = trim(line.substr(0, eq));
    const std::string value = trim(line.substr(eq + 1));
    if (key == "last_lesson") {
      s.last_lesson = value;
    } else if (key == "last_folder") {
      s.last_folder = value;
    } else if (key == "language" && (value == "en" || value == "zh")) {
      s.language = value;
    } else if (key == "presentation") {
      if (auto b = parse_bool(value)) s.presentation = *b;
    } else if (key == "compress_idle") {
      if (auto b = parse_bool(value)) s.compress_idle = *b;
    } else if (key == "projector_theme") {
      if (auto b = parse_bool(value)) s.projector_theme = *b;
    } else if (key == "colour_blind_safe") {
      if (auto b = parse_bool(value)) s.colour_blind_safe = *b;
    } else if (key == "text_scale") {
      const auto v = parse_decimal(value);
      if (v && *v >= kMinTextScale && *v <= kMaxTextScale) s.text_scale = *v;
    } else if (key == "play_speed") {
      const auto v = parse_decimal(value);
      if (v && *v >= kMinSpeed && *v <= kMaxSpeed) s.play_speed = *v;
    }
  }
  return s;
}

std::string format_settings(const Settings& s) {
  std::ostringstream out;
  out << "# tcplab-gui settings (safe to delete)\n";
  out << "last_lesson = " << s.last_lesson << "\n";
  out << "language = " << s.language << "\n";
  out << "presentation = " << (s.presentation ? "true" : "false") << "\n";
  out << "compress_idle = " << (s.compress_idle ? "true" : "false") << "\n";
  out << "play_speed = " << s.play_speed << "\n";
  out << "projector_theme = " << (s.projector_theme ? "true" : "false") << "\n";
  out << "colour_blind_safe = " << (s.colour_blind_safe ? "true" : "false") << "\n";
  out << "text_scale = " << s.text_scale << "\n";
  out << "last_folder = " << s.last_folder << "\n";
  return out.str();
}

std::optional<std::filesystem::path> settings_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "tcplab";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".config" / "tcplab";
  }
  return std::nullopt;
}

Settings load_settings(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Settings{};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_settings(text.str());
}

bool save_settings(const std::filesystem::path& file, const Settings& settings) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ofstream out(file);
  out << format_settings(settings);
  return static_cast<bool>(out);
}

}  // namespace tcplab::gui
