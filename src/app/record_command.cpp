#include "app/record_command.h"

#include <chrono>

#include <fmt/core.h>

#include "app/backends.h"
#include "app/exit_codes.h"
#include "app/interrupt.h"
#include "export/trace_file.h"
#include "present/time_text.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"

namespace fs = std::filesystem;

namespace tcplab {

std::string today_utc() {
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

int command_record(const RecordSettings& settings) {
  std::vector<std::string> names = settings.lessons;
  if (settings.all) {
    if (!settings.lessons_dir) {
      fmt::print(stderr, "tcplab: no lessons directory found (use --lessons DIR or TCPLAB_LESSONS)\n");
      return kExitBadInput;
    }
    for (const auto& file : lesson_files(*settings.lessons_dir)) names.push_back(file.string());
  }
  if (names.empty()) {
    fmt::print(stderr, "tcplab: record: name the lessons to record, or --all\n");
    return kExitBadInput;
  }
  if (!settings.out && !settings.lessons_dir) {
    fmt::print(stderr, "tcplab: record: no lessons directory to put recordings/ beside: use --out DIR\n");
    return kExitBadInput;
  }
  const fs::path out = settings.out.value_or(recordings_dir_for(*settings.lessons_dir));
  RunOptions options;  // the lesson as shipped: a recording stands for its own settings only
  if (!settings.time_limit.empty()) {
    const auto limit = parse_duration(settings.time_limit);
    if (!limit || *limit <= Duration{0}) {
      fmt::print(stderr, "tcplab: --time-limit wants a duration such as 5s, not '{}'\n",
                 settings.time_limit);
      return kExitBadInput;
    }
    options.time_limit = *limit;
  }
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) {
    fmt::print(stderr, "tcplab: record: cannot make {}: {}\n", out.string(), ec.message());
    return kExitBadInput;
  }

  const std::string date = today_utc();
  bool bad_input = false;
  for (const std::string& name : names) {
    try {
      const Scenario scenario = load_lesson_file(resolve_lesson(name, settings.lessons_dir));
      auto kernel = make_backend("kernel");
      if (auto reasons = cannot_run(*kernel, scenario, options); !reasons.empty()) {
        fmt::print("{}: skipped, the kernel cannot run it here:\n", scenario.id);
        for (const auto& why : reasons) fmt::print("  - {}\n", why);
        continue;
      }
      fmt::print("{}: running on the kernel (at most {})...\n", scenario.id,
                 present::rounded_duration_text(kernel_time_limit(scenario, options)));
      std::fflush(stdout);
      RunResult result;
      bool interrupted = false;
      {
        std::optional<StopOnInterrupt> on_ctrl_c;
        if (std::atomic<bool>* stop = stop_request(*kernel)) on_ctrl_c.emplace(*stop);
        result = kernel->run(scenario, options);
        interrupted = on_ctrl_c && on_ctrl_c->interrupted();
      }
      if (interrupted) {
        fmt::print(stderr, "tcplab: interrupted (Ctrl-C): {} not recorded\n", scenario.id);
        return kExitInterrupted;
      }
      if (!result.completed) {
        // Kept: what the kernel did until the limit (a listener the lesson never closes keeps a
        // socket alive to the end); the trace's warnings say where and why it stopped.
        fmt::print("{}: the kernel run stopped at its time limit; recorded up to there\n",
                   scenario.id);
      }
      result.trace.recorded_on = date;
      const fs::path file = recording_file(out, scenario.id);
      save_trace_file(result.trace, file.string(), TraceFileFormat::JsonLines);
      fmt::print("{}: wrote {} (Linux {}, {}, {} events)\n", scenario.id, file.string(),
                 result.trace.kernel_release, date, result.trace.size());
    } catch (const BackendCannotRun& e) {
      // Found only when it tried (no namespace could be made for the lesson's faults).
      fmt::print("{}: skipped, the kernel cannot run it here:\n", name);
      for (const auto& why : e.reasons()) fmt::print("  - {}\n", why);
    } catch (const ScenarioError& e) {
      fmt::print(stderr, "tcplab: {}: {}\n", name, e.what());
      bad_input = true;
    } catch (const std::runtime_error& e) {
      fmt::print(stderr, "tcplab: {}: {}\n", name, e.what());
      bad_input = true;
    }
  }
  return bad_input ? kExitBadInput : kExitOk;
}

}  // namespace tcplab
