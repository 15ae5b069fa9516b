// tcplab in a browser: the desktop's GuiApp with its views, the lessons bundled in the page
// (/lessons), the model as the backend, the kernel's recorded runs (/recordings) for "Linux kernel"
// and "Side by side", and the URL's fragment as a shareable link to the view (view_link.h). Built by the "web" preset (scripts/web.sh); the platform is gui_backend_web.cpp.
#include <emscripten.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/gui_backend.h"
#include "app/gui_lessons.h"
#include "app/view_link.h"
#include "export/trace_file.h"
#include "gui/lesson_edits.h"
#include "gui/views/drawn_texts.h"
#include "gui/views/gui_app.h"
#include "present/catalog_search.h"
#include "present/translate.h"
#include "scenario/lesson_catalog.h"

namespace {

using tcplab::gui::GuiApp;
using tcplab::gui::ViewLink;
using tcplab::present::tr;

// Where the page's bundled files are (--preload-file in web.cmake).
constexpr const char* kLessonsDir = "/lessons";
constexpr const char* kLocaleDir = "/locale";
constexpr const char* kFontList = "/fonts/tcplab-cjk.otf";
constexpr const char* kFontCharacters = "/fonts/tcplab-cjk.txt";  // every character it has
constexpr const char* kUploadsDir = "/uploads";
constexpr const char* kDefaultLesson = "four-way-close";

GuiApp* the_app = nullptr;   // lives as long as the page
std::string shown_link;      // the fragment the address bar shows
std::string shown_title;

ViewLink current_link(GuiApp& app) {
  ViewLink link;
  const tcplab::gui::Session& session = app.session();
  if (session.scenario) {
    link.lesson = app.settings().last_lesson;
    if (session.lesson)
      link.edits = tcplab::gui::edits_of(*session.lesson, *session.scenario, session.options);
  }
  link.language = app.settings().language;
  link.mode = app.mode();
  if (app.predict().on()) link.predict = app.predict().variant();
  link.step = session.cursor.step();
  return link;
}

// Opens what a link names; returns why not, if something in it cannot be shown. A link whose
// knobs or faults the lesson refuses changes nothing.
std::optional<std::string> open_link(GuiApp& app, const ViewLink& link) {
  if (link.language) app.set_language(*link.language);
  tcplab::gui::Session& session = app.session();
  // A link without a lesson keeps an opened trace or capture on screen (a language switch); one
  // with a lesson opens it, also when a file is on screen in its place.
  const bool other_lesson = !link.lesson.empty() &&
                            (link.lesson != app.settings().last_lesson || !session.scenario);
  if (other_lesson || !session.has_trace()) {
    if (auto error = app.open(link.lesson.empty() ? app.settings().last_lesson : link.lesson))
      return error;
  }
  if (session.lesson && session.scenario) {
    const auto edits_now = tcplab::gui::edits_of(*session.lesson, *session.scenario, session.options);
    if (link.edits != edits_now) {
      tcplab::Scenario as_run;
      tcplab::RunOptions options;
      if (auto refused = tcplab::gui::apply_edits(link.edits, *session.lesson, as_run, options)) {
        // TRANSLATORS: {0} a field of a link (knob.time_wait, reuseaddr.server ...), {1} why.
        return tcplab::present::fill(tr("the link's {0} does not fit this lesson: {1}"),
                                     {refused->part, refused->why});
      }
      session.scenario = std::move(as_run);
      session.options = std::move(options);
      app.rerun_lesson();
    }
  }
  if (link.mode && *link.mode != app.mode()) app.set_mode(*link.mode);
  if (link.predict != (app.predict().on() ? std::optional(app.predict().variant()) : std::nullopt))
    app.set_predict(link.predict);
  if (link.step) {
    if (app.predict().on()) {
      app.predict_from(*link.step, std::nullopt);  // the first question from that step on
    } else {
      session.cursor.go_to(*link.step);  // clamped to the run's last step
    }
  }
  return std::nullopt;
}

// A point on the page's performance timeline (navigation start = 0), for the first-frame figures.
EM_JS(void, page_mark, (const char* name), { performance.mark(UTF8ToString(name)); });

EM_JS(void, set_page_link, (const char* fragment, const char* title), {
  history.replaceState(null, "", "#" + UTF8ToString(fragment));
  document.title = UTF8ToString(title);
});

// Hands a file of the page's memory file system to the browser as a download, then forgets it.
EM_JS(void, download_file, (const char* path, const char* mime), {
  const name = UTF8ToString(path);
  const bytes = FS.readFile(name);
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes], {type: UTF8ToString(mime)}));
  a.download = name.split("/").pop();
  document.body.appendChild(a);
  a.click();
  a.remove();
  FS.unlink(name);
});

// The frame just drawn, as a PNG download (called in the same frame, before the buffer is gone).
EM_JS(void, download_canvas_png, (const char* name), {
  const file = UTF8ToString(name);
  Module.canvas.toBlob((blob) => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = file;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }, "image/png");
});

// A file chosen with "Open file" or dropped anywhere on the page goes into /uploads (the page's
// working directory) and is opened by its name, so errors name the file as the reader knows it.
EM_JS(void, accept_files, (), {
  const input = document.createElement("input");
  input.type = "file";
  input.id = "upload";
  input.accept = ".jsonl,.json,.pcap,.pcapng,.cap";
  input.style.display = "none";
  document.body.appendChild(input);
  const open = (file) => file.arrayBuffer().then((buffer) => {
      const name = file.name.split("/").join("_");
    FS.writeFile("/uploads/" + name, new Uint8Array(buffer));
    Module.ccall("tcplab_open_file", null, ["string"], [name]);
  });
  input.addEventListener("change", () => { if (input.files.length) open(input.files[0]); input.value = ""; });
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) open(e.dataTransfer.files[0]);
  });
});

EM_JS(void, choose_file_to_open, (), { document.getElementById("upload").click(); });

EM_JS(void, copy_to_clipboard, (), {
  if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(() => {});
});

EM_JS(char*, page_fragment, (), {
  const text = location.hash;
  const size = lengthBytesUTF8(text) + 1;
  const out = _malloc(size);
  stringToUTF8(text, out, size);
  return out;
});

EM_JS(void, follow_fragment_changes, (), {
  window.addEventListener("hashchange", () => Module.ccall("tcplab_open_link", null, ["string"], [location.hash]));
});

// The MIME type a download of `path` is given.
const char* mime_for(const std::string& path) {
  if (path.ends_with(".svg")) return "image/svg+xml";
  if (path.ends_with(".pcap")) return "application/vnd.tcpdump.pcap";
  return "application/jsonl";
}

// After each frame: the address bar and the tab's title follow the view; File > Export slide as
// PNG becomes a download of this frame (the slide alone), and as SVG one of the file written.
void after_frame() {
  GuiApp& app = *the_app;
  static bool first_frame = true;
  if (first_frame) page_mark("tcplab:first-frame");
  first_frame = false;
  if (auto png = app.take_png_request()) download_canvas_png(png->filename().string().c_str());
  if (auto svg = app.take_svg_written()) download_file(svg->string().c_str(), mime_for(svg->string()));
  const std::string link = tcplab::gui::format_view_link(current_link(app));
  const std::string title = "tcplab - " + app.session().title();
  if (link == shown_link && title == shown_title) return;
  shown_link = link;
  shown_title = title;
  set_page_link(link.c_str(), title.c_str());
}

// File > Save trace: JSON lines or pcap (src/export, as on the desktop), handed to the browser
// as a download named as the dialog says.
void save_download(const tcplab::Trace& trace, const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  const auto format = tcplab::format_for_path(name);
  if (!format || name.ends_with(".pcapng") || name.ends_with(".cap")) {
    // TRANSLATORS: {0} the file name typed in File > Save trace.
    throw std::runtime_error(tcplab::present::fill(tr("save as .jsonl or .pcap, not {0}"), {name}));
  }
  tcplab::save_trace_file(trace, name, *format);
  download_file(name.c_str(), mime_for(name));
}

// "Open file" and "Copy link", in the top right corner over the menu bar.
void link_button() {
  if (the_app->showing_slide()) return;  // an exported slide has nothing over it
  const char* label = tr("Copy link");
  const char* open_label = tr("Open file");
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::CalcTextSize(label).x + ImGui::CalcTextSize(open_label).x +
                      style.FramePadding.x * 4 + style.ItemSpacing.x + style.WindowPadding.x * 2;
  ImGui::SetNextWindowPos({ImGui::GetIO().DisplaySize.x - width, 0});
  ImGui::SetNextWindowBgAlpha(0);
  ImGui::Begin("##link", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav);
  if (ImGui::SmallButton(open_label)) choose_file_to_open();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("a JSON-lines trace (tcplab run --format jsonl) or a pcap/pcapng "
                               "capture; or drop it on the page"));
  ImGui::SameLine();
  if (ImGui::SmallButton(label)) {
    copy_to_clipboard();
    the_app->set_status(
        tcplab::present::Phrase::of(N_("the link to this view is copied: paste it to share")));
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("a link that opens this lesson at this step, in this language, "
                               "with these knobs, dropped segments and predict mode"));
  ImGui::End();
}

}  // namespace

extern "C" {

// A new fragment typed or pasted into the address bar (or set by a test).
EMSCRIPTEN_KEEPALIVE void tcplab_open_link(const char* fragment) {
  if (!the_app) return;
  const auto parsed = tcplab::gui::parse_view_link(fragment);
  if (parsed.error) {
    the_app->set_status(*parsed.error);
    return;
  }
  if (auto error = open_link(*the_app, parsed.link)) the_app->set_status(*error);
}

// A file uploaded or dropped on the page (accept_files() wrote it to /uploads, the working
// directory): a JSON-lines trace or a pcap/pcapng capture, read as the desktop reads them.
EMSCRIPTEN_KEEPALIVE void tcplab_open_file(const char* path) {
  if (!the_app) return;
  if (auto error = the_app->open_file(path)) {
    the_app->set_status(*error);
    return;
  }
  // Says which file is shown now (and clears the last file's error).
  // TRANSLATORS: {0} a file name; {1} how many TCP segments it holds.
  the_app->set_status(tcplab::present::Phrase::filled(
      N_("opened {0}: {1} segments"),
      {tcplab::present::Phrase::verbatim(path),
       tcplab::present::Phrase::verbatim(std::to_string(the_app->session().trace().segment_count()))}));
}

// File > Export slide as PNG, for tests: the download follows the next frame.
EMSCRIPTEN_KEEPALIVE void tcplab_export_png() {
  if (the_app) the_app->export_slide(the_app->export_stem() + ".png");
}

// File > Export slide as SVG, for tests: the download follows the next frame.
EMSCRIPTEN_KEEPALIVE void tcplab_export_svg() {
  if (the_app) the_app->export_slide(the_app->export_stem() + ".svg");
}

// File > Save trace as `name` (.jsonl or .pcap), for tests.
EMSCRIPTEN_KEEPALIVE void tcplab_save_trace(const char* name) {
  if (!the_app || !the_app->session().has_trace()) return;
  try {
    save_download(the_app->session().trace(), name);
  } catch (const std::exception& e) {
    the_app->set_status(tcplab::present::Phrase::verbatim(e.what()));
  }
}

// What the page shows, as JSON, for tests: the view's fields and every text the last frame drew.
EMSCRIPTEN_KEEPALIVE const char* tcplab_view_state() {
  static std::string out;
  if (!the_app) return "{}";
  GuiApp& app = *the_app;
  nlohmann::json state;
  state["lesson"] = app.session().scenario ? app.settings().last_lesson : "";
  state["title"] = app.session().title();
  state["language"] = app.settings().language;
  state["mode"] = std::string(tcplab::gui::to_string(app.mode()));
  state["step"] = app.session().cursor.step();
  state["last_step"] = app.session().cursor.last_step();
  state["status"] = app.status();
  state["link"] = tcplab::gui::format_view_link(current_link(app));
  const tcplab::gui::PredictFlow& predict = app.predict();
  state["predict"] = predict.on() ? std::string(tcplab::gui::to_string(predict.variant())) : "";
  state["predict_phase"] = predict.phase() == tcplab::gui::PredictPhase::Asking     ? "asking"
                           : predict.phase() == tcplab::gui::PredictPhase::Revealed ? "revealed"
                                                                                    : "stepping";
  state["predict_chosen"] = predict.chosen() ? static_cast<int>(*predict.chosen()) : -1;
  state["predict_answered"] = predict.score().answered;
  state["recording_shown"] = app.showing_recording();
  nlohmann::json knobs = nlohmann::json::object();
  for (const auto& [name, value] : app.session().options.knobs) knobs[name] = value;
  state["knobs"] = knobs;
  nlohmann::json dropped = nlohmann::json::array();
  for (const auto& f : app.session().options.extra_faults) {
    if (f.match.segment_id) dropped.push_back(*f.match.segment_id);
  }
  state["dropped"] = dropped;
  nlohmann::json lost = nlohmann::json::array();  // the segments the run shown lost
  if (app.session().has_trace()) {
    for (const auto& e : app.session().trace().events()) {
      if (const auto* seg = get_if<tcplab::SegmentEvent>(&e.body);
          seg && seg->fate == tcplab::SegmentFate::Dropped)
        lost.push_back(seg->id);
    }
  }
  state["lost_segments"] = lost;
  state["backend"] = app.session().has_trace() ? app.session().trace().backend : "";
  state["segments"] = app.session().has_trace() ? app.session().trace().segment_count() : 0;
  state["hosts"] = app.session().has_trace() ? app.session().trace().hosts : std::vector<std::string>{};
  nlohmann::json lessons = nlohmann::json::array();
  if (const auto dir = tcplab::find_lessons_dir()) {
    for (const auto& file : tcplab::lesson_files(*dir)) lessons.push_back(tcplab::id_from_file_name(file));
  }
  state["lessons"] = lessons;
  nlohmann::json texts = nlohmann::json::array();
  if (const ImDrawData* draw = ImGui::GetDrawData(); draw && draw->Valid) {
    for (const auto& t : tcplab::gui::drawn_texts(*draw)) texts.push_back(t.text);
  }
  state["texts"] = texts;
  out = state.dump();
  return out.c_str();
}

// Runs the open lesson again, as a changed knob does (tests time it with the next frame).
EMSCRIPTEN_KEEPALIVE void tcplab_rerun() {
  if (the_app) the_app->rerun_lesson();
}

}  // extern "C"

int main() {
  page_mark("tcplab:main");
  setenv("TCPLAB_LESSONS", kLessonsDir, 1);
  setenv("TCPLAB_LOCALEDIR", kLocaleDir, 1);
  // Uploads are read from here and downloads written here (then handed over and removed).
  std::filesystem::create_directories(kUploadsDir);
  std::filesystem::current_path(kUploadsDir);
  for (const std::string& problem : tcplab::present::load_installed_catalogs())
    std::fprintf(stderr, "tcplab: %s (the interface stays English)\n", problem.c_str());
  page_mark("tcplab:catalogs-loaded");

  tcplab::gui::Settings settings;
  const auto first = tcplab::gui::parse_view_link(page_fragment());
  if (first.link.language) settings.language = *first.link.language;
  auto provider = tcplab::gui::lesson_provider(tcplab::find_lessons_dir());
  provider.no_kernel = tr("a browser has no Linux kernel to run the lesson on");
  the_app = new GuiApp(settings, std::move(provider));
  page_mark("tcplab:lessons-listed");
  // The same reader as the desktop's: JSON lines, or a pcap/pcapng capture through libpcap.
  the_app->set_trace_files(
      {[](const std::string& path) { return tcplab::open_trace_file(path); }, save_download});
  // A browser's file dialogs: File > Open is the page's upload (the file opens when it has
  // arrived); a save is a download named as the app suggests, the browser asking where.
  the_app->set_file_dialog([](const tcplab::gui::FileDialogRequest& request) {
    tcplab::gui::FileDialogResult result;
    if (request.kind == tcplab::gui::FileDialogKind::Open) {
      choose_file_to_open();
      return result;  // Cancelled: nothing to do now
    }
    result.outcome = tcplab::gui::FileDialogOutcome::Chosen;
    result.path = request.suggested_name;
    return result;
  });

  ViewLink link = first.link;
  if (link.lesson.empty()) link.lesson = kDefaultLesson;
  if (auto error = open_link(*the_app, link)) {
    std::fprintf(stderr, "tcplab: %s\n", error->c_str());
    if (auto fallback = the_app->open(kDefaultLesson)) {
      std::fprintf(stderr, "tcplab: %s\n", fallback->c_str());
      return 1;
    }
    the_app->set_status(*error);
  }
  if (first.error) the_app->set_status(*first.error);
  page_mark("tcplab:lesson-run");
  follow_fragment_changes();
  accept_files();

  tcplab::gui::WindowOptions window;
  window.title = "tcplab - " + the_app->session().title();
  window.font_list = kFontList;
  if (std::ifstream chars{kFontCharacters}) {
    window.glyphs = std::string(std::istreambuf_iterator<char>(chars), {});
  }
  window.after_frame = after_frame;
  window.extra_ui = link_button;
  const int status = tcplab::gui::run_window(*the_app, window);
  page_mark("tcplab:main-returned");
  return status;
}
