#include "app/script_backend.h"

#include "app/backends.h"
#include "packetdrill/script_parser.h"

namespace tcplab {

bool is_script_scenario(const Scenario& scenario) {
  return packetdrill::is_script_file(scenario.source_file);
}

std::string script_failure_line(const packetdrill::ScriptRun& run) {
  if (run.passed()) return "";
  return run.failure->where.to_string() + ": the script failed: " + run.failure->what;
}

RunResult ScriptBackend::run(const Scenario& scenario, const RunOptions& options) {
  const packetdrill::Script script = packetdrill::load_script_file(scenario.source_file);
  packetdrill::ScriptRun ran;
  if (on_ == On::Kernel) {
    ran = run_script_on_kernel(script, hooks_);
  } else {
    packetdrill::ScriptRunOptions script_options;
    if (options.seed) script_options.seed = *options.seed;
    ran = packetdrill::run_script_on_model(script, script_options);
  }
  RunResult result;
  result.trace = std::move(ran.trace);
  result.profile = ran.profile;
  for (const Message& note : ran.notes) result.trace.warnings.push_back(note);
  if (const std::string failed = script_failure_line(ran); !failed.empty())
    result.trace.warnings.push_back(Message::verbatim(failed));
  return result;
}

}  // namespace tcplab
