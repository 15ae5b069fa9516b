// tcplab: list, read, run, check and compare the lessons from the command line.
// Exit codes: 0 ok, 1 a check failed (compare: the backends differ; a script failed on either), 2
// bad usage or a bad lesson or script (or one the chosen backend cannot run here), 3 not run
// (compare: not compared), 130 a kernel run stopped by Ctrl-C.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "app/exit_codes.h"
#include "app/backends.h"
#include "app/interrupt.h"
#include "app/record_command.h"
#include "app/trace_commands.h"
#include "core/profile.h"
#ifdef TCPLAB_HAVE_JSONL
#include "export/jsonl.h"
#include "present/time_text.h"
#include "quiz/lesson_questions.h"
#include "quiz/terminal_quiz.h"
#include "worksheet/worksheet_layout.h"
#include "worksheet/worksheet_render.h"
#endif
#include "packetdrill/script_parser.h"
#include "packetdrill/script_runner.h"
#include "packetdrill/script_scenario.h"
#include "present/catalog_search.h"
#include "present/message_text.h"
#include "present/translate.h"
#include "scenario/call_args.h"
#include "scenario/check_report_text.h"
#include "scenario/checks.h"
#include "scenario/compare_backends.h"
#include "scenario/ladder_text.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/state_counts.h"
#include "scenario/text_width.h"

namespace fs = std::filesystem;
using namespace tcplab;

namespace {


struct Settings {
  std::string lessons_dir;
  std::string lang = "en";
  std::string backend = "model";
  std::optional<std::string> profile;
  std::vector<std::string> knobs;  // "name=value"
  std::optional<std::uint64_t> seed;
  std::string format = "text";
  std::size_t width = 34;
  bool all_timers = false;
  bool segment_options = false;
  std::size_t lanes = kDefaultLadderLanes;       // hosts drawn as ladder lanes
  std::vector<std::string> hosts;                // which hosts get a lane (empty: the first ones)
  std::string time_limit;                        // kernel: stop waiting after this long ("5s")
  std::string tolerance;                         // compare: timing tolerance ("20ms")
  int attempts = 1;                              // compare: kernel runs until one agrees
  std::uint64_t max_events = kDefaultMaxEvents;  // model: events a run's trace may hold
};

// Where lessons are looked for: the one search the GUI uses too (lesson_catalog.h).
std::optional<fs::path> lessons_dir(const Settings& settings) {
  return find_lessons_dir(settings.lessons_dir);
}

Scenario load(const Settings& settings, const std::string& name) {
  return load_lesson_file(resolve_lesson(name, lessons_dir(settings)));
}

RunOptions run_options(const Settings& settings, const Scenario& scenario) {
  RunOptions options;
  options.profile = settings.profile;
  options.seed = settings.seed;
  options.max_events = settings.max_events;
  for (const auto& knob : settings.knobs) {
    const auto eq = knob.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ScenarioError({},
                          "--set wants knob=value (e.g. --set tcp_tw_reuse=1), not '" + knob + "'");
    }
    options.knobs.emplace_back(knob.substr(0, eq), knob.substr(eq + 1));
  }
  if (!settings.time_limit.empty()) {
    auto limit = parse_duration(settings.time_limit);
    if (!limit || *limit <= Duration{0}) {
      throw ScenarioError({}, "--time-limit wants a duration such as 5s or 500ms, not '" +
                                  settings.time_limit + "'");
    }
    options.time_limit = *limit;
  }
  // Check profile and knobs here, so a typo is reported before anything runs, on every backend.
  const std::string profile_name = settings.profile.value_or(scenario.profile);
  auto profile = profile_by_name(profile_name);
  if (!profile)
    throw ScenarioError({}, "unknown profile '" + profile_name + "' (known: rfc9293, linux)");
  for (const auto& [name, value] : scenario.knobs) set_knob(*profile, name, value);
  for (const auto& [name, value] : options.knobs) {
    if (auto error = set_knob(*profile, name, value)) throw ScenarioError({}, "--set: " + *error);
  }
  return options;
}

LadderOptions ladder_options(const Settings& settings) {
  LadderOptions ladder;
  ladder.lang = settings.lang;
  ladder.column_width = settings.width;
  ladder.all_timers = settings.all_timers;
  ladder.segment_options = settings.segment_options;
  ladder.max_lanes = settings.lanes;
  ladder.hosts = settings.hosts;
  return ladder;
}

void print_cannot_run(const Scenario& scenario, const std::string& backend,
                      const std::vector<std::string>& reasons) {
  fmt::print(stderr, "tcplab: the {} backend cannot run lesson {} here:\n", backend, scenario.id);
  for (const auto& why : reasons) fmt::print(stderr, "  - {}\n", why);
  if (!scenario.kernel_note.empty() && backend == "kernel") {
    fmt::print(stderr, "  the lesson says: {}\n", scenario.kernel_note);
  }
}

// A lesson's run, and whether Ctrl-C stopped it.
struct LessonRun {
  RunResult result;
  bool interrupted = false;
};

// Runs the lesson on the chosen backend; nullopt (after saying why on stderr) when that backend
// cannot run it here (the kernel: random loss, no netfilter queue ...).
std::optional<LessonRun> run_lesson(const Settings& settings, const Scenario& scenario) {
  const RunOptions options = run_options(settings, scenario);
  auto backend = make_backend(settings.backend);
  if (auto reasons = cannot_run(*backend, scenario, options); !reasons.empty()) {
    print_cannot_run(scenario, settings.backend, reasons);
    return std::nullopt;
  }
  LessonRun ran;
  {
    // Only kernel runs last long enough to want stopping (75 s); the model's stop at --max-events.
    std::optional<StopOnInterrupt> on_ctrl_c;
    if (std::atomic<bool>* stop = stop_request(*backend)) on_ctrl_c.emplace(*stop);
    ran.result = backend->run(scenario, options);
    ran.interrupted = on_ctrl_c && on_ctrl_c->interrupted();
  }
  const RunResult& result = ran.result;
  for (const auto& warning : result.trace.warnings)
    fmt::print(stderr, "tcplab: warning: {}\n", present::message_text(warning));
  if (ran.interrupted) {
    fmt::print(
        stderr,
        "tcplab: interrupted (Ctrl-C): the run of '{}' stopped{}; what follows is "
        "what ran until then\n",
        scenario.id,
        result.stopped_at ? " at " + present::duration_text(*result.stopped_at - kTimeZero) : "");
  } else if (!result.completed) {
    fmt::print(stderr, "tcplab: warning: the run of '{}' stopped at a limit before it finished\n",
               scenario.id);
  }
  return ran;
}

// A packetdrill script's run on the model or on the real kernel.
struct ScriptOutcome {
  packetdrill::Script script;
  packetdrill::ScriptRun run;
};

// The script on the kernel: in a private namespace made for the run (what it could not apply is
// said on stderr, as packetdrill's own warnings are).
ScriptOutcome run_script_on_kernel(const std::string& file) {
  ScriptOutcome out{packetdrill::load_script_file(file), {}};
  out.run = tcplab::run_script_on_kernel(out.script);
  for (const auto& note : out.run.notes)
    fmt::print(stderr, "tcplab: {}: {}\n", file, present::message_text(note));
  out.run.notes.clear();
  return out;
}

std::optional<ScriptOutcome> run_script(const Settings& settings, const std::string& file) {
  if (settings.backend == "kernel") return run_script_on_kernel(file);
  if (settings.backend != "model") {
    fmt::print(stderr, "tcplab: packetdrill scripts run on the model and the kernel, not on the "
                       "{} backend: {} not run\n",
               settings.backend, file);
    return std::nullopt;
  }
  ScriptOutcome out{packetdrill::load_script_file(file), {}};
  packetdrill::ScriptRunOptions options;
  const std::string profile_name = settings.profile.value_or("linux");
  auto profile = profile_by_name(profile_name);
  if (!profile) throw ScenarioError({}, "unknown profile '" + profile_name + "'");
  for (const auto& knob : settings.knobs) {
    const auto eq = knob.find('=');
    if (eq == std::string::npos || eq == 0)
      throw ScenarioError({}, "--set wants knob=value, not '" + knob + "'");
    if (auto error = set_knob(*profile, knob.substr(0, eq), knob.substr(eq + 1)))
      throw ScenarioError({}, "--set: " + *error);
  }
  options.profile = *profile;
  if (settings.seed) options.seed = *settings.seed;
  out.run = packetdrill::run_script_on_model(out.script, options);
  return out;
}

// "PASS file" or "FAIL file:line:col: what" (after `label`: "kernel: "), after the notes on what
// was not checked.
int print_script_verdict(const ScriptOutcome& out, const std::string& label = "") {
  for (const auto& note : out.run.notes) fmt::print("note: {}\n", present::message_text(note));
  if (out.run.passed()) {
    fmt::print("{}PASS {}\n", label, out.script.file);
    return kExitOk;
  }
  fmt::print("{}FAIL {}: {}\n", label, out.run.failure->where.to_string(), out.run.failure->what);
  return kExitCheckFailed;
}

int command_run_script(const Settings& settings, const std::string& file) {
  const std::optional<ScriptOutcome> out = run_script(settings, file);
  if (!out) return kExitNotCompared;
#ifdef TCPLAB_HAVE_JSONL
  if (settings.format == "jsonl") {
    write_jsonl(out->run.trace, std::cout);
    return out->run.passed() ? kExitOk : kExitCheckFailed;
  }
#endif
  if (settings.format == "states") {
    fmt::print("{}", state_counts_csv(out->run.trace));
    return out->run.passed() ? kExitOk : kExitCheckFailed;
  }
  const Scenario scenario = packetdrill::scenario_for(out->script, out->run);
  fmt::print("{}  ({}, {} {}, {} {})\n{}\n\n", scenario.title.en, scenario.id, "profile",
             out->run.profile.name, "backend", out->run.trace.backend, scenario.summary.en);
  write_ladder(scenario, out->run.trace, ladder_options(settings), std::cout);
  std::cout << '\n';
  return print_script_verdict(*out);
}

int command_list(const Settings& settings) {
  auto dir = lessons_dir(settings);
  if (!dir) {
    fmt::print(stderr,
               "tcplab: no lessons directory found (use --lessons DIR or TCPLAB_LESSONS)\n");
    return kExitBadInput;
  }
  int status = kExitOk;
  for (const auto& file : lesson_files(*dir)) {
    try {
      const Scenario s = load_lesson_file(file);
      fmt::print("{}  {}\n", pad_right(s.id, 28), s.title.in(settings.lang));
    } catch (const ScenarioError& e) {
      fmt::print(stderr, "tcplab: {}\n", e.what());
      status = kExitBadInput;
    }
  }
  return status;
}

std::string point_text(const CheckPoint& p) {
  using present::fill;
  using present::tr;
  // TRANSLATORS: {0} an instant of the run ("1.2 s").
  if (p.at) return fill(tr("at {0}"), {present::duration_text(*p.at)});
  if (!p.after.empty()) {
    // TRANSLATORS: {0} a step's label, {1} a delay ("50 ms").
    return p.delay == Duration{0}
               ? fill(tr("after {0}"), {p.after})
               : fill(tr("{1} after {0}"), {p.after, present::duration_text(p.delay)});
  }
  return tr("at the end");
}

int command_show(const Settings& settings, const std::string& name) {
  const Scenario s = load(settings, name);
  const std::string& lang = settings.lang;
  using present::tr;
  fmt::print("{}  ({})\n\n{}\n\n", s.title.in(lang), s.id, s.summary.in(lang));
  fmt::print("{}: {}", tr("profile"), s.profile);
  for (const auto& [knob, value] : s.knobs) fmt::print(", {}={}", knob, value);
  if (!s.kernel_note.empty())
    fmt::print("\n{}: {}", tr("on the kernel"), s.kernel_note);
  fmt::print("\n{}:", tr("hosts"));
  for (const auto& h : s.hosts) fmt::print(" {} {}", h.name, to_string(h.address));
  fmt::print("\n\n");
  for (const auto& program : s.programs) {
    // TRANSLATORS: {0} a host's name, before the list of calls its program makes.
    fmt::print("{}:\n", present::fill(tr("{0} runs"), {program.host}));
    for (const auto& phase : program.phases) {
      const std::string indent = phase.repeat > 1 ? "    " : "  ";
      if (phase.repeat > 1) fmt::print("  {} × {}:\n", tr("repeat"), phase.repeat);
      for (const auto& step : phase.steps) {
        std::string when;
        if (step.when.at) when = " @" + present::duration_text(*step.when.at);
        if (!step.when.after.empty()) when += " after " + step.when.after;
        if (step.when.delay != Duration{0}) when += " +" + present::duration_text(step.when.delay);
        std::string args = step.call.socket;
        if (const std::string rest = call_args(step.call); !rest.empty())
          args += (args.empty() ? "" : ", ") + rest;
        const std::string assigned =
            step.call.result_var.empty() ? "" : step.call.result_var + " = ";
        fmt::print("{}{}  {}{}({}){}\n", indent, pad_right(step.label, 26), assigned,
                   call_name(step.call.kind), args, when);
      }
    }
  }
  if (!s.faults.empty()) fmt::print("\n{}:\n", tr("faults"));
  for (const auto& f : s.faults)
    fmt::print("  {}\n", f.description.empty() ? std::string(tr("(fault)")) : f.description.in(lang));
  fmt::print("\n{}:\n", tr("narration"));
  for (const auto& n : s.narration) {
    const std::string where =
        // TRANSLATORS: {0} a segment's number in the trace.
        n.segment_id ? present::fill(tr("segment {0}"), {std::to_string(*n.segment_id)})
                     : point_text(n.when);
    fmt::print("  [{}] {}\n", where, n.text.in(lang));
  }
  fmt::print("\n{}:\n", tr("checks"));
  for (std::size_t i = 0; i < s.checks.size(); ++i) {
    fmt::print("  {}. {}  ({})\n", i + 1, s.checks[i].description.in(lang),
               point_text(s.checks[i].when));
  }
  return kExitOk;
}

int command_run(const Settings& settings, const std::string& name) {
#ifndef TCPLAB_HAVE_JSONL
  if (settings.format == "jsonl") {
    // The JSON-lines writer belongs to src/export; CMake links it once src/export is in the tree.
    fmt::print(stderr,
               "tcplab: --format jsonl is not built yet (waiting for src/export/jsonl.h)\n");
    return kExitBadInput;
  }
#endif
  if (packetdrill::is_script_file(name)) return command_run_script(settings, name);
  const Scenario scenario = load(settings, name);
  const std::optional<LessonRun> ran = run_lesson(settings, scenario);
  if (!ran) return kExitBadInput;
  const RunResult& result = ran->result;
  const int ok = ran->interrupted ? kExitInterrupted : kExitOk;
#ifdef TCPLAB_HAVE_JSONL
  if (settings.format == "jsonl") {
    write_jsonl(result.trace, std::cout);
    return ok;
  }
#endif
  if (settings.format == "states") {
    fmt::print("{}", state_counts_csv(result.trace));
    return ok;
  }
  fmt::print("{}  ({}, {} {}, {} {})\n{}\n\n", scenario.title.in(settings.lang), scenario.id,
             present::tr("profile"), result.profile.name, present::tr("backend"),
             result.trace.backend,
             scenario.summary.in(settings.lang));
  write_ladder(scenario, result.trace, ladder_options(settings), std::cout);
  std::cout << '\n';
  const CheckReport report = evaluate_checks(scenario, result.trace);
  fmt::print("{}", format_check_report(report));
  if (ran->interrupted) return kExitInterrupted;
  return report.all_passed() ? kExitOk : kExitCheckFailed;
}

int command_check(const Settings& settings, std::vector<std::string> names) {
  if (names.empty()) {
    auto dir = lessons_dir(settings);
    if (!dir) {
      fmt::print(stderr,
                 "tcplab: no lessons directory found (use --lessons DIR or TCPLAB_LESSONS)\n");
      return kExitBadInput;
    }
    for (const auto& file : lesson_files(*dir)) names.push_back(file.string());
  }
  bool bad_input = false;
  bool failed = false;
  bool not_run = false;
  for (const auto& name : names) {
    try {
      if (packetdrill::is_script_file(name)) {
        const std::optional<ScriptOutcome> out = run_script(settings, name);
        if (!out) {
          not_run = true;
          continue;
        }
        failed = print_script_verdict(*out) != kExitOk || failed;
        continue;
      }
      const Scenario scenario = load(settings, name);
      const std::optional<LessonRun> ran = run_lesson(settings, scenario);
      if (!ran) {
        // Not a failure of the lesson: say so and go on (the lesson's note says why).
        fmt::print("{}: skipped on the {} backend\n", scenario.id, settings.backend);
        continue;
      }
      const RunResult& result = ran->result;
      const CheckReport report = evaluate_checks(scenario, result.trace);
      fmt::print("{}", format_check_report(report));
      if (ran->interrupted) return kExitInterrupted;  // Ctrl-C stops the whole check
      if (!report.all_passed()) {
        failed = true;
        fmt::print(stderr, "tcplab: lesson {} ({}): {} of {} checks failed\n", report.lesson,
                   report.file, report.failures(), report.outcomes.size());
      }
    } catch (const ScenarioError& e) {
      fmt::print(stderr, "tcplab: {}: {}\n", name, e.what());
      bad_input = true;
    } catch (const packetdrill::ScriptError& e) {
      fmt::print(stderr, "tcplab: {}\n", e.what());
      bad_input = true;
    }
  }
  return bad_input ? kExitBadInput
         : failed  ? kExitCheckFailed
         : not_run ? kExitNotCompared
                   : kExitOk;
}

// `tcplab export LESSON --pcap FILE`: runs the lesson, writes its trace for Wireshark (and/or as
// JSON lines).
int command_export(const Settings& settings, const std::string& name,
                   const TraceExportSettings& where) {
  if (packetdrill::is_script_file(name)) {
    const std::optional<ScriptOutcome> out = run_script(settings, name);
    if (!out) return kExitNotCompared;
    return export_trace_files(out->run.trace, where);
  }
  const Scenario scenario = load(settings, name);
  const std::optional<LessonRun> ran = run_lesson(settings, scenario);
  if (!ran) return kExitBadInput;
  const int status = export_trace_files(ran->result.trace, where);
  return ran->interrupted && status == kExitOk ? kExitInterrupted : status;
}

// Runs the lesson on the model (linux profile) and on the kernel, and prints where they differ.
// `tcplab compare FILE.pkt`: the script on the model and on the kernel; both must pass.
int command_compare_script(const Settings& settings, const std::string& file) {
  Settings model = settings;
  model.backend = "model";
  const std::optional<ScriptOutcome> on_model = run_script(model, file);
  const ScriptOutcome on_kernel = run_script_on_kernel(file);
  const int model_status = print_script_verdict(*on_model, "model:  ");
  const int kernel_status = print_script_verdict(on_kernel, "kernel: ");
  return model_status == kExitOk && kernel_status == kExitOk ? kExitOk : kExitCheckFailed;
}

int command_compare(const Settings& settings, const std::string& name) {
  if (packetdrill::is_script_file(name)) return command_compare_script(settings, name);
  const Scenario scenario = load(settings, name);
  CompareRunOptions options;
  options.run = run_options(settings, scenario);
  options.run.profile.reset();  // the model runs under linux; the kernel is Linux
  if (!settings.tolerance.empty()) {
    auto tolerance = parse_duration(settings.tolerance);
    if (!tolerance) {
      throw ScenarioError(
          {}, "--tolerance wants a duration such as 20ms, not '" + settings.tolerance + "'");
    }
    options.compare.time_tolerance = *tolerance;
  }
  auto model = make_backend("model");
  auto kernel = make_backend("kernel");
  const auto reasons = cannot_run(*kernel, scenario, options.run);
  fmt::print("{}  ({}): model (linux profile) vs the real kernel\n",
             scenario.title.in(settings.lang), scenario.id);
  // With --attempts N, up to N kernel runs, stopping at the first that agrees; every attempt is
  // printed in full, a failed one too.
  BackendComparison result;
  for (int attempt = 1; attempt <= settings.attempts; ++attempt) {
    result = compare_backends(scenario, *model, *kernel, reasons, options);
    if (settings.attempts > 1 && result.kernel_ran)
      fmt::print("== kernel run {} of at most {}\n", attempt, settings.attempts);
    fmt::print("{}", format_backend_comparison(result));
    if (result.agree() || !result.kernel_ran) break;
  }
  if (!result.kernel_ran) {
    fmt::print("{}\n", result.agree()
                           ? "not compared: the lesson says why the kernel cannot run it"
                           : "not compared, and the lesson does not say why (add a kernel_note)");
    return result.agree() ? kExitNotCompared : kExitCheckFailed;
  }
  if (result.agree()) return kExitOk;
  if (result.not_compared) return kExitNotCompared;
  return result.comparison.judgeable() ? kExitCheckFailed : kExitNotCompared;
}

int command_knobs(const Settings& settings) {
  const Profile profile = *profile_by_name(settings.profile.value_or("linux"));
  for (const auto& k : knob_list()) {
    fmt::print("{}  {}  {}\n", pad_right(k.name, 30),
               pad_right(get_knob(profile, k.name).value_or(""), 12), k.description);
  }
  return kExitOk;
}

// How the text ladder is drawn: `run` and `open` share these.
void add_ladder_options(CLI::App& command, Settings& settings) {
  command.add_option("--width", settings.width, "terminal columns per host in the ladder")
      ->check(CLI::Range(16, 200))
      ->capture_default_str();
  command
      .add_option("--lanes", settings.lanes,
                  "hosts drawn as lanes in the ladder, at most (the others are counted in one "
                  "line; --format jsonl has them all)")
      ->check(CLI::Range(std::size_t{1}, kMaxLadderLanes))
      ->capture_default_str();
  command
      .add_option("--hosts", settings.hosts,
                  "the hosts to draw as lanes, in this order: --hosts client,server")
      ->delimiter(',');
}

void add_max_events_option(CLI::App& command, Settings& settings) {
  command
      .add_option("--max-events", settings.max_events,
                  "model: stop the run once its trace holds this many events (it says so)")
      ->check(CLI::Range(std::uint64_t{1}, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
}

void add_run_options(CLI::App& command, Settings& settings) {
  command.add_option("--profile", settings.profile, "profile to run with instead of the lesson's")
      ->check(CLI::IsMember({"linux", "rfc9293"}));
  command
      .add_option("--set", settings.knobs, "override a profile knob: --set knob=value (repeatable)")
      ->allow_extra_args(false);
  command.add_option("--seed", settings.seed,
                     "seed for random faults and initial sequence numbers");
  command.add_option("--backend", settings.backend, "where to run: model or kernel")
      ->check(CLI::IsMember(backend_names()))
      ->capture_default_str();
  command.add_option("--time-limit", settings.time_limit,
                     "kernel: stop after this long (default 75s, so TIME-WAIT's 60 s can expire)");
  add_max_events_option(command, settings);
}

// `tcplab quiz`: the lesson's run asked as questions (quiz/terminal_quiz.h).
int command_quiz(const Settings& settings, const std::string& name, const std::string& answers) {
  std::optional<std::vector<std::size_t>> scripted;
  if (!answers.empty()) {
    std::string error;
    scripted = quiz::parse_answers(answers, error);
    if (!scripted) throw ScenarioError({}, "--answers: " + error);
  }
  const Scenario scenario = load(settings, name);
  auto ran = run_lesson(settings, scenario);
  if (!ran) return kExitBadInput;
  fmt::print("{}\n\n", scenario.title.in(settings.lang));
  quiz::QuizOptions options;
  options.time_wait = ran->result.profile.time_wait_length();
  // The lesson's own questions among the generated ones, as predict mode asks them.
  quiz::run_questions(ran->result.trace,
                      quiz::predict_questions(&scenario, ran->result.trace, options), scripted,
                      std::cin, std::cout);
  return ran->interrupted ? kExitInterrupted : kExitOk;
}

struct WorksheetFiles {
  std::string pdf, svg, key_pdf, key_svg;
};

// `tcplab worksheet`: the run laid out on A4 (worksheet/worksheet_layout.h), with and without
// the answers.
int command_worksheet(const Settings& settings, const std::string& name,
                      const WorksheetFiles& files) {
  if (files.pdf.empty() && files.svg.empty() && files.key_pdf.empty() && files.key_svg.empty())
    throw ScenarioError({}, "worksheet: say where to write it: --pdf F, --svg F, --key-pdf F or "
                            "--key-svg F");
  const Scenario scenario = load(settings, name);
  auto ran = run_lesson(settings, scenario);
  if (!ran) return kExitBadInput;
  int status = kExitOk;
  for (const bool key : {false, true}) {
    worksheet::WorksheetOptions options;
    options.lang = settings.lang;
    options.answer_key = key;
    const worksheet::Worksheet sheet =
        worksheet::layout_worksheet(scenario, ran->result.trace, options);
    const std::string& pdf = key ? files.key_pdf : files.pdf;
    const std::string& svg = key ? files.key_svg : files.svg;
    for (const std::string& error :
         {pdf.empty() ? "" : worksheet::write_pdf(sheet, pdf),
          svg.empty() ? "" : worksheet::write_svg(sheet, 0, svg)}) {
      if (error.empty()) continue;
      fmt::print(stderr, "tcplab: {}\n", error);
      status = kExitBadInput;
    }
    if (!key && (!pdf.empty() || !svg.empty())) {
      fmt::print("{}: {} page(s), {} blanks{}\n", pdf.empty() ? svg : pdf, sheet.pages.size(),
                 sheet.blanks,
                 sheet.events_left ? fmt::format(" ({} later events left out)", sheet.events_left)
                                   : "");
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "tcplab: step through TCP connection teardown, TIME-WAIT and friends.\n"
      "Exit codes: 0 ok, 1 a check failed, 2 bad usage, a bad lesson or a malformed packetdrill "
      "script, 3 not run or not compared, 130 a kernel run "
      "stopped by Ctrl-C (what ran until then is printed)."};
  app.require_subcommand(1);
  Settings settings;
  app.add_option("--lessons", settings.lessons_dir,
                 "directory of lesson files (default: "
                 "$TCPLAB_LESSONS, then the installed lessons)");
  app.add_option("--lang", settings.lang, "language of titles, narration and the ladder's words: en or zh")
      ->check(CLI::IsMember({"en", "zh"}))
      ->capture_default_str();

  auto* list = app.add_subcommand("list", "list the lessons with their titles");
  std::string lesson;
  auto* show = app.add_subcommand("show", "print a lesson's story: steps, narration and checks");
  show->add_option("lesson", lesson, "lesson id or file")->required();
  auto* run = app.add_subcommand("run", "run a lesson and draw it as a ladder diagram");
  run->add_option("lesson", lesson, "lesson id or file, or a packetdrill script (FILE.pkt)")
      ->required();
  add_run_options(*run, settings);
  run->add_option("--format", settings.format,
                  "text (ladder), jsonl (the trace) or states (sockets per state over time, CSV)")
      ->check(CLI::IsMember({"text", "jsonl", "states"}))
      ->capture_default_str();
  add_ladder_options(*run, settings);
  run->add_flag("--all-timers", settings.all_timers,
                "also show retransmission timers armed/cancelled and delayed-ACK timers");
  run->add_flag("--options", settings.segment_options,
                "also show each segment's TCP options, as tcpdump prints them");
  std::vector<std::string> lessons;
  auto* check =
      app.add_subcommand("check", "run lessons and judge their checks (all when none given)");
  check->add_option("lessons", lessons, "lesson ids or files, or packetdrill scripts (FILE.pkt)");
  add_run_options(*check, settings);
  auto* compare = app.add_subcommand(
      "compare", "run a lesson on the model (linux profile) and on the real kernel, and diff them");
  compare->add_option("lesson", lesson, "lesson id or file, or a packetdrill script (FILE.pkt)")->required();
  compare->add_option("--set", settings.knobs, "override a profile knob on both: --set knob=value");
  compare->add_option("--seed", settings.seed, "seed for the model");
  compare->add_option("--time-limit", settings.time_limit,
                      "stop the kernel run after this long (default 75s)");
  compare
      ->add_option("--attempts", settings.attempts,
                   "run the kernel up to N times, stopping at the first run that agrees, "
                   "and print every run")
      ->check(CLI::Range(1, 20));
  compare->add_option("--tolerance", settings.tolerance,
                      "how far apart timings may be (default 20ms, plus 2%)");
  add_max_events_option(*compare, settings);
  auto* knobs = app.add_subcommand("knobs", "list the profile knobs --set accepts");
  knobs->add_option("--profile", settings.profile, "show this profile's values")
      ->check(CLI::IsMember({"linux", "rfc9293"}));
  TraceExportSettings export_to;
  auto* exp = app.add_subcommand(
      "export", "run a lesson and write its trace as a pcap file (Wireshark) or JSON lines");
  exp->add_option("lesson", lesson, "lesson id or file")->required();
  add_run_options(*exp, settings);
  exp->add_option("--pcap", export_to.pcap_path, "write a pcap file ('-': standard output)");
  exp->add_option("--jsonl", export_to.jsonl_path, "write the trace as JSON lines ('-': stdout)");
  exp->add_flag("--keep-dropped", export_to.keep_dropped,
                "also write lost segments, marked with IP DSCP LE (ip.dsfield.dscp == 1)");
  exp->add_flag("--raw-ip", export_to.raw_ip, "no Ethernet header (LINKTYPE_RAW)");
  exp->add_flag("--send-times", export_to.send_times,
                "stamp segments when sent (default: when they arrived)");
  exp->add_option("--epoch", export_to.epoch_seconds,
                  "Unix time (seconds) of the trace's t = 0 (default 0: 1970-01-01)");
  std::string open_file;
  std::string open_format = "text";
  auto* open = app.add_subcommand(
      "open", "draw a capture (pcap, pcapng) or a saved JSON-lines trace as a ladder");
  open->add_option("file", open_file, "capture or .jsonl file")->required();
  open->add_option("--format", open_format, "text (ladder) or jsonl (the trace)")
      ->check(CLI::IsMember({"text", "jsonl"}))
      ->capture_default_str();
  add_ladder_options(*open, settings);
  std::string quiz_answers;
  auto* quiz = app.add_subcommand(
      "quiz", "predict, then reveal: a question before each teachable event of a lesson's run");
  quiz->add_option("lesson", lesson, "lesson id or file")->required();
  add_run_options(*quiz, settings);
  quiz->add_option("--answers", quiz_answers,
                   "answer in order without asking, e.g. a,c,b (stops when they run out)");
  WorksheetFiles sheet_files;
  auto* sheet = app.add_subcommand(
      "worksheet", "a lesson's run as an A4 worksheet with blanks to fill in, and its answer key");
  sheet->add_option("lesson", lesson, "lesson id or file")->required();
  add_run_options(*sheet, settings);
  sheet->add_option("--pdf", sheet_files.pdf, "write the worksheet as a PDF (every page)");
  sheet->add_option("--svg", sheet_files.svg, "write the worksheet's first page as an SVG");
  sheet->add_option("--key-pdf", sheet_files.key_pdf, "write the answer key as a PDF");
  sheet->add_option("--key-svg", sheet_files.key_svg,
                    "write the answer key's first page as an SVG");
  RecordSettings record_settings;
  std::string record_out;
  auto* record = app.add_subcommand(
      "record", "run lessons on the real kernel and save each run (JSON lines, with the kernel's "
                "release and the date) for the browser and the GUI's side by side");
  record->add_option("lessons", record_settings.lessons, "lesson ids or files");
  record->add_flag("--all", record_settings.all, "every lesson (the lessons directory's)");
  record->add_option("--out", record_out,
                     "directory to write <lesson-id>.jsonl into (default: recordings/ beside the "
                     "lessons directory)");
  record->add_option("--time-limit", record_settings.time_limit,
                     "stop each kernel run after this long (default: the lesson's own, at most 75s)");
  // Options such as --lang may be written after the subcommand too.
  for (auto* sub : {list, show, run, check, exp, open, compare, quiz, sheet, record})
    sub->fallthrough();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  // The ladder's words in the language asked for; English needs no catalog.
  if (settings.lang != present::kEnglish) {
    for (const std::string& problem : present::load_installed_catalogs())
      fmt::print(stderr, "tcplab: {} (the ladder's words stay English)\n", problem);
    present::set_language(settings.lang);
  }

  try {
    if (*list) return command_list(settings);
    if (*show) return command_show(settings, lesson);
    if (*run) return command_run(settings, lesson);
    if (*check) return command_check(settings, lessons);
    if (*compare) return command_compare(settings, lesson);
    if (*knobs) return command_knobs(settings);
    if (*quiz) return command_quiz(settings, lesson, quiz_answers);
    if (*sheet) return command_worksheet(settings, lesson, sheet_files);
    if (*exp) return command_export(settings, lesson, export_to);
    if (*record) {
      record_settings.lessons_dir = lessons_dir(settings);
      if (!record_out.empty()) record_settings.out = record_out;
      return command_record(record_settings);
    }
    if (*open) return open_trace_command(open_file, open_format, ladder_options(settings));
  } catch (const ScenarioError& e) {
    fmt::print(stderr, "tcplab: {}\n", e.what());
    return kExitBadInput;
  } catch (const packetdrill::ScriptError& e) {
    fmt::print(stderr, "tcplab: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "tcplab: internal error: {}\n", e.what());
    return kExitBadInput;
  }
  return kExitBadInput;
}
