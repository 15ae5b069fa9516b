#pragma once
// The tcplab-gui application, one frame at a time: menus, panels, keyboard, presentation mode.
// Knows ImGui but not GLFW or GL: the backend (src/app/gui_backend_glfw.cpp) owns the window,
// calls frame() between ImGui's NewFrame and Render, and carries out the requests it leaves
// (save a PNG of the frame, toggle full screen, quit).
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/background_run.h"
#include "gui/file_dialog.h"
#include "gui/fork_gate.h"
#include "gui/predict_flow.h"
#include "gui/run_mode.h"
#include "gui/session.h"
#include "gui/settings.h"
#include "gui/slide.h"
#include "gui/views/fonts.h"
#include "gui/views/lesson_panel.h"
#include "gui/views/timeline_panel.h"
#include "gui/views/ui_look.h"
#include "present/phrase.h"
#include "scenario/compare_backends.h"

namespace tcplab::gui {

// A lesson run on the model (linux profile) and on the real kernel, then compared, as `tcplab
// compare` does: a job for a worker thread. `run` lasts until the kernel's run ends (at most
// `time_limit`, TIME-WAIT's 60 s included); `stop` makes it return soon with what it has.
struct KernelJob {
  std::function<BackendComparison()> run;
  std::function<void()> stop;
  Duration time_limit{};
};

// Where lessons come from (the lesson loader), and how they run (the model backend; the kernel
// backend where this build has it).
struct LessonProvider {
  std::function<std::vector<SourceEntry>()> list;
  std::function<Scenario(const std::string& id)> load;  // throws ScenarioError
  // A file File > Open should open as a lesson (a .toml, a packetdrill .pkt), not as a trace.
  std::function<bool(const std::string& path)> opens_as_lesson;
  LessonRunner run;
  // Forks through `gate`. Empty when this build has no kernel backend: `no_kernel` says why.
  std::function<KernelJob(const Scenario&, const RunOptions&, ForkGate& gate)> kernel;
  std::string no_kernel;
  // The kernel's run of lesson `id` as recorded by `tcplab record` (kernel_recording.h), if one
  // is there; throws when it is there but cannot be read. Shown in place of a live run where
  // there is none (a browser), and at once while the live run goes on (the desktop).
  std::function<std::optional<Trace>(const std::string& id)> recording;
};

// Reading and writing trace files (JSON lines, pcap): src/export, given by the application.
struct TraceFiles {
  std::function<Trace(const std::string& path)> open;                     // throws
  std::function<void(const Trace& trace, const std::string& path)> save;  // throws
};

// Writes the worksheet of a lesson's run (src/worksheet, given by the application): the PDF and
// its answer key, named from `stem`, in `language`. Returns the files written, or throws.
using WorksheetWriter = std::function<std::vector<std::string>(
    const Scenario& scenario, const Trace& trace, const std::string& language,
    const std::string& stem)>;

// What a key asks of the app; the backend maps its keys here (PageDown and → are both Next).
enum class AppKey {
  ToggleFullscreen,
  TogglePresentation,
  Escape,  // leaves a blank screen, then presentation mode
  Next,
  Previous,
  First,
  Last,
  PlayPause,
  Blank,  // a black screen, so the class looks at the board; pressed again, the lesson is back
  ZoomIn,
  ZoomOut,
  ZoomFit,
  NextPicture,  // presentation mode: the ladder, the state diagram, the sockets, in turn
  // Predict mode: the class's letter (keys 1-4 and A-D). B blanks the screen (as '.' does)
  // unless a question is on screen.
  ChoiceA,
  ChoiceB,
  ChoiceC,
  ChoiceD,
};
// What presentation mode shows above the narration, the size of the screen (P: the next).
enum class PresentationPicture { Ladder, StateDiagram, Sockets };
inline constexpr PresentationPicture kPresentationPictures[] = {
    PresentationPicture::Ladder, PresentationPicture::StateDiagram, PresentationPicture::Sockets};
PresentationPicture next_picture(PresentationPicture p);
const char* picture_name(PresentationPicture p);  // an msgid: "The ladder" ...
std::string_view picture_id(PresentationPicture p);  // "ladder", "diagram", "sockets" (--picture)

// Keys held down repeat (stepping, zooming); toggles do not.
bool repeats(AppKey key);
std::string_view to_string(AppKey key);  // "next", "blank" ... for --echo-keys

class GuiApp {
 public:
  GuiApp(Settings settings, LessonProvider lessons);

  // Opens a lesson (by id or file) and runs it on the model. On failure returns a sentence saying
  // why and leaves the current trace.
  std::optional<std::string> open(const std::string& id);
  void show_trace(Trace trace, std::string title);
  void set_trace_files(TraceFiles files) { files_ = std::move(files); }
  // The platform's file dialog (file_dialog.h); without one, File > Open and the saves ask for a
  // path in a popup.
  void set_file_dialog(FileDialog dialog) { file_dialog_ = std::move(dialog); }
  void set_worksheet_writer(WorksheetWriter writer) { worksheet_ = std::move(writer); }
  // File > Worksheet: the open lesson's run with its knobs, in the current language, written
  // as <lesson>-worksheet.pdf and <lesson>-worksheet-key.pdf. On failure returns why.
  std::optional<std::string> write_worksheet();

  // Predict mode (predict_flow.h): on in a variant, or off (nullopt). Turning it on starts the
  // score afresh and hides the ladder after the cursor.
  void set_predict(std::optional<PredictVariant> variant);
  const PredictFlow& predict() const { return predict_; }
  // Goes to `step` and asks the next question from there (for --at with --predict); with
  // `answer`, marks that choice and reveals.
  void predict_from(std::size_t step, std::optional<std::size_t> answer);
  // What the keys and clicks do in predict mode: next (reveal, or step on to the next question),
  // a choice (a student's is revealed at once), reveal.
  void predict_next();
  void predict_answer(std::size_t choice);
  void predict_reveal();
  // Opens a JSON-lines trace or a capture; on failure returns why.
  std::optional<std::string> open_file(const std::string& path);

  void set_fonts(const LoadedFonts& fonts);
  // Strings that need glyphs baked into the font atlas (the lessons' Chinese).
  std::vector<std::string> texts_needing_glyphs() const;

  void frame(double dt_seconds);
  // Queues a key; the next frame handles every key queued, in order, so none is lost however
  // short the tap (unless a text field has the keyboard: then only F5 and F11 count).
  void key(AppKey key) { keys_.push_back(key); }
  // Prints one line per key handled to stdout ("key next: step 3 of 20 ..."), for tests that
  // drive the window from outside.
  void set_echo_keys(bool on) { echo_keys_ = on; }
  void set_presentation_picture(PresentationPicture p) { presentation_picture_ = p; }
  bool blank() const { return blank_; }

  // File > Export slide: the next frame is the slide alone (slide.h: title, ladder, narration,
  // state diagram; no menus, no popups), at the window's size. A path ending in .svg is written
  // as SVG from that frame's geometry; any other is a PNG of the frame, which the backend saves
  // (take_png_request).
  void export_slide(std::filesystem::path path);
  // What File > Open, Save trace and Export slide do: ask the file dialog, then open, save or
  // export the file chosen.
  void choose_and_open();
  void choose_and_save_trace();
  void choose_and_export_slide(bool svg);
  // Every frame is the slide alone (tcplab-gui --export-slide).
  void set_slide_only(bool on) { slide_only_ = on; }
  // This frame is the slide alone: the platform draws nothing of its own over it.
  bool showing_slide() const { return last_frame_was_slide_; }
  // The slide of the cursor's step, `width` x `height` pixels, in the font ImGui draws with now.
  FrameGeometry slide_geometry(float width, float height) const;
  // The file name a save or an export offers: "<lesson>-step<N>".
  std::string export_stem() const;
  // Requests for the backend; each is handed out once. A written SVG is one too: a browser hands
  // the file over as a download.
  std::optional<std::filesystem::path> take_png_request();
  std::optional<std::filesystem::path> take_svg_written();
  bool take_fullscreen_request();
  // The backend saved the PNG asked for (error: nullopt), or could not (why).
  void png_written(const std::filesystem::path& path, const std::optional<std::string>& error);
  bool quit_requested() const { return quit_; }

  Session& session() { return session_; }
  const Settings& settings() const;
  TimelinePanel& timeline() { return timeline_; }
  void set_presentation(bool on);
  // Shows every text in `language` ("en" or "zh") from this frame on, the title included.
  void set_language(const std::string& language);
  // Lays the panels out afresh for the window's size at the next frame (as on first launch) and
  // fits the timeline: after the window changed size, or for another screenshot.
  void relayout();
  void set_status(present::Phrase text) { status_ = std::move(text); }
  // Text already worded (an error message): shown as it is in every language.
  void set_status(std::string text) { status_ = present::Phrase::verbatim(std::move(text)); }
  // The status line in the current language.
  std::string status() const { return status_.text(); }
  // Runs the open lesson again with session().options (as a changed knob does).
  void rerun_lesson() { rerun(); }
  // The step (as tcplab-gui --at takes it) to show once the kernel's run arrives.
  void go_to_after_kernel_run(std::string at) { pending_at_ = std::move(at); }

  // Which run the timeline shows: the model's, the kernel's, or both side by side. A kernel run
  // (with the model's beside it, compared) starts at the next frame, on a thread of its own, and
  // forks its sandbox while the frame loop is parked (see fork_gate.h and between_frames()).
  void set_mode(RunMode mode);
  RunMode mode() const { return mode_; }
  // The kernel's run on screen is a recording (the label says from which Linux and when).
  bool showing_recording() const { return kernel_result_ && kernel_is_recording_; }
  // A kernel run is wanted or under way.
  bool busy() const { return kernel_wanted_ || kernel_run_.running(); }
  // The frame loop: between begin_frames() and end_frames() of fork_gate(), call this after each
  // frame, where the loop holds no lock.
  void between_frames() { fork_gate_.park_if_asked(); }
  ForkGate& fork_gate() { return fork_gate_; }
  // What the last kernel run came to, in one line ("" before any).
  std::string kernel_summary() const { return kernel_summary_.text(); }
  // The last kernel run's comparison with the model; nullopt before any, or when it failed.
  const std::optional<BackendComparison>& kernel_result() const { return kernel_result_; }

 private:
  void poll_kernel_run();
  void start_kernel_run();
  void present();  // shows the run mode_ asks for, keeping the cursor's instant
  // After a new run of the lesson in a kernel mode: the live run is asked for (where there is a
  // kernel), and the recording shown meanwhile, or why it does not fit.
  void kernel_for_new_run();
  void show_recording();
  // What the title adds for the kernel's run: "  (Linux kernel)", or which recording it is.
  std::string kernel_title(bool side_by_side) const;
  void mode_bar();
  void normal_layout();
  void presentation_layout();
  void menu_bar();
  void handle_key(AppKey key);
  void apply_look();  // theme, palette and text size from settings_ and presentation mode
  // What a path typed into the fallback popup is for (when there is no file dialog).
  enum class PathAction { None, Open, SaveTrace, ExportSlide };
  void file_popups();
  // Asks the platform's dialog for a file; nullopt when cancelled, or when there is no dialog:
  // then the popup asks for the path and does `action` with it.
  std::optional<std::string> ask_for_file(FileDialogRequest request, PathAction action);
  void save_trace(const std::string& path);
  void slide_frame();  // the slide alone, filling the window; writes an export asked for
  void rerun();
  void drop_selected_and_rerun();
  void refresh_questions(bool new_lesson);  // after the trace shown changed
  void predict_follow_cursor();  // a move the flow did not make (transport bar, playing)
  void predict_settled();        // after the flow moved: the selection follows
  void lesson_window();
  void predict_window();

  Settings settings_;
  mutable Settings settings_out_;
  LessonProvider lessons_;
  TraceFiles files_;
  WorksheetWriter worksheet_;
  PredictFlow predict_;
  std::size_t predict_step_ = 0;  // the cursor's step as the flow last saw it
  Duration quiz_time_wait_ = std::chrono::seconds(60);  // TIME-WAIT under the run's profile
  FileDialog file_dialog_;
  std::string file_path_;  // the path typed into the fallback popup
  PathAction path_action_ = PathAction::None;
  bool path_popup_ = false;  // open the popup at the next chance
  bool slide_only_ = false;
  bool last_frame_was_slide_ = false;
  std::optional<std::filesystem::path> slide_export_;  // written by the next slide frame
  std::vector<SourceEntry> sources_;
  Session session_;
  TimelinePanel timeline_;
  UiLook look_;
  LoadedFonts fonts_;
  present::Phrase status_;  // worded when drawn, so a language switch re-words it
  std::string lesson_id_;
  std::optional<std::filesystem::path> png_request_;
  std::optional<std::filesystem::path> svg_written_;
  bool fullscreen_request_ = false;
  std::uint64_t shown_segment_ = 0;         // the selection the inspector last came forward for
  const SideBySide* shown_pair_ = nullptr;  // the pair the differences tab last came forward for
  std::string shown_reuse_lesson_;  // the lesson the restart table last came forward for
  bool quit_ = false;
  bool relayout_ = false;  // the next frame places the panels as on first launch
  std::vector<AppKey> keys_;  // pressed since the last frame
  bool echo_keys_ = false;
  bool blank_ = false;
  PresentationPicture presentation_picture_ = PresentationPicture::Ladder;
  Theme theme_;  // what look_.theme points at
  float menu_bar_height_ = 0;

  // Real mode. The lesson's generation changes with every open and re-run; a kernel result of
  // an older generation is dropped.
  RunMode mode_ = RunMode::Model;
  std::string lesson_title_;
  std::optional<Trace> model_trace_;  // the model's run of the open lesson (lesson's profile)
  std::optional<BackendComparison>
      kernel_result_;                       // the kernel's (and model's) for this generation
  std::vector<present::Phrase> kernel_notice_;  // why the kernel's run is not shown
  bool kernel_is_recording_ = false;  // kernel_result_ is a recording's, not a live run's
  present::Phrase kernel_summary_;
  float predict_strip_needed_ = 0;  // presentation: the question strip's height on the last frame
  std::string pending_at_;
  std::uint64_t generation_ = 0;
  std::uint64_t running_generation_ = 0;
  bool kernel_wanted_ = false;
  Duration kernel_limit_{};
  ForkGate fork_gate_;
  // Last: destroyed first, stopping and joining a run still under way.
  BackgroundRun<BackendComparison> kernel_run_;
};

}  // namespace tcplab::gui
