#pragma once
// How the loader tests read a refused lesson: the ScenarioError's message, and its exact
// file:line:col with the words that must follow.
#include <string>

#include <gtest/gtest.h>

#include "scenario/lesson_loader.h"

namespace tcplab {

// The message of the ScenarioError that parsing `text` as t.toml throws ("" if it parses).
inline std::string lesson_error_of(const std::string& text) {
  try {
    parse_lesson(text, "t.toml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

// The lesson `text` is refused at `position` ("t.toml:13:1") with a message holding `words`.
inline void expect_lesson_error(const std::string& text, const std::string& position,
                                const std::string& words) {
  const std::string message = lesson_error_of(text);
  ASSERT_FALSE(message.empty()) << "the lesson was accepted";
  EXPECT_EQ(message.substr(0, position.size() + 2), position + ": ") << message;
  EXPECT_NE(message.find(words), std::string::npos) << message;
}

}  // namespace tcplab
