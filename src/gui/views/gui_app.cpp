#include "gui/views/gui_app.h"

#include <fstream>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/demo_traces.h"
#include "gui/svg_writer.h"
#include "gui/views/inspector_panel.h"
#include "gui/views/sockets_panel.h"
#include "gui/views/state_diagram_panel.h"
#include "gui/views/transport_bar.h"

namespace tcplab::gui {

namespace {

constexpr std::string_view kDemoPrefix = "demo:";
constexpr float kPathFieldEm = 30;  // width of the file name field
// Normal layout, as shares of the window: the timeline on the left, panels stacked on the right.
constexpr float kTimelineWidthShare = 0.62f;
constexpr float kLessonHeightShare = 0.30f;
constexpr float kDiagramHeightShare = 0.36f;
// Presentation: the narration strip under the timeline.
constexpr float kNarrationHeightShare = 0.20f;
constexpr ImGuiWindowFlags kFixedWindow =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

}  // namespace

GuiApp::GuiApp(Settings settings, LessonProvider lessons)
    : settings_(std::move(settings)), lessons_(std::move(lessons)) {
  look_.language = settings_.language;
  session_.view.compress_idle = settings_.compress_idle;
  session_.cursor.speed = settings_.play_speed;
  set_presentation(settings_.presentation);
  if (lessons_.list) sources_ = lessons_.list();
  for (const std::string& name : demo_names()) {
    sources_.push_back({std::string(kDemoPrefix) + name, "demo: " + name});
  }
}

void GuiApp::set_fonts(const LoadedFonts& fonts) {
  fonts_ = fonts;
  look_.cjk_font = fonts.cjk;
}

std::vector<std::string> GuiApp::texts_needing_glyphs() const {
  std::vector<std::string> texts;
  if (!lessons_.list || !lessons_.load) return texts;
  for (const SourceEntry& s : sources_) {
    texts.push_back(s.title);
    if (s.id.starts_with(kDemoPrefix)) continue;
    try {
      const Scenario sc = lessons_.load(s.id);
      texts.push_back(sc.title.zh);
      texts.push_back(sc.summary.zh);
      for (const NarrationStep& n : sc.narration) texts.push_back(n.text.zh);
      for (const CheckSpec& c : sc.checks) texts.push_back(c.description.zh);
    } catch (const std::exception&) {
      // A lesson that does not load says so when it is opened.
    }
  }
  return texts;
}

void GuiApp::show_trace(Trace trace, std::string title) {
  session_.scenario.reset();
  session_.narration.clear();
  session_.selected_segment = 0;
  session_.cursor.go_to(0);
  session_.show(std::move(trace), std::move(title));
  session_.want_fit = true;
}

std::optional<std::string> GuiApp::open_file(const std::string& path) {
  if (!files_.open) return "this build cannot read trace files";
  try {
    Trace trace = files_.open(path);
    show_trace(std::move(trace), std::filesystem::path(path).filename().string());
    lesson_id_ = std::filesystem::path(path).stem().string();
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
}

void GuiApp::file_popups() {
  if (open_popup_) ImGui::OpenPopup("Open trace");
  if (save_popup_) ImGui::OpenPopup("Save trace");
  open_popup_ = save_popup_ = false;
  auto path_dialog = [this](const char* title, const char* hint, const char* action, auto&& run) {
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted(hint);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * kPathFieldEm);
    const bool entered =
        ImGui::InputText("##path", &file_path_, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::Button(action) || entered) {
      run();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  };
  path_dialog("Open trace",
              "A JSON-lines trace (tcplab run --format jsonl) or a pcap/pcapng capture:", "Open",
              [this] {
                if (auto err = open_file(file_path_)) status_ = *err;
              });
  path_dialog("Save trace", "File name ending in .jsonl (JSON lines) or .pcap:", "Save", [this] {
    try {
      files_.save(session_.trace(), file_path_);
      status_ = "wrote " + file_path_;
    } catch (const std::exception& e) {
      status_ = e.what();
    }
  });
}

std::optional<std::string> GuiApp::open(const std::string& id) {
  if (id.starts_with(kDemoPrefix)) {
    auto trace = demo_by_name(id.substr(kDemoPrefix.size()));
    if (!trace) return "no demo named '" + id.substr(kDemoPrefix.size()) + "'";
    show_trace(std::move(*trace), "demo: " + id.substr(kDemoPrefix.size()));
    lesson_id_ = id;
    return std::nullopt;
  }
  if (!lessons_.load || !lessons_.run) return "lessons cannot be loaded in this build";
  try {
    Scenario scenario = lessons_.load(id);
    RunResult result = lessons_.run(scenario, RunOptions{});
    const std::string title =
        scenario.title.in(look_.language).empty() ? scenario.id : scenario.title.in(look_.language);
    session_.options = RunOptions{};
    session_.selected_segment = 0;
    session_.cursor.go_to(0);
    session_.set_scenario(std::move(scenario));
    session_.show(std::move(result.trace), title);
    session_.want_fit = true;
    lesson_id_ = id;
    settings_.last_lesson = id;
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
}

void GuiApp::rerun() {
  if (!session_.scenario || !lessons_.run) return;
  try {
    RunResult result = lessons_.run(*session_.scenario, session_.options);
    const std::string title = session_.title();
    session_.show(std::move(result.trace), title);  // keeps the cursor's step
    status_ = result.completed ? "re-ran the lesson" : "re-ran the lesson (stopped at a limit)";
  } catch (const std::exception& e) {
    status_ = e.what();
  }
}

void GuiApp::drop_selected_and_rerun() {
  if (session_.selected_segment == 0) return;
  FaultSpec drop;
  drop.kind = FaultKind::Drop;
  drop.match.segment_id = session_.selected_segment;
  drop.description = "dropped from the GUI: segment #" + std::to_string(session_.selected_segment);
  session_.options.extra_faults.push_back(drop);
  rerun();
}

void GuiApp::set_presentation(bool on) {
  look_.presentation = on;
  look_.theme = on ? &kHighContrastTheme : &kLightTheme;
  look_.scale = on ? kPresentationScale : 1.0f;
  settings_.presentation = on;
}

void GuiApp::key(AppKey key) {
  switch (key) {
    case AppKey::ToggleFullscreen:
      fullscreen_request_ = true;
      break;
    case AppKey::TogglePresentation:
      set_presentation(!look_.presentation);
      break;
  }
}

std::optional<std::filesystem::path> GuiApp::take_png_request() {
  auto r = png_request_;
  png_request_.reset();
  return r;
}

bool GuiApp::take_fullscreen_request() {
  const bool r = fullscreen_request_;
  fullscreen_request_ = false;
  return r;
}

const Settings& GuiApp::settings() const {
  settings_out_ = settings_;
  settings_out_.language = look_.language;
  settings_out_.compress_idle = session_.view.compress_idle;
  settings_out_.play_speed = session_.cursor.speed;
  return settings_out_;
}

std::string GuiApp::export_stem() const {
  std::string stem = lesson_id_.empty() ? "tcplab" : lesson_id_;
  for (char& c : stem) {
    if (c == ':' || c == '/' || c == ' ') c = '-';
  }
  return stem + "-step" + std::to_string(session_.cursor.step());
}

std::optional<std::string> GuiApp::export_svg() {
  const TimelineFrame& f = timeline_.frame();
  FrameGeometry g = timeline_.geometry();
  // The SVG starts at (0, 0): move the panel's geometry there.
  const Vec2 o = f.origin;
  auto move = [o](Vec2& v) {
    v.x -= o.x;
    v.y -= o.y;
  };
  for (auto& r : g.rects) {
    move(r.min);
    move(r.max);
  }
  for (auto& l : g.lines) {
    move(l.a);
    move(l.b);
  }
  for (auto& t : g.triangles) {
    move(t.a);
    move(t.b);
    move(t.c);
  }
  for (auto& c : g.circles) move(c.center);
  for (auto& t : g.texts) move(t.pos);
  const std::string path = export_stem() + ".svg";
  std::ofstream out(path);
  out << to_svg(g, {f.width, f.height, f.line_height * 0.8f, look_.theme->background});
  if (!out) return "cannot write " + path;
  status_ = "wrote " + path;
  return std::nullopt;
}

void GuiApp::menu_bar() {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open trace or capture...", nullptr, false,
                        static_cast<bool>(files_.open))) {
      open_popup_ = true;
    }
    if (ImGui::MenuItem("Save trace...", nullptr, false, files_.save && session_.has_trace())) {
      file_path_ = export_stem() + ".jsonl";
      save_popup_ = true;
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Export view as PNG")) png_request_ = export_stem() + ".png";
    if (ImGui::MenuItem("Export ladder as SVG")) {
      if (auto err = export_svg()) status_ = *err;
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Quit")) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Presentation mode", "F5", look_.presentation))
      set_presentation(!look_.presentation);
    if (ImGui::MenuItem("Full screen", "F11")) fullscreen_request_ = true;
    if (ImGui::MenuItem("Compress idle stretches", nullptr, session_.view.compress_idle)) {
      session_.view.compress_idle = !session_.view.compress_idle;
      session_.want_fit = true;
    }
    if (ImGui::MenuItem("Fit the whole lesson", "double-click")) session_.want_fit = true;
    if (ImGui::MenuItem("Follow the cursor", nullptr, timeline_.follow_cursor)) {
      timeline_.follow_cursor = !timeline_.follow_cursor;
    }
    ImGui::EndMenu();
  }
  if (!status_.empty()) {
    ImGui::Separator();
    ImGui::TextDisabled("%s", status_.c_str());
  }
  ImGui::EndMainMenuBar();
  file_popups();
}

void GuiApp::normal_layout() {
  menu_bar();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 pos = vp->WorkPos;
  const ImVec2 size = vp->WorkSize;
  const float left_w = size.x * kTimelineWidthShare;
  const float right_w = size.x - left_w;
  const float lesson_h = size.y * kLessonHeightShare;
  const float diagram_h = size.y * kDiagramHeightShare;

  ImGui::SetNextWindowPos(pos, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({left_w, size.y}, ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Timeline")) {
    transport_bar(session_, look_);
    timeline_.draw(session_, look_);
  }
  ImGui::End();

  ImGui::SetNextWindowPos({pos.x + left_w, pos.y}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({right_w, lesson_h}, ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Lesson")) {
    const LessonPanelResult r =
        lesson_panel(session_, look_, sources_, static_cast<bool>(lessons_.run));
    if (!r.open.empty()) {
      if (auto err = open(r.open)) status_ = *err;
    }
    if (r.rerun) rerun();
  }
  ImGui::End();

  ImGui::SetNextWindowPos({pos.x + left_w, pos.y + lesson_h}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({right_w, diagram_h}, ImGuiCond_FirstUseEver);
  if (ImGui::Begin("State diagram (RFC 9293)")) state_diagram_panel(session_, look_);
  ImGui::End();

  ImGui::SetNextWindowPos({pos.x + left_w, pos.y + lesson_h + diagram_h}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({right_w, size.y - lesson_h - diagram_h}, ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Details")) {
    if (ImGui::BeginTabBar("details")) {
      if (ImGui::BeginTabItem("Sockets")) {
        sockets_panel(session_, look_);
        ImGui::EndTabItem();
      }
      // The inspector comes forward when a new segment is clicked.
      const bool select =
          session_.selected_segment != 0 && session_.selected_segment != shown_segment_;
      shown_segment_ = session_.selected_segment;
      if (ImGui::BeginTabItem("Inspector", nullptr, select ? ImGuiTabItemFlags_SetSelected : 0)) {
        if (inspector_panel(session_, look_, session_.scenario && lessons_.run))
          drop_selected_and_rerun();
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
}

void GuiApp::presentation_layout() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float narration_h = vp->Size.y * kNarrationHeightShare;
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize({vp->Size.x, vp->Size.y - narration_h});
  if (ImGui::Begin("##presentation-timeline", nullptr,
                   kFixedWindow | ImGuiWindowFlags_NoTitleBar)) {
    ImGui::TextUnformatted(session_.has_trace() ? session_.title().c_str() : "");
    ImGui::SameLine();
    ImGui::TextDisabled(
        "   step %zu of %zu   t = %s   (space: play, arrows: step, Home/End, F5: leave)",
        session_.cursor.step(), session_.cursor.last_step(),
        format_duration(Duration{session_.cursor.time_ns()}).c_str());
    timeline_.draw(session_, look_);
  }
  ImGui::End();
  ImGui::SetNextWindowPos({vp->Pos.x, vp->Pos.y + vp->Size.y - narration_h});
  ImGui::SetNextWindowSize({vp->Size.x, narration_h});
  if (ImGui::Begin("##presentation-narration", nullptr,
                   kFixedWindow | ImGuiWindowFlags_NoTitleBar)) {
    narration_text(session_, look_);
  }
  ImGui::End();
}

void GuiApp::frame(double dt_seconds) {
  if (fonts_.normal) ImGui::PushFont(look_.presentation ? fonts_.presentation : fonts_.normal);
  stepping_keys(session_);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) && look_.presentation) {
    set_presentation(false);
  }
  session_.cursor.tick(dt_seconds);
  if (look_.presentation) {
    presentation_layout();
  } else {
    normal_layout();
  }
  if (fonts_.normal) ImGui::PopFont();
}

}  // namespace tcplab::gui
