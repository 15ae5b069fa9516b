#include "scenario/scenario.h"

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

}  // namespace tcplab
