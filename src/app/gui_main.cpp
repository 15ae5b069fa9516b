// tcplab-gui: the ImGui timeline a teacher steps through in class.
//   tcplab-gui                                   the last lesson (or the default one)
//   tcplab-gui --lesson ID [--presentation]      a lesson
//   tcplab-gui --trace run.jsonl | capture.pcap  a trace file
//   tcplab-gui --lesson ID --backend kernel|both  the lesson on the real Linux kernel, or on the
//                                                model and the kernel side by side
//   tcplab-gui --lesson ID --at STEP --screenshot FILE.png [--size 1600x1000] [--layout F.json]
//                                                one frame offscreen (after the kernel run, if
//                                                any), then exit; --layout also writes every text
//                                                drawn (string, rectangle, panel, font size)
//   tcplab-gui --lesson ID --predict class|student [--at STEP] [--answer B]
//                                                predict mode: stepping stops before each
//                                                teachable event and asks; --at asks the first
//                                                question from STEP on, --answer marks a letter
//                                                and reveals (for screenshots)
//   tcplab-gui --lesson ID --at STEP --export-slide F.svg|F.png [--size 1600x1000] [--layout F.json]
//                                                the slide at STEP (title, ladder, narration,
//                                                state diagram) as SVG or PNG, then exit
//   tcplab-gui --lesson ID --shots PLAN          several such frames, one per line of PLAN:
//                                                AT WIDTHxHEIGHT normal|presentation PNG|- JSON|-
// Exit codes: 0 ok, 1 failed (with the kernel: the run failed, or differs from the model), 2 bad
// usage or lesson, 3 (--screenshot with the kernel) the kernel's run was not compared with the
// model: it cannot run here (not built, or not in a private network namespace) or a busy machine
// made it too late to judge. The picture is still written when there is one.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <variant>

#include <CLI/CLI.hpp>

#include "app/exit_codes.h"
#include "app/backends.h"
#include "app/gui_backend.h"
#include "app/file_dialog_gtk.h"
#include "app/gui_lessons.h"
#include "export/trace_file.h"
#include "gui/settings.h"
#include "gui/step_cursor.h"
#include "gui/views/gui_app.h"
#include "present/catalog_search.h"
#include "scenario/lesson_catalog.h"
#include "worksheet/worksheet_render.h"

namespace {

using tcplab::kExitCheckFailed;
using tcplab::kExitNotCompared;
using tcplab::gui::GuiApp;

constexpr const char* kSettingsFile = "gui.conf";
constexpr const char* kImguiIniFile = "imgui.ini";
constexpr double kProminentShare = 0.1;  // --list-states: bands covering a tenth of the picture

// --screenshot with the kernel: the exit code for what the kernel's run came to (see the top).
int kernel_exit_code(const tcplab::gui::GuiApp& app) {
  const auto& result = app.kernel_result();
  if (!result) return kExitCheckFailed;  // the run failed; the summary says why
  if (!result->kernel_ran) return kExitNotCompared;
  // Without its own namespace the kernel runs no faults and no knobs: not the lesson's run.
  if (result->kernel.trace.isolation == tcplab::Isolation::HostLoopback) return kExitNotCompared;
  if (result->agree()) return 0;
  if (result->not_compared || !result->comparison.judgeable()) return kExitNotCompared;
  return kExitCheckFailed;
}

// The lesson tcplab-gui opens when told nothing and remembering nothing.
constexpr const char* kDefaultLesson = "four-way-close";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// assets/fonts.txt, next to the source tree or installed beside the binary.
std::string font_list(const char* argv0) {
  const std::filesystem::path candidates[] = {
      std::filesystem::path(TCPLAB_SOURCE_DIR) / "assets" / "fonts.txt",
      std::filesystem::path(argv0).parent_path() / "assets" / "fonts.txt",
  };
  for (const auto& p : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return read_text(p);
  }
  return {};
}

bool parse_size(const std::string& text, int& w, int& h) {
  return std::sscanf(text.c_str(), "%dx%d", &w, &h) == 2 && w > 0 && h > 0;
}

// One line of a --shots plan: AT WIDTHxHEIGHT normal|presentation PNG|- JSON|-
struct PlannedShot {
  std::string at;
  int width = 0, height = 0;
  bool presentation = false;
  std::optional<std::filesystem::path> png, layout;
};

// Reads a --shots plan; on a bad line returns why, naming the file and the line.
std::variant<std::vector<PlannedShot>, std::string> read_shot_plan(const std::string& path,
                                                                   const tcplab::Trace& trace) {
  std::ifstream in(path);
  if (!in) return "cannot read the shot plan " + path;
  std::vector<PlannedShot> shots;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    PlannedShot shot;
    std::string size, mode, png, layout;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (!(fields >> shot.at >> size >> mode >> png >> layout)) {
      return where + "wants AT WIDTHxHEIGHT normal|presentation PNG|- JSON|-";
    }
    if (!tcplab::gui::parse_step(trace, shot.at)) return where + "no step '" + shot.at + "'";
    if (!parse_size(size, shot.width, shot.height)) return where + "no size '" + size + "'";
    if (mode != "normal" && mode != "presentation") {
      return where + "the mode is normal or presentation, not '" + mode + "'";
    }
    shot.presentation = mode == "presentation";
    if (png != "-") shot.png = png;
    if (layout != "-") shot.layout = layout;
    shots.push_back(std::move(shot));
  }
  if (shots.empty()) return path + ": no shots";
  return shots;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"tcplab-gui: step through a TCP lesson, both endpoints' states side by side"};
  std::string lesson, trace_file, at, screenshot, size = "1600x1000", lang, layout, shot_plan;
  std::string slide_file;
  std::string backend = "model", time_limit, predict, answer;
  std::string picture = "ladder";
  bool presentation = false;
  bool list_states = false;
  bool projector = false, colour_blind = false, echo_keys = false;
  double text_scale = 0;
  cli.add_option("--lesson", lesson, "the lesson to open: an id from lessons/, or a .toml file");
  cli.add_option("--trace", trace_file,
                 "a trace file: JSON lines written by tcplab, or a pcap/pcapng capture");
  cli.add_option("--backend", backend,
                 "where the lesson runs: model, kernel (the real Linux kernel over loopback, in a "
                 "private network namespace), or both side by side")
      ->check(CLI::IsMember({"model", "kernel", "both"}))
      ->capture_default_str();
  cli.add_option("--time-limit", time_limit,
                 "stop the runs after this long (e.g. 5s); the kernel otherwise waits for "
                 "TIME-WAIT's 60 s to expire");
  cli.add_option("--at", at,
                 "the step to show: an event number, a time (1.2s, 150ms), middle or end");
  cli.add_option("--screenshot", screenshot, "render one frame to this PNG file and exit");
  cli.add_option("--export-slide", slide_file,
                 "write the slide at --at (the lesson's title, the ladder, the step's narration "
                 "and the state diagram) to this .svg or .png file, --size large, and exit");
  cli.add_option("--layout", layout,
                 "with --screenshot or --export-slide: also write every text drawn in that frame (string, "
                 "rectangle, panel, clip rectangle, font size) to this JSON file");
  cli.add_option("--shots", shot_plan,
                 "render several frames offscreen and exit, one per line of this file: AT "
                 "WIDTHxHEIGHT normal|presentation PNG|- JSON|- (- writes no file)");
  cli.add_option("--size", size, "window or screenshot size, WIDTHxHEIGHT")->capture_default_str();
  cli.add_option("--lang", lang, "narration language")->check(CLI::IsMember({"en", "zh"}));
  cli.add_flag("--presentation", presentation,
               "large fonts, high contrast: one picture and the narration");
  cli.add_option("--picture", picture,
                 "the picture presentation mode shows (P switches): the ladder, the state "
                 "diagram, or the sockets' table and chart")
      ->check(CLI::IsMember({std::string(tcplab::gui::picture_id(tcplab::gui::PresentationPicture::Ladder)),
                             std::string(tcplab::gui::picture_id(tcplab::gui::PresentationPicture::StateDiagram)),
                             std::string(tcplab::gui::picture_id(tcplab::gui::PresentationPicture::Sockets))}))
      ->capture_default_str();
  cli.add_flag("--projector", projector, "the projector theme: black on white, high contrast");
  cli.add_flag("--colour-blind", colour_blind,
               "state bands in the colour-blind-safe palette (deuteranopia, protanopia)");
  cli.add_option("--text-scale", text_scale, "text size outside presentation mode (1 = normal)")
      ->check(CLI::Range(tcplab::gui::kMinTextScale, tcplab::gui::kMaxTextScale));
  cli.add_option("--predict", predict,
                 "predict mode: class (the teacher reveals, big letters for the projector) or "
                 "student (click an answer, see at once)")
      ->check(CLI::IsMember({"class", "student"}));
  cli.add_option("--answer", answer,
                 "with --predict: mark this letter (A-D) for the question asked, and reveal")
      ->check(CLI::IsMember({"A", "B", "C", "D", "a", "b", "c", "d"}));
  cli.add_flag("--echo-keys", echo_keys,
               "print one line per key handled (step, presentation, blank), for tests");
  cli.add_flag("--list-states", list_states,
               "print the states a fitted picture shows as clear bands (for tests), and exit");
  CLI11_PARSE(cli, argc, argv);

  tcplab::gui::WindowOptions window;
  if (!parse_size(size, window.width, window.height)) {
    std::fprintf(stderr, "tcplab-gui: --size wants WIDTHxHEIGHT, such as 1600x1000\n");
    return 2;
  }
  if (!layout.empty() && screenshot.empty() && slide_file.empty()) {
    std::fprintf(stderr, "tcplab-gui: --layout goes with --screenshot or --export-slide\n");
    return 2;
  }
  const std::filesystem::path slide_path(slide_file);
  if (!slide_file.empty() && slide_path.extension() != ".svg" && slide_path.extension() != ".png") {
    std::fprintf(stderr, "tcplab-gui: --export-slide writes a .svg or a .png file, not '%s'\n",
                 slide_file.c_str());
    return 2;
  }
  if (!slide_file.empty() && (!screenshot.empty() || !shot_plan.empty())) {
    std::fprintf(stderr, "tcplab-gui: --export-slide goes without --screenshot and --shots\n");
    return 2;
  }
  const bool shot = !screenshot.empty() || !shot_plan.empty() || !slide_file.empty();
  const auto config_dir = tcplab::gui::settings_dir();
  tcplab::gui::Settings settings;
  if (config_dir && !shot) settings = tcplab::gui::load_settings(*config_dir / kSettingsFile);
  if (shot) settings = tcplab::gui::Settings{};  // screenshots never depend on a user's settings
  if (!lang.empty()) settings.language = lang;
  if (presentation) settings.presentation = true;
  if (projector) settings.projector_theme = true;
  if (colour_blind) settings.colour_blind_safe = true;
  if (text_scale > 0) settings.text_scale = text_scale;

  // Every catalog, so the language can be switched live; GuiApp picks settings.language.
  for (const std::string& problem : tcplab::present::load_installed_catalogs())
    std::fprintf(stderr, "tcplab-gui: %s (the interface stays English)\n", problem.c_str());
  GuiApp app(settings, tcplab::gui::lesson_provider(tcplab::find_lessons_dir()));
  app.set_echo_keys(echo_keys);
  for (const tcplab::gui::PresentationPicture p : tcplab::gui::kPresentationPictures) {
    if (tcplab::gui::picture_id(p) == picture) app.set_presentation_picture(p);
  }
  app.set_trace_files({[](const std::string& path) { return tcplab::open_trace_file(path); },
                       [](const tcplab::Trace& trace, const std::string& path) {
                         const auto format = tcplab::format_for_path(path);
                         if (!format)
                           throw std::runtime_error("save as .jsonl or .pcap, not " + path);
                         tcplab::save_trace_file(trace, path, *format);
                       }});
  // File > Open and the saves ask GTK's file chooser (the desktop's portal where there is one).
  if (!shot) app.set_file_dialog(tcplab::gui::gtk_file_dialog);
  // The worksheet and its answer key (src/worksheet, cairo): A4 PDFs in the current directory.
  app.set_worksheet_writer(tcplab::worksheet::write_pdf_and_key);

  std::optional<std::string> error;
  if (!trace_file.empty()) {
    error = app.open_file(trace_file);
  } else if (!lesson.empty()) {
    error = app.open(lesson);
  } else {
    // The last lesson, else the default lesson (without lessons/, the error says where to look).
    error = app.open(settings.last_lesson.empty() ? kDefaultLesson : settings.last_lesson);
    if (error) error = app.open(kDefaultLesson);
  }
  if (error) {
    std::fprintf(stderr, "tcplab-gui: %s\n", error->c_str());
    return 1;
  }
  const auto mode = tcplab::gui::parse_run_mode(backend);
  if (!time_limit.empty()) {
    const auto limit = tcplab::parse_duration(time_limit);
    if (!limit || limit->count() <= 0) {
      std::fprintf(stderr, "tcplab-gui: --time-limit wants a duration such as 5s, not '%s'\n",
                   time_limit.c_str());
      return 2;
    }
    app.session().options.time_limit = *limit;
    if (app.session().scenario) app.rerun_lesson();
  }
  if (mode && *mode != tcplab::gui::RunMode::Model) {
    if (!app.session().scenario) {
      std::fprintf(stderr, "tcplab-gui: --backend %s runs a lesson: give --lesson\n",
                   backend.c_str());
      return 2;
    }
    app.set_mode(*mode);
    if (!at.empty()) app.go_to_after_kernel_run(at);
    if (app.mode() != *mode) {
      std::fprintf(stderr, "tcplab-gui: %s\n", app.status().c_str());
      const auto names = tcplab::backend_names();
      const bool built = std::find(names.begin(), names.end(), "kernel") != names.end();
      return shot && !built ? kExitNotCompared : 2;
    }
  }
  if (!answer.empty() && predict.empty()) {
    std::fprintf(stderr, "tcplab-gui: --answer goes with --predict\n");
    return 2;
  }
  std::optional<std::size_t> answer_index;
  if (!answer.empty())
    answer_index = static_cast<std::size_t>(std::toupper(static_cast<unsigned char>(answer[0])) - 'A');
  if (!predict.empty()) app.set_predict(tcplab::gui::parse_predict_variant(predict));
  if (!at.empty()) {
    const auto step = tcplab::gui::parse_step(app.session().trace(), at);
    if (!step) {
      std::fprintf(stderr,
                   "tcplab-gui: --at wants an event number up to %zu, a time such as 1.2s, or end; "
                   "not '%s'\n",
                   app.session().trace().size(), at.c_str());
      return 2;
    }
    app.session().cursor.go_to(*step);
  }
  if (!predict.empty()) app.predict_from(app.session().cursor.step(), answer_index);

  if (list_states) {
    for (tcplab::TcpState s :
         tcplab::gui::prominent_states(app.session().index(), kProminentShare)) {
      std::printf("%s\n", std::string(tcplab::rfc_name(s)).c_str());
    }
    return 0;
  }
  window.title = "tcplab - " + app.session().title();
  window.font_list = font_list(argv[0]);
  if (!screenshot.empty()) window.screenshot = screenshot;
  if (!layout.empty()) window.layout = layout;
  if (!slide_file.empty()) {
    // Every frame is the slide; an SVG is written from the first one, a PNG read back from the last.
    app.set_slide_only(true);
    tcplab::gui::ScreenshotShot s;
    s.width = window.width;
    s.height = window.height;
    if (!layout.empty()) s.layout = layout;
    if (slide_path.extension() == ".svg") {
      app.export_slide(slide_path);
    } else {
      s.png = slide_path;
    }
    window.shots.push_back(std::move(s));
  }
  if (!shot_plan.empty()) {
    auto plan = read_shot_plan(shot_plan, app.session().trace());
    if (auto* why = std::get_if<std::string>(&plan)) {
      std::fprintf(stderr, "tcplab-gui: %s\n", why->c_str());
      return 2;
    }
    for (PlannedShot& p : std::get<0>(plan)) {
      tcplab::gui::ScreenshotShot s;
      s.width = p.width;
      s.height = p.height;
      s.png = p.png;
      s.layout = p.layout;
      s.prepare = [&app, at = p.at, presentation = p.presentation, answer_index] {
        app.set_presentation(presentation);
        if (auto step = tcplab::gui::parse_step(app.session().trace(), at)) {
          app.session().cursor.go_to(*step);
          app.predict_from(*step, answer_index);  // nothing without --predict
        }
        app.relayout();
      };
      window.shots.push_back(std::move(s));
    }
  }
  if (config_dir && !shot) {
    std::error_code ec;
    std::filesystem::create_directories(*config_dir, ec);
    window.imgui_ini = *config_dir / kImguiIniFile;
  }
  int status = tcplab::gui::run_window(app, window);
  if (shot && !app.kernel_summary().empty())
    std::fprintf(stderr, "tcplab-gui: %s\n", app.kernel_summary().c_str());
  if (shot && status == 0 && mode && tcplab::gui::needs_kernel(*mode))
    status = kernel_exit_code(app);
  if (config_dir && !shot) tcplab::gui::save_settings(*config_dir / kSettingsFile, app.settings());
  return status;
}
