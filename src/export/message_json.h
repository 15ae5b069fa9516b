#pragma once
// A Message (core/message.h) as JSON, one shape wherever one is written: a plain string when its
// words came from elsewhere (verbatim), else {"pattern": msgid, "args": [...]}. The trace file's
// warnings use it, and so does the kernel sandbox's answer to its parent.
#include <optional>

#include <nlohmann/json.hpp>

#include "core/message.h"

namespace tcplab {

nlohmann::ordered_json message_json(const Message& message);
// The Message `j` holds; nullopt when `j` has neither shape (the caller says where).
std::optional<Message> message_from_json(const nlohmann::json& j);

}  // namespace tcplab
