#include "core/fault.h"

#include <array>
#include <utility>

namespace tcplab {

namespace {
constexpr std::array<std::pair<FaultAction, std::string_view>, 5> kNames = {{
    {FaultAction::Drop, "drop"},
    {FaultAction::Delay, "delay"},
    {FaultAction::Duplicate, "duplicate"},
    {FaultAction::Reorder, "reorder"},
    {FaultAction::RandomLoss, "random-loss"},
}};
}  // namespace

std::string_view to_string(FaultAction action) {
  for (const auto& [a, name] : kNames)
    if (a == action) return name;
  return "?";
}

std::optional<FaultAction> parse_fault_action(std::string_view text) {
  for (const auto& [a, name] : kNames)
    if (name == text) return a;
  return std::nullopt;
}

std::vector<std::string_view> fault_action_names() {
  std::vector<std::string_view> names;
  for (const auto& entry : kNames) names.push_back(entry.second);
  return names;
}

}  // namespace tcplab
