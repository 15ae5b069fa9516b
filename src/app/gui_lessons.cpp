#include "app/gui_lessons.h"

#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"

namespace tcplab::gui {

LessonProvider model_lessons(const std::vector<std::filesystem::path>& candidates) {
  const std::optional<std::filesystem::path> dir = first_lessons_dir(candidates);
  LessonProvider provider;
  provider.list = [dir] {
    std::vector<SourceEntry> entries;
    if (!dir) return entries;
    for (const auto& file : lesson_files(*dir)) {
      const std::string id = id_from_file_name(file);
      std::string title = id;
      try {
        const Scenario s = load_lesson_file(file);
        if (!s.title.en.empty()) title = s.title.en;
      } catch (const std::exception&) {
        title += " (does not load)";
      }
      entries.push_back({id, title});
    }
    return entries;
  };
  provider.load = [dir](const std::string& id) {
    return load_lesson_file(resolve_lesson(id, dir));
  };
  provider.run = [](const Scenario& scenario, const RunOptions& options) {
    return ModelBackend().run(scenario, options);
  };
  return provider;
}

}  // namespace tcplab::gui
