#include "app/gui_lessons.h"

#include <algorithm>
#include <fstream>
#include <memory>

#include "app/backends.h"
#include "app/script_backend.h"
#include "export/jsonl.h"
#include "packetdrill/script_parser.h"
#include "packetdrill/script_scenario.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"

namespace tcplab::gui {

LessonProvider lesson_provider(const std::optional<std::filesystem::path>& dir) {
  LessonProvider provider;
  provider.list = [dir] {
    std::vector<SourceEntry> entries;
    if (!dir) return entries;
    for (const auto& file : lesson_files(*dir)) {
      const std::string id = id_from_file_name(file);
      SourceEntry entry{id, Text{id, ""}};
      try {
        const Scenario s = load_lesson_file(file);
        if (!s.title.en.empty()) entry.title = s.title;
      } catch (const std::exception&) {
        entry.loads = false;
      }
      entries.push_back(entry);
    }
    return entries;
  };
  provider.load = [dir](const std::string& id) {
    if (packetdrill::is_script_file(id)) {
      // A packetdrill script: its run on the model gives the lesson its narration's anchors.
      const packetdrill::Script script = packetdrill::load_script_file(id);
      return packetdrill::scenario_for(script,
                                       packetdrill::run_script_on_model(script, {}));
    }
    return load_lesson_file(resolve_lesson(id, dir));
  };
  provider.opens_as_lesson = [](const std::string& path) {
    return packetdrill::is_script_file(path) || std::filesystem::path(path).extension() == ".toml";
  };
  provider.run = [](const Scenario& scenario, const RunOptions& options) {
    if (is_script_scenario(scenario)) return ScriptBackend(ScriptBackend::On::Model).run(scenario, options);
    return ModelBackend().run(scenario, options);
  };
  provider.recording = [dir](const std::string& id) -> std::optional<Trace> {
    if (!dir) return std::nullopt;
    const std::filesystem::path file = recording_file(recordings_dir_for(*dir), id);
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;  // no recording of this lesson
    return read_jsonl(in, file.string());
  };
  const auto names = backend_names();
  if (std::find(names.begin(), names.end(), "kernel") == names.end()) {
    try {
      make_backend("kernel");
    } catch (const std::exception& e) {
      provider.no_kernel = e.what();
    }
    return provider;
  }
  provider.kernel = [](const Scenario& scenario, const RunOptions& options, ForkGate& gate) {
    const std::shared_ptr<Backend> kernel =
        make_kernel_backend({[&gate] { gate.before_fork(); }, [&gate] { gate.after_fork(); }});
    KernelJob job;
    if (is_script_scenario(scenario)) {
      // The script on both: each run checks the script's expectations, then the two are compared.
      job.time_limit = std::chrono::seconds(60);  // ScriptKernelOptions' limit
      // Its fork parks the frame loop too: fork() with a frame being drawn copies the
      // renderer's locks held into the child, which then hangs until the hard limit kills it.
      job.run = [scenario, options, &gate] {
        ScriptBackend model(ScriptBackend::On::Model);
        ScriptBackend on_kernel(ScriptBackend::On::Kernel,
                                {[&gate] { gate.before_fork(); }, [&gate] { gate.after_fork(); }});
        CompareRunOptions compare;
        compare.run = options;
        return compare_backends(scenario, model, on_kernel, {}, compare);
      };
      job.stop = [] {};  // a script's run ends with its last line, within the limit above
      return job;
    }
    job.time_limit = kernel_time_limit(scenario, options);
    job.run = [kernel, scenario, options] {
      ModelBackend model;
      CompareRunOptions compare;
      compare.run = options;
      try {
        return compare_backends(scenario, model, *kernel, cannot_run(*kernel, scenario, options),
                                compare);
      } catch (const BackendCannotRun& e) {
        // Found only when it tried (no namespace for the lesson's faults): the model's run alone.
        return compare_backends(scenario, model, *kernel, e.reasons(), compare);
      }
    };
    job.stop = [kernel] { request_stop(*kernel); };
    return job;
  };
  return provider;
}

}  // namespace tcplab::gui
