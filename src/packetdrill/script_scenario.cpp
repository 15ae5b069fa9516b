#include "packetdrill/script_scenario.h"

#include <filesystem>

namespace tcplab::packetdrill {

Scenario scenario_for(const Script& script, const ScriptRun& run) {
  Scenario s;
  s.id = std::filesystem::path(script.file).stem().string();
  s.title.en = script.intent().empty() ? s.id : script.intent();
  s.summary.en = "packetdrill script " + script.file + ": the host under test is " +
                 (run.trace.backend == "kernel"
                      ? "the real Linux kernel (in a private network namespace)"
                      : "the model") +
                 ", the remote peer is the script";
  s.source_file = script.file;
  s.hosts = {{kLocalHost, Ipv4{0xC0A80001}}, {kRemoteHost, Ipv4{0xC0000201}}};
  // The first comment is the title; the others narrate the line that follows them.
  for (std::size_t i = 1; i < script.comments.size(); ++i) {
    const Comment& c = script.comments[i];
    const Event* next = nullptr;
    for (const Event& e : script.events) {
      if (e.where.line > c.line) {
        next = &e;
        break;
      }
    }
    NarrationStep n;
    n.text.en = c.text;
    n.where = {script.file, c.line, 1};
    if (!next) {
      n.when.end = true;
    } else if (auto seg = run.segment_at_line.find(next->where.line);
               seg != run.segment_at_line.end()) {
      n.segment_id = seg->second;
    } else if (auto call = run.call_at_line.find(next->where.line);
               call != run.call_at_line.end()) {
      n.when.after = call->second;
    } else {
      continue;  // the line never ran
    }
    s.narration.push_back(std::move(n));
  }
  return s;
}

}  // namespace tcplab::packetdrill
