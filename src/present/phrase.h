#pragma once
// Text kept on screen across a language switch: a Phrase is worded when shown, in the language
// of that moment. A status line stored as a finished string would stay in the language it was
// made in (the browser's zh view said "re-ran the lesson" after a switch).
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace tcplab::present {

class Phrase {
 public:
  Phrase() = default;
  // A catalog msgid (an English literal), translated each time the phrase is shown.
  static Phrase of(const char* msgid);
  // Text that has no msgid: an error message as its maker worded it, a file name, a number.
  static Phrase verbatim(std::string text);
  // fill(tr(pattern), args) when shown; each argument is itself worded when shown.
  static Phrase filled(const char* pattern, std::initializer_list<Phrase> args);

  // This phrase followed by `more` (a clause the translation keeps after it).
  Phrase& operator+=(const Phrase& more);

  // The words in the current language (present::set_language).
  std::string text() const;
  bool empty() const { return parts_.empty(); }

 private:
  std::vector<std::function<std::string()>> parts_;
};

}  // namespace tcplab::present
