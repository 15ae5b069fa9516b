#include "app/view_link.h"

#include <charconv>
#include <cstdint>
#include <vector>

#include "core/profile.h"
#include "present/time_text.h"
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

// Digits only ("-1", "3a", "" are not).
std::optional<std::uint64_t> whole_number(std::string_view text) {
  std::uint64_t n = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, n);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return n;
}

// "10ms", "1.5s": as a lesson writes a duration, and as parse_duration() reads it back.
std::string compact_duration(Duration d) {
  std::string text = present::duration_text(d);
  std::erase(text, ' ');
  return text;
}

}  // namespace

std::string format_view_link(const ViewLink& link) {
  std::vector<std::string> fields;
  if (!link.lesson.empty()) fields.push_back("lesson=" + percent_encode(link.lesson));
  if (link.language) fields.push_back("lang=" + percent_encode(*link.language));
  if (link.mode) fields.push_back("mode=" + std::string(to_string(*link.mode)));
  if (link.predict) fields.push_back("predict=" + std::string(to_string(*link.predict)));
  const LessonEdits& e = link.edits;
  if (e.profile) fields.push_back("profile=" + percent_encode(*e.profile));
  for (const auto& [name, value] : e.knobs)
    fields.push_back("knob." + percent_encode(name) + "=" + percent_encode(value));
  if (e.latency) fields.push_back("latency=" + percent_encode(compact_duration(*e.latency)));
  for (const auto& [host, on] : e.reuse_addr)
    fields.push_back("reuseaddr." + percent_encode(host) + (on ? "=on" : "=off"));
  for (const auto& [host, on] : e.linger_zero)
    fields.push_back("linger0." + percent_encode(host) + (on ? "=on" : "=off"));
  if (!e.dropped.empty()) {
    std::string ids;
    for (std::uint64_t id : e.dropped) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    fields.push_back("drop=" + ids);  // ',' is a sub-delimiter, allowed in a fragment (RFC 3986)
  }
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
    const std::string_view raw_key = field.substr(0, eq);
    const std::string_view given =
        eq == std::string_view::npos ? std::string_view{} : field.substr(eq + 1);
    const auto value = percent_decode(given);
    const auto decoded_key = percent_decode(raw_key);
    const std::string key = decoded_key.value_or(std::string(raw_key));
    // `what`: the value it should be, already translated.
    auto bad = [&](std::string_view what) {
      // TRANSLATORS: {0} a field of a link (lesson, lang, mode, step, knob.time_wait ...), {1}
      // what it should be, {2} what the link has.
      result.error = present::fill(present::tr("the link's {0} is not {1}: '{2}'"),
                                   {key, what, given});
      return result;
    };
    if (!value || !decoded_key) return bad(present::tr("percent-encoded text"));
    // "knob.NAME", "reuseaddr.HOST", "linger0.HOST": the part after the dot, not empty.
    auto suffix = [&](std::string_view prefix) -> std::optional<std::string> {
      if (!key.starts_with(prefix) || key.size() == prefix.size()) return std::nullopt;
      return key.substr(prefix.size());
    };
    auto on_off = [&]() -> std::optional<bool> {
      if (*value == "on") return true;
      if (*value == "off") return false;
      return std::nullopt;
    };
    LessonEdits& e = result.link.edits;
    if (key == "lesson") {
      result.link.lesson = *value;
    } else if (key == "lang") {
      if (*value != "en" && *value != "zh") return bad(present::tr("en or zh"));
      result.link.language = *value;
    } else if (key == "mode") {
      result.link.mode = parse_run_mode(*value);
      if (!result.link.mode) return bad(present::tr("model, kernel or both"));
    } else if (key == "predict") {
      result.link.predict = parse_predict_variant(*value);
      if (!result.link.predict) return bad(present::tr("class or student"));
    } else if (key == "step") {
      const auto step = whole_number(*value);
      if (!step) return bad(present::tr("a step number"));
      result.link.step = static_cast<std::size_t>(*step);
    } else if (key == "profile") {
      if (value->empty()) return bad(present::tr("a profile name"));
      e.profile = *value;
    } else if (auto knob = suffix("knob.")) {
      if (value->empty()) return bad(present::tr("a value for the knob"));
      e.knobs.emplace_back(*knob, *value);
    } else if (key == "latency") {
      const auto latency = parse_duration(*value);
      if (!latency || *latency < Duration{0}) return bad(present::tr("a duration such as 10ms"));
      e.latency = *latency;
    } else if (auto host = suffix("reuseaddr.")) {
      const auto on = on_off();
      if (!on) return bad(present::tr("on or off"));
      e.reuse_addr.emplace_back(*host, *on);
    } else if (auto linger_host = suffix("linger0.")) {
      const auto on = on_off();
      if (!on) return bad(present::tr("on or off"));
      e.linger_zero.emplace_back(*linger_host, *on);
    } else if (key == "drop") {
      // "5,7": segment numbers, from 1.
      std::string_view ids = *value;
      while (true) {
        const std::size_t comma = ids.find(',');
        const auto id = whole_number(ids.substr(0, comma));
        if (!id || *id == 0) return bad(present::tr("segment numbers from 1, such as 5,7"));
        e.dropped.push_back(*id);
        if (comma == std::string_view::npos) break;
        ids.remove_prefix(comma + 1);
      }
    }
  }
  return result;
}

}  // namespace tcplab::gui
