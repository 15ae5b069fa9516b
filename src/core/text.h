#pragma once
// Words a lesson's author wrote, in each language a class may read: English, and Simplified
// Chinese. The model carries them untouched (a fault's description reaches the trace this way);
// the views pick the reader's language.
#include <string>
#include <string_view>
#include <utility>

namespace tcplab {

struct Text {
  Text() = default;
  // English alone is allowed where the words are not a class's (a default, a test's).
  Text(std::string english, std::string chinese = {})  // NOLINT: implicit on purpose
      : en(std::move(english)), zh(std::move(chinese)) {}
  Text(const char* english) : en(english) {}  // NOLINT: implicit on purpose

  std::string en;
  std::string zh;
  // `lang`: "en" or "zh"; English when the Chinese is missing.
  const std::string& in(std::string_view lang) const {
    return lang == "zh" && !zh.empty() ? zh : en;
  }
  bool empty() const { return en.empty() && zh.empty(); }
  bool operator==(const Text&) const = default;
};

}  // namespace tcplab
