#include "scenario/scenario.h"

#include "core/segment.h"
#include "scenario/backend.h"

namespace tcplab {

std::string SourceLocation::to_string() const {
  if (file.empty() && line == 0) return "";
  if (line == 0) return file;  // the whole file (it could not be read)
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string_view call_name(CallKind kind) {
  switch (kind) {
    case CallKind::Socket:
      return "socket";
    case CallKind::SetReuseAddr:
      return "setsockopt";
    case CallKind::SetLinger:
      return "setsockopt";
    case CallKind::SetNoDelay:
      return "setsockopt";
    case CallKind::SetQuickAck:
      return "setsockopt";
    case CallKind::SetOption:
      return "setsockopt";
    case CallKind::Bind:
      return "bind";
    case CallKind::Listen:
      return "listen";
    case CallKind::Connect:
      return "connect";
    case CallKind::Accept:
      return "accept";
    case CallKind::Send:
      return "send";
    case CallKind::Recv:
      return "recv";
    case CallKind::Shutdown:
      return "shutdown";
    case CallKind::Close:
      return "close";
    case CallKind::Exit:
      return "exit";
  }
  return "?";
}

const HostSpec* Scenario::host(std::string_view name) const {
  for (const auto& h : hosts)
    if (h.name == name) return &h;
  return nullptr;
}

const Step* Scenario::step(std::string_view label) const {
  for (const auto& program : programs)
    for (const auto& phase : program.phases)
      for (const auto& s : phase.steps)
        if (s.label == label) return &s;
  return nullptr;
}

// The core network's fault: one matcher (Network::decide) for the model and the kernel's queue.
Fault to_fault(const FaultSpec& spec, const Scenario& scenario) {
  for (const std::string* host : {&spec.match.from, &spec.match.to}) {
    if (!host->empty() && !scenario.host(*host)) {
      throw ScenarioError(spec.where,
                          "fault names host '" + *host + "', which the scenario does not have");
    }
  }
  Fault f = spec;
  if (f.description.empty()) {
    f.description.en = std::string(to_string(f.action)) + " by fault";
  }
  return f;
}

}  // namespace tcplab
