#pragma once
// The tcplab-gui application, one frame at a time: menus, panels, keyboard, presentation mode.
// Knows ImGui but not GLFW or GL: the backend (src/app/gui_backend_glfw.cpp) owns the window,
// calls frame() between ImGui's NewFrame and Render, and carries out the requests it leaves
// (save a PNG of the frame, toggle full screen, quit).
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gui/session.h"
#include "gui/settings.h"
#include "gui/views/fonts.h"
#include "gui/views/lesson_panel.h"
#include "gui/views/timeline_panel.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

// Where lessons come from (the lesson loader), and how they run (the model backend).
struct LessonProvider {
  std::function<std::vector<SourceEntry>()> list;
  std::function<Scenario(const std::string& id)> load;  // throws ScenarioError
  LessonRunner run;
};

// Reading and writing trace files (JSON lines, pcap): src/export, given by the application.
struct TraceFiles {
  std::function<Trace(const std::string& path)> open;                     // throws
  std::function<void(const Trace& trace, const std::string& path)> save;  // throws
};

enum class AppKey { ToggleFullscreen, TogglePresentation };

class GuiApp {
 public:
  GuiApp(Settings settings, LessonProvider lessons);

  // Opens a lesson (by id) or a built-in demo trace ("demo:four-way-close"). On failure returns a
  // sentence saying why and leaves the current trace.
  std::optional<std::string> open(const std::string& id);
  void show_trace(Trace trace, std::string title);
  void set_trace_files(TraceFiles files) { files_ = std::move(files); }
  // Opens a JSON-lines trace or a capture; on failure returns why.
  std::optional<std::string> open_file(const std::string& path);

  void set_fonts(const LoadedFonts& fonts);
  // Strings that need glyphs baked into the font atlas (the lessons' Chinese).
  std::vector<std::string> texts_needing_glyphs() const;

  void frame(double dt_seconds);
  void key(AppKey key);

  // Requests for the backend; each is handed out once.
  std::optional<std::filesystem::path> take_png_request();
  bool take_fullscreen_request();
  bool quit_requested() const { return quit_; }

  Session& session() { return session_; }
  const Settings& settings() const;
  TimelinePanel& timeline() { return timeline_; }
  void set_presentation(bool on);
  void set_status(std::string text) { status_ = std::move(text); }

 private:
  void normal_layout();
  void presentation_layout();
  void menu_bar();
  void file_popups();
  void rerun();
  void drop_selected_and_rerun();
  std::optional<std::string> export_svg();
  std::string export_stem() const;

  Settings settings_;
  mutable Settings settings_out_;
  LessonProvider lessons_;
  TraceFiles files_;
  std::string file_path_;  // the path typed into File > Open / Save
  bool open_popup_ = false, save_popup_ = false;
  std::vector<SourceEntry> sources_;
  Session session_;
  TimelinePanel timeline_;
  UiLook look_;
  LoadedFonts fonts_;
  std::string status_;
  std::string lesson_id_;
  std::optional<std::filesystem::path> png_request_;
  bool fullscreen_request_ = false;
  std::uint64_t shown_segment_ = 0;  // the selection the inspector last came forward for
  bool quit_ = false;
};

}  // namespace tcplab::gui
