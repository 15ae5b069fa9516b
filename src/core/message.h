#pragma once
// A sentence for the reader kept as data: an English catalog pattern with {0}, {1} ... and its
// arguments, worded in the reader's language only when shown (present::message_text). The code
// that makes one marks its pattern N_() so that the catalog has it; no code reads a fact back out
// of one (a fact a program acts on is a field of its own).
#include <string>
#include <utility>
#include <vector>

// Marks a Message's pattern for the catalog's extraction (po/extract.sh); it is the literal itself.
#ifndef N_
#define N_(msgid) msgid
#endif

namespace tcplab {

struct Message {
  std::string pattern;            // a msgid; empty for verbatim text (args[0])
  std::vector<std::string> args;  // values already in words: numbers, durations, OS errors, names

  // Text that has no msgid: an error as the OS or a file worded it, an old trace's warning.
  static Message verbatim(std::string text) { return Message{{}, {std::move(text)}}; }
  bool is_verbatim() const { return pattern.empty(); }
  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace tcplab
