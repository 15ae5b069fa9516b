#include "app/view_link.h"

#include <charconv>
#include <vector>

#include "present/translate.h"

namespace tcplab::gui {

namespace {

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// RFC 3986 section 2.1: anything but the unreserved characters as %XX.
std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (unreserved(c)) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;  // '%' wants two hex digits
    const int high = hex_value(text[i + 1]);
    const int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

}  // namespace

std::string format_view_link(const ViewLink& link) {
  std::vector<std::string> fields;
  if (!link.lesson.empty()) fields.push_back("lesson=" + percent_encode(link.lesson));
  if (link.language) fields.push_back("lang=" + percent_encode(*link.language));
  if (link.mode) fields.push_back("mode=" + std::string(to_string(*link.mode)));
  if (link.step) fields.push_back("step=" + std::to_string(*link.step));
  std::string out;
  for (const std::string& f : fields) out += (out.empty() ? "" : "&") + f;
  return out;
}

ViewLinkParse parse_view_link(std::string_view fragment) {
  ViewLinkParse result;
  if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
  while (!fragment.empty()) {
    const std::size_t amp = fragment.find('&');
    const std::string_view field = fragment.substr(0, amp);
    fragment = amp == std::string_view::npos ? std::string_view{} : fragment.substr(amp + 1);
    if (field.empty()) continue;
    const std::size_t eq = field.find('=');
    const std::string_view key = field.substr(0, eq);
    const auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view{} : field.substr(eq + 1));
    // `what`: the value it should be, already translated.
    auto bad = [&](std::string_view what) {
      const std::string_view given =
          eq == std::string_view::npos ? std::string_view{} : field.substr(eq + 1);
      // TRANSLATORS: {0} a field of a link (lesson, lang, mode, step), {1} what it should be,
      // {2} what the link has.
      result.error = present::fill(present::tr("the link's {0} is not {1}: '{2}'"),
                                   {key, what, given});
      return result;
    };
    if (!value) return bad(present::tr("percent-encoded text"));
    if (key == "lesson") {
      result.link.lesson = *value;
    } else if (key == "lang") {
      if (*value != "en" && *value != "zh") return bad(present::tr("en or zh"));
      result.link.language = *value;
    } else if (key == "mode") {
      result.link.mode = parse_run_mode(*value);
      if (!result.link.mode) return bad(present::tr("model, kernel or both"));
    } else if (key == "step") {
      std::size_t step = 0;
      const char* end = value->data() + value->size();
      const auto [ptr, ec] = std::from_chars(value->data(), end, step);
      if (value->empty() || ec != std::errc{} || ptr != end) return bad(present::tr("a step number"));
      result.link.step = step;
    }
  }
  return result;
}

}  // namespace tcplab::gui
