#include "export/json_line.h"

#include <limits>

#include <nlohmann/json.hpp>

namespace tcplab {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void skip_space(std::string_view s, std::size_t& i) {
  while (i < s.size() && is_space(s[i])) ++i;
}

bool continuation(std::string_view s, std::size_t i, unsigned char low = 0x80,
                  unsigned char high = 0xBF) {
  if (i >= s.size()) return false;
  const auto c = static_cast<unsigned char>(s[i]);
  return c >= low && c <= high;
}

// The length of the well-formed UTF-8 sequence at s[i] (RFC 3629 §4, the ranges nlohmann's
// lexer accepts); 0 if it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c >= 0xC2 && c <= 0xDF) return continuation(s, i + 1) ? 2 : 0;
  if (c == 0xE0) return continuation(s, i + 1, 0xA0) && continuation(s, i + 2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
    return continuation(s, i + 1) && continuation(s, i + 2) ? 3 : 0;
  if (c == 0xED) return continuation(s, i + 1, 0x80, 0x9F) && continuation(s, i + 2) ? 3 : 0;
  if (c == 0xF0) {
    return continuation(s, i + 1, 0x90) && continuation(s, i + 2) && continuation(s, i + 3) ? 4 : 0;
  }
  if (c >= 0xF1 && c <= 0xF3) {
    return continuation(s, i + 1) && continuation(s, i + 2) && continuation(s, i + 3) ? 4 : 0;
  }
  if (c == 0xF4) {
    return continuation(s, i + 1, 0x80, 0x8F) && continuation(s, i + 2) && continuation(s, i + 3)
               ? 4
               : 0;
  }
  return 0;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The escape at s[i] == '\\' onto `out` (RFC 8259 §7); false for a surrogate (\ud83d...), left to
// the document parser, and for what is not an escape.
bool unescape(std::string_view s, std::size_t& i, std::string& out) {
  if (i + 1 >= s.size()) return false;
  const char c = s[i + 1];
  i += 2;
  switch (c) {
    case '"':
      out += '"';
      return true;
    case '\\':
      out += '\\';
      return true;
    case '/':
      out += '/';
      return true;
    case 'b':
      out += '\b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'n':
      out += '\n';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'u':
      break;
    default:
      return false;
  }
  if (i + 4 > s.size()) return false;
  unsigned code = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int d = hex_digit(s[i + k]);
    if (d < 0) return false;
    code = code * 16 + static_cast<unsigned>(d);
  }
  i += 4;
  if (code >= 0xD800 && code <= 0xDFFF) return false;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
  return true;
}

// A string at s[i] == '"'. Without escapes `out` points into `s`; with them into `decoded` (a
// payload "hello\n"). False, for the document parser, on a control character or bad UTF-8.
bool string_at(std::string_view s, std::size_t& i, std::string_view& out,
               std::deque<std::string>& decoded) {
  const std::size_t start = ++i;
  std::string* text = nullptr;  // once an escape is met: the characters so far, unescaped
  std::size_t copied = start;   // s[start, copied) is in *text already
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"') {
      if (text) {
        text->append(s.substr(copied, i - copied));
        out = *text;
      } else {
        out = s.substr(start, i - start);
      }
      ++i;
      return true;
    }
    if (c == '\\') {
      if (!text) text = &decoded.emplace_back();
      text->append(s.substr(copied, i - copied));
      if (!unescape(s, i, *text)) return false;
      copied = i;
      continue;
    }
    if (c < 0x20) return false;  // a control character must be escaped: an error
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return false;
}

bool literal(std::string_view s, std::size_t& i, std::string_view word) {
  if (s.substr(i, word.size()) != word) return false;
  i += word.size();
  return true;
}

// An integer as JSON writes it ("0", "-12", "4294967295"); false for a fraction, an exponent, a
// leading zero or a value past 64 bits: the document parser reads or refuses those.
bool integer(std::string_view s, std::size_t& i, JsonValue& out) {
  const bool negative = s[i] == '-';
  if (negative) ++i;
  const std::size_t start = i;
  std::uint64_t v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    const auto digit = static_cast<std::uint64_t>(s[i] - '0');
    if (v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
    v = v * 10 + digit;
    ++i;
  }
  if (i == start || (s[start] == '0' && i - start > 1)) return false;
  if (i < s.size() && (s[i] == '.' || s[i] == 'e' || s[i] == 'E')) return false;
  if (!negative) {
    out.kind = JsonValue::Kind::Unsigned;
    out.number = v;
    return true;
  }
  if (v > std::uint64_t{1} << 63) return false;
  out.kind = JsonValue::Kind::Integer;
  out.number = ~v + 1;  // -v in two's complement
  return true;
}

}  // namespace

bool JsonLine::value(std::string_view s, std::size_t& i, JsonValue& out, bool in_array) {
  out = JsonValue{};
  if (i >= s.size()) return false;
  switch (s[i]) {
    case '"':
      out.kind = JsonValue::Kind::String;
      return string_at(s, i, out.text, owned_);
    case 't':
      out.kind = JsonValue::Kind::Bool;
      out.number = 1;
      return literal(s, i, "true");
    case 'f':
      out.kind = JsonValue::Kind::Bool;
      return literal(s, i, "false");
    case 'n':
      return literal(s, i, "null");
    case '[': {
      if (in_array) return false;  // a list of lists: not a trace's
      // The items go to items_ in one run, so no other array may interleave.
      std::vector<JsonValue> run;
      ++i;
      skip_space(s, i);
      if (i < s.size() && s[i] == ']') {
        ++i;
      } else {
        for (;;) {
          JsonValue item;
          if (!value(s, i, item, true)) return false;
          run.push_back(item);
          skip_space(s, i);
          if (i >= s.size()) return false;
          if (s[i] == ']') {
            ++i;
            break;
          }
          if (s[i] != ',') return false;
          ++i;
          skip_space(s, i);
        }
      }
      out.kind = JsonValue::Kind::Array;
      out.first = static_cast<std::uint32_t>(items_.size());
      out.count = static_cast<std::uint32_t>(run.size());
      items_.insert(items_.end(), run.begin(), run.end());
      return true;
    }
    default:
      if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) return integer(s, i, out);
      return false;  // an object inside the line, or not JSON
  }
}

bool JsonLine::parse_flat(std::string_view s) {
  fields_.clear();
  items_.clear();
  owned_.clear();
  std::size_t i = 0;
  skip_space(s, i);
  if (i >= s.size() || s[i] != '{') return false;
  ++i;
  skip_space(s, i);
  if (i < s.size() && s[i] == '}') {
    ++i;
  } else {
    for (;;) {
      std::string_view key;
      if (i >= s.size() || s[i] != '"' || !string_at(s, i, key, owned_)) return false;
      skip_space(s, i);
      if (i >= s.size() || s[i] != ':') return false;
      ++i;
      skip_space(s, i);
      JsonValue v;
      if (!value(s, i, v, false)) return false;
      fields_.emplace_back(key, v);
      skip_space(s, i);
      if (i >= s.size()) return false;
      if (s[i] == '}') {
        ++i;
        break;
      }
      if (s[i] != ',') return false;
      ++i;
      skip_space(s, i);
    }
  }
  skip_space(s, i);
  return i == s.size();
}

JsonValue JsonLine::from_document(const nlohmann::json& v, bool in_array) {
  JsonValue out;
  if (v.is_null()) return out;
  if (v.is_string()) {
    out.kind = JsonValue::Kind::String;
    out.text = owned_.emplace_back(v.get<std::string>());
  } else if (v.is_number_unsigned()) {
    out.kind = JsonValue::Kind::Unsigned;
    out.number = v.get<std::uint64_t>();
  } else if (v.is_number_integer()) {
    out.kind = JsonValue::Kind::Integer;
    out.number = static_cast<std::uint64_t>(v.get<std::int64_t>());
  } else if (v.is_boolean()) {
    out.kind = JsonValue::Kind::Bool;
    out.number = v.get<bool>() ? 1 : 0;
  } else if (v.is_array() && !in_array) {
    std::vector<JsonValue> run;
    for (const auto& item : v) run.push_back(from_document(item, true));
    out.kind = JsonValue::Kind::Array;
    out.first = static_cast<std::uint32_t>(items_.size());
    out.count = static_cast<std::uint32_t>(run.size());
    items_.insert(items_.end(), run.begin(), run.end());
  } else {
    out.kind = JsonValue::Kind::Other;  // a fraction, an object, a list of lists
  }
  return out;
}

void JsonLine::read_document(const nlohmann::json& document) {
  fields_.clear();
  items_.clear();
  owned_.clear();
  for (const auto& [key, v] : document.items()) {
    const std::string_view name = owned_.emplace_back(key);
    fields_.emplace_back(name, from_document(v, false));
  }
}

const JsonValue* JsonLine::find(std::string_view key) const {
  for (auto it = fields_.rbegin(); it != fields_.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

}  // namespace tcplab
