#include "gui/views/gui_app.h"

#include <cstdio>
#include <fstream>
#include <utility>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/kernel_recording.h"
#include "gui/label_placer.h"
#include "gui/lesson_edits.h"
#include "gui/narration.h"
#include "gui/state_diagram.h"
#include "gui/svg_writer.h"
#include "gui/views/differences_panel.h"
#include "gui/views/imgui_geometry.h"
#include "gui/views/inspector_panel.h"
#include "gui/views/predict_panel.h"
#include "gui/views/run_mode_bar.h"
#include "gui/views/bind_reuse_panel.h"
#include "gui/views/sockets_panel.h"
#include "gui/views/state_chip_row.h"
#include "gui/views/state_diagram_panel.h"
#include "gui/views/transport_bar.h"
#include "present/event_sentence.h"
#include "present/time_text.h"
#include "present/translate.h"
#include "quiz/lesson_questions.h"

namespace tcplab::gui {

using present::fill;
using present::Phrase;
using present::tr;

namespace {

constexpr float kPathFieldEm = 30;  // width of the file name field
// Normal layout, as shares of the window: the timeline on the left, panels stacked on the right.
constexpr float kTimelineWidthShare = 0.62f;
constexpr float kLessonHeightShare = 0.30f;
constexpr float kDiagramHeightShare = 0.36f;
// Presentation: the narration strip under the timeline.
constexpr float kNarrationHeightShare = 0.20f;
// Predict mode: the question above the lesson panel in the right column; in presentation mode,
// a strip under the timeline in place of the narration.
constexpr float kPredictHeightShare = 0.60f;
constexpr float kPredictStripShare = 0.42f;
// A restart lesson: the strip also holds the SO_REUSEADDR table, beside the narration.
constexpr float kRestartStripShare = 0.32f;
constexpr float kRestartTableWidthShare = 0.55f;
constexpr ImGuiWindowFlags kFixedWindow =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

// ImGui's light style, or for a projector: pure black text on white, dark borders and frames
// that do not wash out.
void projector_style(bool on) {
  ImGui::StyleColorsLight();
  ImGui::GetStyle().FrameBorderSize = on ? 1.0f : 0.0f;
  if (!on) return;
  ImVec4* c = ImGui::GetStyle().Colors;
  c[ImGuiCol_Text] = {0, 0, 0, 1};
  c[ImGuiCol_TextDisabled] = {0.25f, 0.25f, 0.25f, 1};
  c[ImGuiCol_WindowBg] = {1, 1, 1, 1};
  c[ImGuiCol_ChildBg] = {1, 1, 1, 1};
  c[ImGuiCol_PopupBg] = {1, 1, 1, 1};
  c[ImGuiCol_MenuBarBg] = {0.92f, 0.92f, 0.92f, 1};
  c[ImGuiCol_Border] = {0, 0, 0, 0.6f};
  c[ImGuiCol_FrameBg] = {0.9f, 0.9f, 0.9f, 1};
  c[ImGuiCol_TitleBg] = {0.85f, 0.85f, 0.85f, 1};
  c[ImGuiCol_TitleBgActive] = {0.75f, 0.75f, 0.75f, 1};
  c[ImGuiCol_Button] = {0.82f, 0.82f, 0.82f, 1};
  c[ImGuiCol_Tab] = {0.85f, 0.85f, 0.85f, 1};
}

// The em of the font ImGui draws with, CSS's font-size: ImGui sizes a font by its line (ascent
// plus descent: 1.45 em for Noto Sans CJK), and a CJK ideograph is exactly one em wide.
float font_em_px() {
  constexpr ImWchar kIdeograph = 0x4E2D;  // 中
  const ImFont* font = ImGui::GetFont();
  if (const ImFontGlyph* g = font->FindGlyphNoFallback(kIdeograph); g && font->FontSize > 0)
    return g->AdvanceX * ImGui::GetFontSize() / font->FontSize;
  return ImGui::GetFontSize();
}

}  // namespace

GuiApp::GuiApp(Settings settings, LessonProvider lessons)
    : settings_(std::move(settings)), lessons_(std::move(lessons)) {
  look_.language = settings_.language;
  present::set_language(look_.language);
  session_.view.compress_idle = settings_.compress_idle;
  session_.cursor.speed = settings_.play_speed;
  set_presentation(settings_.presentation);
  if (lessons_.list) sources_ = lessons_.list();
}

void GuiApp::set_fonts(const LoadedFonts& fonts) {
  fonts_ = fonts;
  look_.cjk_font = fonts.cjk;
}

std::vector<std::string> GuiApp::texts_needing_glyphs() const {
  std::vector<std::string> texts;
  texts.emplace_back(present::kSentenceSymbols);  // the layer's arrows, in every language
  for (std::string_view t : present::translations(present::kChinese)) texts.emplace_back(t);
  if (!lessons_.list || !lessons_.load) return texts;
  for (const SourceEntry& s : sources_) {
    texts.push_back(s.title.en);
    try {
      const Scenario sc = lessons_.load(s.id);
      texts.push_back(sc.title.zh);
      texts.push_back(sc.summary.zh);
      for (const NarrationStep& n : sc.narration) texts.push_back(n.text.zh);
      for (const CheckSpec& c : sc.checks) texts.push_back(c.description.zh);
      for (const LessonQuestion& q : sc.questions) {
        texts.push_back(q.text.zh);
        texts.push_back(q.why.zh);
        for (const Text& c : q.choices) texts.push_back(c.zh);
      }
    } catch (const std::exception&) {
      // A lesson that does not load says so when it is opened.
    }
  }
  return texts;
}

void GuiApp::show_trace(Trace trace, std::string title) {
  // A recorded trace has no lesson to run on the kernel: back to showing just it.
  ++generation_;
  mode_ = RunMode::Model;
  kernel_wanted_ = false;
  kernel_run_.request_stop();
  kernel_result_.reset();
  kernel_is_recording_ = false;
  kernel_notice_.clear();
  model_trace_.reset();
  session_.scenario.reset();
  session_.narration.clear();
  session_.selected_segment = 0;
  session_.cursor.go_to(0);
  session_.show(std::move(trace), std::move(title));
  session_.want_fit = true;
  refresh_questions(true);
}

std::optional<std::string> GuiApp::open_file(const std::string& path) {
  if (lessons_.opens_as_lesson && lessons_.opens_as_lesson(path)) return open(path);
  if (!files_.open) return std::string(tr("this build cannot read trace files"));
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
  // "###id": the same popup whatever language its title is in.
  const std::string title = std::string(tr("File name")) + "###file-path";
  // Not in the frame after a slide's: the panels the slide hid reappear in it, and ImGui 1.86
  // asserts when a window reappears under a modal opened in the same frame.
  if (path_popup_ && !last_frame_was_slide_) {
    ImGui::OpenPopup(title.c_str());
    path_popup_ = false;
  }
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const char* hint = "";
  const char* action = tr("Save");
  switch (path_action_) {
    case PathAction::Open:
      hint = tr("A lesson (.toml), a packetdrill script (.pkt), a JSON-lines trace (.jsonl) or a "
                "pcap/pcapng capture:");
      action = tr("Open");
      break;
    case PathAction::SaveTrace:
      hint = tr("File name ending in .jsonl (JSON lines) or .pcap:");
      break;
    case PathAction::ExportSlide:
      hint = tr("File name ending in .png or .svg:");
      break;
    case PathAction::None:
      break;
  }
  ImGui::TextUnformatted(hint);
  // The field stands out from the popup (ImGui's light style draws it white on white) and has
  // the keyboard, so the path can be typed at once.
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  ImGui::PushStyleColor(ImGuiCol_FrameBg, to_imvec4(look_.theme->grid));
  ImGui::PushStyleColor(ImGuiCol_Border, to_imvec4(look_.theme->soft_text));
  ImGui::PushStyleColor(ImGuiCol_Text, to_imvec4(look_.theme->text));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * kPathFieldEm);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool entered =
      ImGui::InputText("##path", &file_path_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::PopStyleColor(3);
  ImGui::PopStyleVar();
  if (ImGui::Button(action) || entered) {
    ImGui::CloseCurrentPopup();
    switch (path_action_) {
      case PathAction::Open:
        if (auto err = open_file(file_path_)) status_ = Phrase::verbatim(*err);
        break;
      case PathAction::SaveTrace:
        save_trace(file_path_);
        break;
      case PathAction::ExportSlide:
        export_slide(file_path_);
        break;
      case PathAction::None:
        break;
    }
    path_action_ = PathAction::None;
  }
  ImGui::SameLine();
  if (ImGui::Button(tr("Cancel"))) {
    ImGui::CloseCurrentPopup();
    path_action_ = PathAction::None;
  }
  ImGui::EndPopup();
}

std::optional<std::string> GuiApp::ask_for_file(FileDialogRequest request, PathAction action) {
  request.folder = settings_.last_folder;
  request.cancel = tr("Cancel");
  FileDialogResult result;
  if (file_dialog_) {
    result = file_dialog_(request);
  } else {
    result.outcome = FileDialogOutcome::Unavailable;
  }
  switch (result.outcome) {
    case FileDialogOutcome::Chosen:
      settings_.last_folder = std::filesystem::path(result.path).parent_path().string();
      return result.path;
    case FileDialogOutcome::Cancelled:
      return std::nullopt;
    case FileDialogOutcome::Unavailable:
      break;
  }
  // No dialog: the path is typed, starting from the folder and the name a dialog would offer.
  if (!result.why.empty()) status_ = Phrase::verbatim(result.why);
  const std::filesystem::path start =
      request.folder.empty() ? std::filesystem::path() : std::filesystem::path(request.folder);
  file_path_ = (start / request.suggested_name).string();
  path_action_ = action;
  path_popup_ = true;
  return std::nullopt;
}

void GuiApp::choose_and_open() {
  FileDialogRequest r;
  r.kind = FileDialogKind::Open;
  r.title = tr("Open a lesson, trace or capture");
  r.accept = tr("Open");
  r.filters = {
      {tr("Lessons, scripts, traces and captures"),
       {"*.toml", "*.pkt", "*.jsonl", "*.pcap", "*.pcapng"}},
      {tr("Lessons (.toml)"), {"*.toml"}},
      {tr("packetdrill scripts (.pkt)"), {"*.pkt"}},
      {tr("JSON-lines traces (.jsonl)"), {"*.jsonl"}},
      {tr("Captures (.pcap, .pcapng)"), {"*.pcap", "*.pcapng"}},
      {tr("All files"), {"*"}},
  };
  if (auto path = ask_for_file(std::move(r), PathAction::Open)) {
    if (auto err = open_file(*path)) status_ = Phrase::verbatim(*err);
  }
}

void GuiApp::choose_and_save_trace() {
  FileDialogRequest r;
  r.kind = FileDialogKind::Save;
  r.title = tr("Save trace");
  r.accept = tr("Save");
  r.suggested_name = export_stem() + ".jsonl";
  r.filters = {{tr("JSON-lines traces (.jsonl)"), {"*.jsonl"}},
               {tr("Captures (.pcap)"), {"*.pcap"}}};
  if (auto path = ask_for_file(std::move(r), PathAction::SaveTrace)) save_trace(*path);
}

void GuiApp::choose_and_export_slide(bool svg) {
  FileDialogRequest r;
  r.kind = FileDialogKind::Save;
  r.title = svg ? tr("Export slide as SVG") : tr("Export slide as PNG");
  r.accept = tr("Save");
  r.suggested_name = export_stem() + (svg ? ".svg" : ".png");
  r.filters = {svg ? FileFilter{tr("SVG pictures (.svg)"), {"*.svg"}}
                   : FileFilter{tr("PNG pictures (.png)"), {"*.png"}}};
  if (auto path = ask_for_file(std::move(r), PathAction::ExportSlide)) export_slide(*path);
}

void GuiApp::save_trace(const std::string& path) {
  if (!files_.save) return;
  try {
    files_.save(session_.trace(), path);
    // TRANSLATORS: {0} the file written.
    status_ = Phrase::filled(N_("wrote {0}"), {Phrase::verbatim(path)});
  } catch (const std::exception& e) {
    status_ = Phrase::verbatim(e.what());
  }
}

std::optional<std::string> GuiApp::open(const std::string& id) {
  if (!lessons_.load || !lessons_.run)
    return std::string(tr("lessons cannot be loaded in this build"));
  try {
    Scenario scenario = lessons_.load(id);
    RunResult result = lessons_.run(scenario, RunOptions{});
    const std::string title =
        scenario.title.in(look_.language).empty() ? scenario.id : scenario.title.in(look_.language);
    session_.options = RunOptions{};
    session_.selected_segment = 0;
    session_.cursor.go_to(0);
    session_.set_scenario(std::move(scenario));
    ++generation_;
    lesson_title_ = title;
    model_trace_ = result.trace;
    kernel_result_.reset();
    kernel_is_recording_ = false;
    kernel_notice_.clear();
    quiz_time_wait_ = result.profile.time_wait_length();
    session_.show(std::move(result.trace), title);
    session_.want_fit = true;
    refresh_questions(true);
    lesson_id_ = id;
    settings_.last_lesson = id;
    if (needs_kernel(mode_)) kernel_for_new_run();
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
}

void GuiApp::rerun() {
  if (!session_.scenario || !lessons_.run) return;
  try {
    RunResult result = lessons_.run(*session_.scenario, session_.options);
    ++generation_;
    model_trace_ = result.trace;
    kernel_result_.reset();
    if (needs_kernel(mode_)) {
      // A live kernel run of the old knobs stays on screen until the new one is done; a
      // recording is shown again only if it still fits the knobs.
      if (lessons_.kernel) {
        kernel_wanted_ = true;
        status_ = Phrase::of(N_("re-running the lesson on the Linux kernel"));
      }
      if (!lessons_.kernel || kernel_is_recording_) show_recording();
      return;
    }
    quiz_time_wait_ = result.profile.time_wait_length();
    session_.show(std::move(result.trace), lesson_title_);  // keeps the cursor's step
    refresh_questions(false);
    status_ = Phrase::of(result.completed ? N_("re-ran the lesson")
                                          : N_("re-ran the lesson (stopped at a limit)"));
  } catch (const std::exception& e) {
    status_ = Phrase::verbatim(e.what());
  }
}

void GuiApp::drop_selected_and_rerun() {
  if (session_.selected_segment == 0) return;
  // Side by side, the number on the ladder it was picked from (each run numbers its own).
  std::uint64_t id = session_.selected_segment;
  if (const SideBySide* pair = session_.side_by_side()) {
    if (auto where = pair->side_of(id)) id = where->second;
  }
  session_.options.extra_faults.push_back(drop_segment_fault(id));
  rerun();
}

void GuiApp::refresh_questions(bool new_lesson) {
  if (!predict_.on() || !session_.has_trace()) return;
  quiz::QuizOptions options;
  options.time_wait = quiz_time_wait_;
  auto questions = quiz::predict_questions(session_.scenario ? &*session_.scenario : nullptr,
                                           session_.trace(), options);
  if (new_lesson) {
    predict_.start(std::move(questions), predict_.variant());
  } else {
    predict_.replace_questions(std::move(questions));
  }
  predict_step_ = session_.cursor.step();
}

void GuiApp::set_predict(std::optional<PredictVariant> variant) {
  if (!variant) {
    predict_.stop();
  } else if (predict_.on()) {
    predict_.set_variant(*variant);
  } else {
    predict_.start({}, *variant);
    refresh_questions(true);
  }
  timeline_.hide_future = predict_.on();
  relayout();
}

void GuiApp::predict_next() {
  predict_.next(session_.cursor);
  predict_settled();
}

void GuiApp::predict_answer(std::size_t choice) {
  predict_.choose(session_.cursor, choice);
  predict_settled();
}

void GuiApp::predict_reveal() {
  predict_.reveal(session_.cursor);
  predict_settled();
}

void GuiApp::predict_follow_cursor() {
  predict_.cursor_moved(session_.cursor, predict_step_);
  predict_settled();
}

void GuiApp::predict_from(std::size_t step, std::optional<std::size_t> answer) {
  predict_.ask_from(session_.cursor, step);
  if (answer && predict_.phase() == PredictPhase::Asking) {
    predict_.choose(*answer);
    predict_.reveal(session_.cursor);
  }
  predict_settled();
}

void GuiApp::predict_settled() {
  predict_step_ = session_.cursor.step();
  if (predict_.phase() == PredictPhase::Asking) {
    session_.selected_segment = 0;  // a segment still to come would show in the inspector
  } else if (const quiz::Question* q = predict_.current();
             q && predict_.phase() == PredictPhase::Revealed && predict_step_ > q->answer_step) {
    // The answer on the timeline: the cursor on its event, its segment selected.
    if (const auto* s = get_if<SegmentEvent>(&session_.trace().events()[q->answer_step].body))
      session_.selected_segment = s->id;
  }
}

// The lesson panel, and what the teacher asked of it: another lesson, a re-run, a language.
void GuiApp::lesson_window() {
  const LessonPanelResult r =
      lesson_panel(session_, look_, sources_, static_cast<bool>(lessons_.run));
  if (!r.open.empty()) {
    if (auto err = open(r.open)) status_ = Phrase::verbatim(*err);
  }
  if (r.rerun) rerun();
  if (r.language_changed) set_language(look_.language);
}

void GuiApp::predict_window() {
  const PredictPanelResult r =
      predict_panel(predict_, session_, look_, look_.presentation ? nullptr : fonts_.presentation);
  if (r.choose) predict_answer(*r.choose);
  if (r.reveal) predict_reveal();
  if (r.next) predict_next();
}

std::optional<std::string> GuiApp::write_worksheet() {
  if (!worksheet_) return std::string(tr("this build cannot write worksheets"));
  if (!session_.scenario || !model_trace_)
    return std::string(tr("worksheets are made from lessons: open a lesson"));
  try {
    std::string stem = lesson_id_;
    for (char& ch : stem) {
      if (ch == ':' || ch == '/' || ch == ' ') ch = '-';
    }
    const std::vector<std::string> files =
        worksheet_(*session_.scenario, *model_trace_, look_.language, stem + "-worksheet");
    std::string list;
    for (const std::string& f : files) list += (list.empty() ? "" : ", ") + f;
    status_ = Phrase::filled(N_("wrote {0}"), {Phrase::verbatim(list)});
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
}

void GuiApp::set_mode(RunMode mode) {
  if (mode == mode_) return;
  if (needs_kernel(mode) && !session_.scenario) {
    status_ = Phrase::of(N_("the kernel runs lessons; this is a recorded trace"));
    return;
  }
  if (needs_kernel(mode) && !lessons_.kernel && !lessons_.recording) {
    status_ = Phrase::verbatim(lessons_.no_kernel);
    return;
  }
  mode_ = mode;
  if (!needs_kernel(mode) || kernel_result_) {
    present();
  } else if (!(kernel_run_.running() && running_generation_ == generation_)) {
    kernel_for_new_run();
  }
}

void GuiApp::kernel_for_new_run() {
  if (lessons_.kernel) kernel_wanted_ = true;  // the live run; the recording shows meanwhile
  show_recording();
}

void GuiApp::show_recording() {
  kernel_is_recording_ = false;
  std::vector<Phrase> why_not;
  if (session_.scenario && session_.lesson && lessons_.recording && lessons_.run) {
    // A recording is of the lesson as shipped: with any knob or fault changed it would be a
    // wrong run, so it is not shown.
    if (!edits_of(*session_.lesson, *session_.scenario, session_.options).empty()) {
      why_not.push_back(Phrase::of(
          N_("The Linux kernel's recording of this lesson does not match these settings (a knob "
             "or a dropped segment differs), so the model's run is shown.")));
    } else {
      try {
        if (auto recording = lessons_.recording(session_.lesson->id)) {
          kernel_result_ =
              compare_with_recording(*session_.scenario, std::move(*recording), lessons_.run);
          kernel_is_recording_ = true;
        } else {
          why_not.push_back(Phrase::of(
              N_("There is no recording of this lesson on the Linux kernel, so the model's run "
                 "is shown.")));
        }
      } catch (const std::exception& e) {
        // TRANSLATORS: {0} why (an error message naming the file and line).
        why_not.push_back(
            Phrase::filled(N_("The Linux kernel's recording of this lesson cannot be read: {0}"),
                           {Phrase::verbatim(e.what())}));
      }
    }
  }
  present();
  // Where a live run is coming, the progress bar says so; the reasons matter only without one.
  if (!lessons_.kernel) kernel_notice_.insert(kernel_notice_.end(), why_not.begin(), why_not.end());
}

std::string GuiApp::kernel_title(bool side_by_side) const {
  if (showing_recording()) {
    const std::string label = recording_label(kernel_result_->kernel.trace);
    // TRANSLATORS: {0} "a recording from Linux 6.1, 2026-12-03".
    return side_by_side ? fill(tr("  (model and Linux kernel: {0})"), {label})
                        : fill(tr("  (Linux kernel: {0})"), {label});
  }
  return side_by_side ? tr("  (model and Linux kernel)") : tr("  (Linux kernel)");
}

void GuiApp::start_kernel_run() {
  kernel_wanted_ = false;
  if (!session_.scenario || !lessons_.kernel) return;
  try {
    KernelJob job = lessons_.kernel(*session_.scenario, session_.options, fork_gate_);
    kernel_limit_ = job.time_limit;
    running_generation_ = generation_;
    kernel_run_.start(std::move(job.run), std::move(job.stop));
    status_ = Phrase::of(N_("running the lesson on the Linux kernel"));
  } catch (const std::exception& e) {
    // TRANSLATORS: {0} why (an error message).
    kernel_notice_ = {Phrase::filled(N_("The kernel run could not start: {0}"), {Phrase::verbatim(e.what())})};
  }
}

void GuiApp::poll_kernel_run() {
  if (auto outcome = kernel_run_.take(); outcome && running_generation_ == generation_) {
    if (auto* error = std::get_if<1>(&*outcome)) {
      if (!kernel_is_recording_) kernel_result_.reset();  // a recording on screen stays
      kernel_summary_ = Phrase::filled(N_("the kernel run failed: {0}"), {Phrase::verbatim(*error)});
      status_ = kernel_summary_;
      kernel_notice_ = {Phrase::filled(N_("The kernel run failed: {0}"), {Phrase::verbatim(*error)})};
      if (needs_kernel(mode_)) present();
      kernel_notice_.push_back(Phrase::of(N_("Showing the model's run.")));
    } else {
      kernel_result_ = std::move(std::get<0>(*outcome));
      kernel_is_recording_ = false;  // the live run replaces the recording
      const BackendComparison& r = *kernel_result_;
      if (!r.kernel_ran) {
        kernel_summary_ = Phrase::of(N_("the Linux kernel cannot run this lesson here"));
        for (const auto& why : r.kernel_cannot_run) kernel_summary_ += Phrase::verbatim("; " + why);
      } else if (r.comparison.agree()) {
        // TRANSLATORS: {0} how many segments of the two runs were paired.
        kernel_summary_ =
            Phrase::filled(N_("model and kernel agree ({0} segments matched)"),
                           {Phrase::verbatim(std::to_string(r.comparison.matched_segments.size()))});
      } else if (!r.comparison.judgeable() && !r.lesson_explains_kernel) {
        // TRANSLATORS: {0} how many differences, {1} why they could not be judged.
        kernel_summary_ =
            Phrase::filled(N_("{0} difference(s) between model and kernel, not judged: {1}"),
                           {Phrase::verbatim(std::to_string(r.comparison.differences.size())),
                            Phrase::verbatim(r.comparison.not_judgeable)});
      } else {
        kernel_summary_ =
            Phrase::filled(N_("{0} difference(s) between model and kernel"),
                           {Phrase::verbatim(std::to_string(r.comparison.differences.size()))});
        if (r.lesson_explains_kernel)
          kernel_summary_ += Phrase::of(N_(" (the lesson's kernel note explains)"));
      }
      if (!r.kernel.completed && r.kernel_ran)
        kernel_summary_ += Phrase::of(N_("; the kernel run stopped early"));
      status_ = kernel_summary_;
      if (needs_kernel(mode_)) present();
    }
  }
  if (kernel_wanted_) {
    if (kernel_run_.running()) {
      kernel_run_.request_stop();  // an older run: its result will be dropped
    } else {
      start_kernel_run();
    }
  }
}

void GuiApp::present() {
  const bool at_start = !session_.has_trace() || session_.cursor.step() == 0;
  const std::int64_t t = session_.has_trace() ? session_.cursor.time_ns() : 0;
  kernel_notice_.clear();
  const BackendComparison* k = needs_kernel(mode_) && kernel_result_ ? &*kernel_result_ : nullptr;
  if (k && !k->kernel_ran) {
    kernel_notice_.push_back(
        Phrase::of(N_("The Linux kernel cannot run this lesson here, so the model's run is shown:")));
    for (const auto& why : k->kernel_cannot_run) kernel_notice_.push_back(Phrase::verbatim("  - " + why));
  }
  if (k && k->kernel_ran && mode_ == RunMode::Kernel) {
    session_.show(k->kernel.trace, lesson_title_ + kernel_title(false));
  } else if (k && k->kernel_ran && mode_ == RunMode::SideBySide) {
    const bool host_loopback = k->kernel.trace.isolation == Isolation::HostLoopback;
    // TRANSLATORS: {0} "a recording from Linux 6.1, 2026-12-03".
    const std::string kernel_label =
        showing_recording()
            ? fill(tr("Linux kernel: {0}"), {recording_label(k->kernel.trace)})
        : host_loopback ? std::string(tr("Linux kernel (host loopback)"))
                        : std::string(tr("Linux kernel (own network namespace)"));
    session_.show_side_by_side(
        std::make_unique<SideBySide>(*k, tr("Model (linux profile)"), kernel_label),
        lesson_title_ + kernel_title(true));
  } else if (model_trace_) {
    session_.show(*model_trace_, lesson_title_);
  } else {
    return;
  }
  session_.selected_segment = 0;
  session_.want_fit = true;
  session_.fit_whole_lesson = false;
  refresh_questions(false);
  if (!pending_at_.empty() && k) {
    if (auto step = parse_step(session_.trace(), pending_at_)) session_.cursor.go_to(*step);
    pending_at_.clear();
  } else if (at_start) {
    session_.cursor.go_to(0);
  } else {
    session_.cursor.go_to_time(t);
  }
}

void GuiApp::set_language(const std::string& language) {
  look_.language = language;
  present::set_language(language);
  // The lesson's title in the new language, with the same note of which run is shown.
  if (!session_.scenario) return;
  const Scenario& sc = *session_.scenario;
  lesson_title_ = sc.title.in(language).empty() ? sc.id : sc.title.in(language);
  const bool kernel_shown =
      mode_ == RunMode::Kernel && kernel_result_ && kernel_result_->kernel_ran;
  if (session_.side_by_side()) {
    // The pair again: its titles and the "(model)" / "(kernel)" of its names in the new language.
    const std::size_t step = session_.cursor.step();
    const std::uint64_t selected = session_.selected_segment;
    present();
    session_.cursor.go_to(step);
    session_.selected_segment = selected;
  } else if (kernel_shown) {
    session_.set_title(lesson_title_ + kernel_title(false));
  } else if (session_.has_trace()) {
    session_.set_title(lesson_title_);
  }
}

void GuiApp::set_presentation(bool on) {
  look_.presentation = on;
  session_.fit_whole_lesson = false;
  settings_.presentation = on;
  apply_look();
}

void GuiApp::apply_look() {
  // Presentation mode and the projector theme both draw black ink on white.
  theme_ = look_.presentation || settings_.projector_theme ? kHighContrastTheme : kLightTheme;
  theme_.palette =
      settings_.colour_blind_safe ? StatePalette::ColourBlindSafe : StatePalette::Standard;
  look_.theme = &theme_;
  look_.scale = look_.presentation ? kPresentationScale : static_cast<float>(settings_.text_scale);
}

void GuiApp::relayout() {
  relayout_ = true;
  session_.want_fit = true;
}

bool repeats(AppKey key) {
  switch (key) {
    case AppKey::Next:
    case AppKey::Previous:
    case AppKey::ZoomIn:
    case AppKey::ZoomOut:
      return true;
    default:
      return false;
  }
}

PresentationPicture next_picture(PresentationPicture p) {
  switch (p) {
    case PresentationPicture::Ladder:
      return PresentationPicture::StateDiagram;
    case PresentationPicture::StateDiagram:
      return PresentationPicture::Sockets;
    case PresentationPicture::Sockets:
      return PresentationPicture::Ladder;
  }
  return PresentationPicture::Ladder;
}

namespace {
// Each picture's --picture word and its name in the View menu (an msgid), by PresentationPicture.
struct PictureWords {
  std::string_view id;
  const char* name;
};
constexpr PictureWords kPictureWords[] = {
    // TRANSLATORS: what presentation mode shows: the sequence diagram of the segments.
    {"ladder", N_("The ladder")},
    {"diagram", N_("The state diagram")},
    // TRANSLATORS: what presentation mode shows: the table of sockets and their count per state.
    {"sockets", N_("The sockets and their states")},
};
}  // namespace

const char* picture_name(PresentationPicture p) {
  return kPictureWords[static_cast<std::size_t>(p)].name;
}

std::string_view picture_id(PresentationPicture p) {
  return kPictureWords[static_cast<std::size_t>(p)].id;
}

std::string_view to_string(AppKey key) {
  switch (key) {
    case AppKey::ToggleFullscreen:
      return "fullscreen";
    case AppKey::TogglePresentation:
      return "presentation";
    case AppKey::Escape:
      return "escape";
    case AppKey::Next:
      return "next";
    case AppKey::Previous:
      return "previous";
    case AppKey::First:
      return "first";
    case AppKey::Last:
      return "last";
    case AppKey::PlayPause:
      return "play";
    case AppKey::Blank:
      return "blank";
    case AppKey::ZoomIn:
      return "zoom-in";
    case AppKey::ZoomOut:
      return "zoom-out";
    case AppKey::ZoomFit:
      return "zoom-fit";
    case AppKey::NextPicture:
      return "picture";
    case AppKey::ChoiceA:
      return "choice-a";
    case AppKey::ChoiceB:
      return "choice-b";
    case AppKey::ChoiceC:
      return "choice-c";
    case AppKey::ChoiceD:
      return "choice-d";
  }
  return "?";
}

void GuiApp::handle_key(AppKey key) {
  StepCursor& c = session_.cursor;
  // The zoom the screen showed when the key came: a fitted view is refitted by the frames between
  // two keys (a layout still settling after F5), so the previous key's echo may be older.
  const double ns_per_px_before = session_.view.ns_per_px;
  // B is a choice only while a question waits for one; otherwise it blanks the screen.
  if (key == AppKey::ChoiceB && predict_.phase() != PredictPhase::Asking) key = AppKey::Blank;
  switch (key) {
    case AppKey::ToggleFullscreen:
      fullscreen_request_ = true;
      break;
    case AppKey::TogglePresentation:
      set_presentation(!look_.presentation);
      break;
    case AppKey::Escape:
      if (blank_) {
        blank_ = false;
      } else if (look_.presentation) {
        set_presentation(false);
      }
      break;
    case AppKey::Blank:
      blank_ = !blank_;
      break;
    case AppKey::NextPicture:
      presentation_picture_ = next_picture(presentation_picture_);
      session_.want_fit = true;
      break;
    case AppKey::Next:
      if (predict_.on()) {
        predict_next();
      } else {
        c.next();
      }
      break;
    case AppKey::Previous:
      predict_.dismiss();
      c.previous();
      break;
    case AppKey::First:
      predict_.dismiss();
      c.home();
      break;
    case AppKey::Last:
      predict_.dismiss();
      c.end();
      break;
    case AppKey::ChoiceA:
    case AppKey::ChoiceB:
    case AppKey::ChoiceC:
    case AppKey::ChoiceD:
      predict_answer(static_cast<std::size_t>(key) - static_cast<std::size_t>(AppKey::ChoiceA));
      break;
    case AppKey::PlayPause:
      c.playing = !c.playing;
      break;
    case AppKey::ZoomIn:
      timeline_.zoom_by(session_, 1);
      break;
    case AppKey::ZoomOut:
      timeline_.zoom_by(session_, -1);
      break;
    case AppKey::ZoomFit:
      session_.want_fit = true;
      session_.fit_whole_lesson = true;
      break;
  }
  predict_step_ = c.step();  // the flow made this move (or none)
  if (echo_keys_) {
    const std::string_view picture = picture_id(presentation_picture_);
    std::printf(
        "key %.*s: step %zu of %zu, presentation %s, blank %s, picture %.*s, ns_per_px %.9g -> "
        "%.9g\n",
        static_cast<int>(to_string(key).size()), to_string(key).data(), c.step(), c.last_step(),
        look_.presentation ? "on" : "off", blank_ ? "on" : "off",
        static_cast<int>(picture.size()), picture.data(), ns_per_px_before,
        session_.view.ns_per_px);
    std::fflush(stdout);
  }
}

std::optional<std::filesystem::path> GuiApp::take_png_request() {
  auto r = png_request_;
  png_request_.reset();
  return r;
}

std::optional<std::filesystem::path> GuiApp::take_svg_written() {
  auto r = svg_written_;
  svg_written_.reset();
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
  settings_out_.presentation = look_.presentation;
  return settings_out_;
}

std::string GuiApp::export_stem() const {
  std::string stem = lesson_id_.empty() ? "tcplab" : lesson_id_;
  for (char& c : stem) {
    if (c == ':' || c == '/' || c == ' ') c = '-';
  }
  return stem + "-step" + std::to_string(session_.cursor.step());
}

void GuiApp::export_slide(std::filesystem::path path) { slide_export_ = std::move(path); }

void GuiApp::png_written(const std::filesystem::path& path,
                         const std::optional<std::string>& error) {
  status_ = error ? Phrase::verbatim(*error)
                  : Phrase::filled(N_("wrote {0}"), {Phrase::verbatim(path.string())});
}

FrameGeometry GuiApp::slide_geometry(float width, float height) const {
  SlideContent c;
  const Theme& theme = *look_.theme;
  c.title = session_.has_trace() ? session_.title() : lesson_title_;
  if (session_.has_trace()) {
    const std::size_t step = session_.cursor.step();
    if (const NarrationStep* n = narration_at(session_.narration, step)) {
      // Without a Chinese font the English narration, as the lesson panel shows it.
      const bool no_glyphs = look_.language == "zh" && !look_.cjk_font;
      c.narration.push_back({reflow(no_glyphs ? n->text.en : n->text.in(look_.language)),
                             theme.text});
    }
    // What just happened, in the colour the lesson panel gives it.
    if (const TraceEvent* e = session_.cursor.event())
      c.narration.push_back(
          {session_.sentence(*e), look_.presentation ? theme.text : theme.selection});
    c.index = &session_.index();
    c.compress_idle = session_.view.compress_idle;
    c.cursor_ns = session_.cursor.time_ns();
    c.cursor_step = step;
    c.diagram = diagram_status(session_.states());
  }
  SlideFrame f;
  f.width = width;
  f.height = height;
  f.line_height = ImGui::GetTextLineHeight();
  f.measure = [](std::string_view text) {
    return ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
  };
  f.scale = look_.scale;
  f.theme = look_.theme;
  return build_slide(c, f);
}

void GuiApp::slide_frame() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  // The window's name is the panel the layout report gives the slide's texts.
  if (ImGui::Begin("slide", nullptr,
                   kFixedWindow | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                       ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground)) {
    // The main viewport starts at (0, 0), as the slide's geometry does.
    const FrameGeometry g = slide_geometry(vp->Size.x, vp->Size.y);
    draw_geometry(*ImGui::GetWindowDrawList(), g);
    // An export is written once the run it shows is there (a kernel run may still be coming).
    if (slide_export_ && !busy()) {
      const std::filesystem::path path = *slide_export_;
      slide_export_.reset();
      if (path.extension() == ".svg") {
        SvgOptions o;
        o.width = vp->Size.x;
        o.height = vp->Size.y;
        o.font_px = font_em_px();
        o.line_px = ImGui::GetTextLineHeight();
        o.background = look_.theme->background;
        o.measure = [](std::string_view text) {
          return ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
        };
        std::ofstream out(path);
        out << to_svg(g, o);
        out.close();
        if (!out) {
          // TRANSLATORS: {0} a file name.
          status_ = Phrase::filled(N_("cannot write {0}"), {Phrase::verbatim(path.string())});
        } else {
          status_ = Phrase::filled(N_("wrote {0}"), {Phrase::verbatim(path.string())});
          svg_written_ = path;
        }
      } else {
        png_request_ = path;  // the backend reads this frame back once it is drawn
      }
    }
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
}

void GuiApp::menu_bar() {
  if (!ImGui::BeginMainMenuBar()) return;
  menu_bar_height_ = ImGui::GetWindowHeight();
  if (ImGui::BeginMenu(tr("File"))) {
    if (ImGui::MenuItem(tr("Open lesson, trace or capture..."))) choose_and_open();
    if (ImGui::MenuItem(tr("Save trace..."), nullptr, false, files_.save && session_.has_trace()))
      choose_and_save_trace();
    ImGui::Separator();
    // The slide: title, ladder, narration and state diagram in one picture (slide.h).
    if (ImGui::MenuItem(tr("Export slide as PNG..."), nullptr, false, session_.has_trace()))
      choose_and_export_slide(false);
    if (ImGui::MenuItem(tr("Export slide as SVG..."), nullptr, false, session_.has_trace()))
      choose_and_export_slide(true);
    if (ImGui::MenuItem(tr("Write worksheet PDF and answer key"), nullptr, false,
                        worksheet_ && session_.scenario && model_trace_)) {
      if (auto err = write_worksheet()) status_ = Phrase::verbatim(*err);
    }
    ImGui::Separator();
    if (ImGui::MenuItem(tr("Quit"))) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("View"))) {
    if (ImGui::MenuItem(tr("Presentation mode"), "F5", look_.presentation))
      set_presentation(!look_.presentation);
    if (ImGui::MenuItem(tr("Full screen"), "F11")) fullscreen_request_ = true;
    if (ImGui::MenuItem(tr("Compress idle stretches"), nullptr, session_.view.compress_idle)) {
      session_.view.compress_idle = !session_.view.compress_idle;
      session_.want_fit = true;
    }
    // Each connection in its own column from its own start (a lesson's [view] columns).
    if (ImGui::MenuItem(tr("Connections in columns"), nullptr, session_.connection_columns)) {
      session_.connection_columns = !session_.connection_columns;
      session_.want_fit = true;
    }
    if (ImGui::MenuItem(tr("Fit the whole lesson"), tr("0, double-click"))) {
      session_.want_fit = true;
      session_.fit_whole_lesson = true;
    }
    if (ImGui::MenuItem(tr("Zoom in"), "+")) timeline_.zoom_by(session_, 1);
    if (ImGui::MenuItem(tr("Zoom out"), "-")) timeline_.zoom_by(session_, -1);
    if (ImGui::MenuItem(tr("Blank the screen"), "B")) blank_ = true;
    if (ImGui::BeginMenu(tr("Presentation shows"))) {
      for (PresentationPicture p : kPresentationPictures) {
        if (ImGui::MenuItem(tr(picture_name(p)), "P", presentation_picture_ == p)) {
          presentation_picture_ = p;
          session_.want_fit = true;
        }
      }
      ImGui::EndMenu();
    }
    ImGui::Separator();
    if (ImGui::BeginMenu(tr("Text size"))) {
      // The size of every text outside presentation mode (which has its own large type).
      const std::pair<double, const char*> sizes[] = {
          {1.0, tr("Normal")}, {1.25, tr("Large")}, {1.5, tr("Larger")}, {2.0, tr("Largest")}};
      for (const auto& [scale, name] : sizes) {
        if (ImGui::MenuItem(name, nullptr, settings_.text_scale == scale)) {
          settings_.text_scale = scale;
          apply_look();
          relayout();
        }
      }
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem(tr("Projector theme (black on white)"), nullptr,
                        settings_.projector_theme)) {
      settings_.projector_theme = !settings_.projector_theme;
      apply_look();
    }
    if (ImGui::MenuItem(tr("Colour-blind-safe colours"), nullptr, settings_.colour_blind_safe)) {
      settings_.colour_blind_safe = !settings_.colour_blind_safe;
      apply_look();
    }
    if (ImGui::MenuItem(tr("Follow the cursor"), nullptr, timeline_.follow_cursor)) {
      timeline_.follow_cursor = !timeline_.follow_cursor;
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("Predict"))) {
    const bool on = predict_.on();
    if (ImGui::MenuItem(tr("Off"), nullptr, !on)) set_predict(std::nullopt);
    if (ImGui::MenuItem(tr("Class: the teacher reveals (projector)"), nullptr,
                        on && predict_.variant() == PredictVariant::Class))
      set_predict(PredictVariant::Class);
    if (ImGui::MenuItem(tr("Student: click an answer, see at once"), nullptr,
                        on && predict_.variant() == PredictVariant::Student))
      set_predict(PredictVariant::Student);
    ImGui::EndMenu();
  }
  if (!status_.empty()) {
    ImGui::Separator();
    // A long status (the kernel's summary on a busy machine) is cut to the bar, whole on hover.
    const std::string& whole = status_.text();
    const float room = ImGui::GetContentRegionAvail().x;
    std::string shown = whole;
    if (ImGui::CalcTextSize(whole.c_str()).x > room) {
      std::size_t end = whole.size();
      do {
        do --end;
        while (end > 0 && (static_cast<unsigned char>(whole[end]) & 0xC0) == 0x80);
        shown = whole.substr(0, end) + std::string(kEllipsis);
      } while (end > 0 && ImGui::CalcTextSize(shown.c_str()).x > room);
    }
    ImGui::TextDisabled("%s", shown.c_str());
    if (shown != whole && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", whole.c_str());
  }
  ImGui::EndMainMenuBar();
  file_popups();
}

void GuiApp::normal_layout() {
  menu_bar();
  // Below the menu bar, already in the first frame (the viewport's work area only leaves room
  // for the menu bar from the next frame on, and the panels are placed in the first).
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 pos{vp->Pos.x, vp->Pos.y + menu_bar_height_};
  const ImVec2 size{vp->Size.x, vp->Size.y - menu_bar_height_};
  const float left_w = size.x * kTimelineWidthShare;
  const float right_w = size.x - left_w;
  const float lesson_h = size.y * kLessonHeightShare;
  const float diagram_h = size.y * kDiagramHeightShare;
  const ImGuiCond place = relayout_ ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  relayout_ = false;

  ImGui::SetNextWindowPos(pos, place);
  ImGui::SetNextWindowSize({left_w, size.y}, place);
  // "###id": a window keeps its place and size when the language of its title changes.
  if (ImGui::Begin((std::string(tr("Timeline")) + "###Timeline").c_str())) {
    mode_bar();
    transport_bar(session_, look_);
    state_chip_row(session_, look_);
    timeline_.draw(session_, look_);
  }
  ImGui::End();

  if (predict_.on()) {
    // The question above the lesson's narration and knobs; the diagram and details make room.
    const float predict_h = size.y * kPredictHeightShare;
    ImGui::SetNextWindowPos({pos.x + left_w, pos.y}, place);
    ImGui::SetNextWindowSize({right_w, predict_h}, place);
    if (ImGui::Begin((std::string(tr("Predict, then reveal")) + "###Predict").c_str()))
      predict_window();
    ImGui::End();
    ImGui::SetNextWindowPos({pos.x + left_w, pos.y + predict_h}, place);
    ImGui::SetNextWindowSize({right_w, size.y - predict_h}, place);
    if (ImGui::Begin((std::string(tr("Lesson")) + "###Lesson").c_str())) lesson_window();
    ImGui::End();
    return;
  }

  ImGui::SetNextWindowPos({pos.x + left_w, pos.y}, place);
  ImGui::SetNextWindowSize({right_w, lesson_h}, place);
  if (ImGui::Begin((std::string(tr("Lesson")) + "###Lesson").c_str())) lesson_window();
  ImGui::End();

  ImGui::SetNextWindowPos({pos.x + left_w, pos.y + lesson_h}, place);
  ImGui::SetNextWindowSize({right_w, diagram_h}, place);
  if (ImGui::Begin((std::string(tr("State diagram (RFC 9293)")) + "###State diagram").c_str()))
    state_diagram_panel(session_, look_);
  ImGui::End();

  ImGui::SetNextWindowPos({pos.x + left_w, pos.y + lesson_h + diagram_h}, place);
  ImGui::SetNextWindowSize({right_w, size.y - lesson_h - diagram_h}, place);
  if (ImGui::Begin((std::string(tr("Details")) + "###Details").c_str())) {
    if (ImGui::BeginTabBar("details")) {
      // A restart lesson's SO_REUSEADDR table comes forward when the lesson is opened.
      if (!session_.bind_reuse.empty()) {
        const bool select = lesson_id_ != shown_reuse_lesson_;
        shown_reuse_lesson_ = lesson_id_;
        // TRANSLATORS: the tab of the table of bind() results when a server restarts.
        if (ImGui::BeginTabItem((std::string(tr("Restart")) + "###Restart").c_str(), nullptr,
                                select ? ImGuiTabItemFlags_SetSelected : 0)) {
          bind_reuse_table(session_, look_);
          ImGui::EndTabItem();
        }
      }
      if (ImGui::BeginTabItem((std::string(tr("Sockets")) + "###Sockets").c_str())) {
        sockets_panel(session_, look_);
        ImGui::EndTabItem();
      }
      // The inspector comes forward when a new segment is clicked.
      const bool select =
          session_.selected_segment != 0 && session_.selected_segment != shown_segment_;
      shown_segment_ = session_.selected_segment;
      if (ImGui::BeginTabItem((std::string(tr("Inspector")) + "###Inspector").c_str(), nullptr,
                              select ? ImGuiTabItemFlags_SetSelected : 0)) {
        if (inspector_panel(session_, look_, session_.scenario && lessons_.run))
          drop_selected_and_rerun();
        ImGui::EndTabItem();
      }
      // The differences come forward when a new side-by-side comparison arrives.
      const bool new_pair =
          session_.side_by_side() != nullptr && session_.side_by_side() != shown_pair_;
      shown_pair_ = session_.side_by_side();
      if (ImGui::BeginTabItem((std::string(tr("Model vs kernel")) + "###Model vs kernel").c_str(),
                              nullptr, new_pair ? ImGuiTabItemFlags_SetSelected : 0)) {
        differences_panel(session_, look_);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
}

void GuiApp::presentation_layout() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // A question's strip is as tall as the question needs (measured on the last frame), so a
  // 720p projector keeps room for the ladder; never more than its share.
  // The restart table goes with the ladder; the diagram and the sockets need the height.
  const bool restart_table = !predict_.on() && !session_.bind_reuse.empty() &&
                             presentation_picture_ == PresentationPicture::Ladder;
  const float share_h = vp->Size.y * (predict_.on()    ? kPredictStripShare
                                      : restart_table ? kRestartStripShare
                                                      : kNarrationHeightShare);
  const float narration_h =
      predict_.on() && predict_strip_needed_ > 0 ? std::min(share_h, predict_strip_needed_) : share_h;
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize({vp->Size.x, vp->Size.y - narration_h});
  if (ImGui::Begin("##presentation-timeline", nullptr,
                   kFixedWindow | ImGuiWindowFlags_NoTitleBar)) {
    mode_bar();
    ImGui::TextUnformatted(session_.has_trace() ? session_.title().c_str() : "");
    ImGui::SameLine();
    const std::string step = std::to_string(session_.cursor.step());
    const std::string last = std::to_string(session_.cursor.last_step());
    const std::string at = present::instant_text(instant_from_ns(session_.cursor.time_ns()));
    // TRANSLATORS: {0} the current step, {1} the last step, {2} the time at the cursor.
    std::string where = fill(tr("   step {0} of {1}   t = {2}   (space: play, arrows or "
                                "PageDown/PageUp: step, B: blank, P: picture, F5: leave)"),
                             {step, last, at});
    // The keys on the title's line when they fit; on a narrow projector only how to leave, so
    // the line does not wrap into the ladder's room.
    if (ImGui::CalcTextSize(where.c_str()).x > ImGui::GetContentRegionAvail().x) {
      // TRANSLATORS: {0} the current step, {1} the last step, {2} the time at the cursor.
      where = fill(tr("   step {0} of {1}   t = {2}   (F5: leave)"), {step, last, at});
    }
    ImGui::PushTextWrapPos(0);  // narrower still: wrapped rather than cut
    ImGui::TextDisabled("%s", where.c_str());
    ImGui::PopTextWrapPos();
    state_chip_row(session_, look_);
    // One picture at a time, each the size of the screen: the ladder, or (P) the state diagram,
    // or the sockets' table and chart. A question is answered from the ladder.
    switch (predict_.on() ? PresentationPicture::Ladder : presentation_picture_) {
      case PresentationPicture::Ladder:
        timeline_.draw(session_, look_);
        break;
      case PresentationPicture::StateDiagram:
        state_diagram_panel(session_, look_);
        break;
      case PresentationPicture::Sockets:
        sockets_panel(session_, look_);
        break;
    }
  }
  ImGui::End();
  ImGui::SetNextWindowPos({vp->Pos.x, vp->Pos.y + vp->Size.y - narration_h});
  ImGui::SetNextWindowSize({vp->Size.x, narration_h});
  if (ImGui::Begin("##presentation-narration", nullptr,
                   kFixedWindow | ImGuiWindowFlags_NoTitleBar)) {
    if (predict_.on()) {
      predict_window();
      predict_strip_needed_ = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
    } else if (restart_table) {
      // The class reads the narration and the bind() results of the restart side by side.
      const float table_w = ImGui::GetContentRegionAvail().x * kRestartTableWidthShare;
      if (ImGui::BeginChild("##narration", {-table_w, 0})) narration_text(session_, look_);
      ImGui::EndChild();
      ImGui::SameLine();
      if (ImGui::BeginChild("##restart", {0, 0})) bind_reuse_table(session_, look_);
      ImGui::EndChild();
    } else {
      narration_text(session_, look_);
    }
  }
  ImGui::End();
}

void GuiApp::mode_bar() {
  RunModeBarState state;
  state.mode = mode_;
  state.kernel_possible =
      session_.scenario.has_value() && (lessons_.kernel || lessons_.recording);
  state.why_not = !lessons_.kernel && !lessons_.recording ? lessons_.no_kernel
                  : !session_.scenario
                      ? tr("a recorded trace: open a lesson to run it on the kernel")
                      : "";
  state.running = kernel_run_.running() && running_generation_ == generation_;
  state.elapsed_seconds = kernel_run_.elapsed_seconds();
  state.limit_seconds = std::chrono::duration<double>(kernel_limit_).count();
  state.stop_requested = kernel_run_.stop_requested();
  state.notice.clear();
  for (const Phrase& line : kernel_notice_) state.notice.push_back(line.text());
  if (showing_recording() && needs_kernel(mode_)) {
    // TRANSLATORS: {0} "a recording from Linux 6.1, 2026-12-03".
    state.recording = fill(tr("Linux kernel: {0}, not a live run."),
                           {recording_label(kernel_result_->kernel.trace)});
    if (state.running) state.recording += tr(" The live run replaces it when it is done.");
  }
  const RunModeBarResult r = run_mode_bar(state, look_);
  if (r.choose) set_mode(*r.choose);
  if (r.stop) kernel_run_.request_stop();
}

void GuiApp::frame(double dt_seconds) {
  poll_kernel_run();
  ImGui::GetIO().FontGlobalScale = look_.presentation ? 1.0f : look_.scale;
  if (look_.projector_style != (settings_.projector_theme || look_.presentation)) {
    look_.projector_style = settings_.projector_theme || look_.presentation;
    projector_style(look_.projector_style);
  }
  if (fonts_.normal) ImGui::PushFont(look_.presentation ? fonts_.presentation : fonts_.normal);
  // Keys typed into a text field are its own; F5 and F11 still work from there.
  const bool typing = ImGui::GetIO().WantTextInput;
  for (AppKey k : keys_) {
    if (!typing || k == AppKey::TogglePresentation || k == AppKey::ToggleFullscreen) {
      handle_key(k);
    }
  }
  keys_.clear();
  if (predict_.phase() == PredictPhase::Asking) session_.cursor.playing = false;
  session_.cursor.tick(dt_seconds);
  predict_follow_cursor();
  const bool slide = slide_only_ || slide_export_;
  if (slide) {
    slide_frame();  // an export, or --export-slide: the slide and nothing over it
  } else if (look_.presentation) {
    presentation_layout();
  } else {
    normal_layout();
  }
  last_frame_was_slide_ = slide;
  if (blank_) {
    // In front of everything, menus included: the class looks at the board, not the screen.
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::GetForegroundDrawList()->AddRectFilled(
        vp->Pos, {vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y}, IM_COL32(0, 0, 0, 255));
  }
  if (fonts_.normal) ImGui::PopFont();
}

}  // namespace tcplab::gui
