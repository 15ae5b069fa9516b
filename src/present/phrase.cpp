#include "present/phrase.h"

#include <utility>

#include "present/translate.h"

namespace tcplab::present {

Phrase Phrase::of(const char* msgid) {
  Phrase p;
  p.parts_.emplace_back([msgid] { return std::string(tr(msgid)); });
  return p;
}

Phrase Phrase::verbatim(std::string text) {
  Phrase p;
  if (!text.empty()) p.parts_.emplace_back([t = std::move(text)] { return t; });
  return p;
}

Phrase Phrase::filled(const char* pattern, std::initializer_list<Phrase> args) {
  Phrase p;
  p.parts_.emplace_back([pattern, args = std::vector<Phrase>(args)] {
    std::vector<std::string> worded;
    worded.reserve(args.size());
    for (const Phrase& a : args) worded.push_back(a.text());
    const std::vector<std::string_view> views(worded.begin(), worded.end());
    return fill(tr(std::string_view(pattern)), views);
  });
  return p;
}

Phrase& Phrase::operator+=(const Phrase& more) {
  parts_.insert(parts_.end(), more.parts_.begin(), more.parts_.end());
  return *this;
}

std::string Phrase::text() const {
  std::string out;
  for (const auto& part : parts_) out += part();
  return out;
}

}  // namespace tcplab::present
