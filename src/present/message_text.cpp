#include "present/message_text.h"

#include <string_view>
#include <vector>

#include "present/translate.h"

namespace tcplab::present {

std::string message_text(const Message& message) {
  if (message.is_verbatim()) return message.args.empty() ? std::string() : message.args.front();
  const std::vector<std::string_view> args(message.args.begin(), message.args.end());
  return fill(tr(std::string_view(message.pattern)), args);
}

}  // namespace tcplab::present
