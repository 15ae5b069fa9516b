#include "export/message_json.h"

#include <string>

namespace tcplab {

nlohmann::ordered_json message_json(const Message& message) {
  if (message.is_verbatim()) return message.args.empty() ? std::string() : message.args.front();
  nlohmann::ordered_json j;
  j["pattern"] = message.pattern;
  j["args"] = message.args;
  return j;
}

std::optional<Message> message_from_json(const nlohmann::json& j) {
  if (j.is_string()) return Message::verbatim(j.get<std::string>());
  if (!j.is_object() || !j.contains("pattern") || !j["pattern"].is_string()) return std::nullopt;
  Message m{j["pattern"].get<std::string>(), {}};
  if (m.pattern.empty()) return std::nullopt;
  if (j.contains("args")) {
    if (!j["args"].is_array()) return std::nullopt;
    for (const auto& a : j["args"]) {
      if (!a.is_string()) return std::nullopt;
      m.args.push_back(a.get<std::string>());
    }
  }
  return m;
}

}  // namespace tcplab
