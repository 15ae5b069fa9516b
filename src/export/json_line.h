#pragma once
// One line of a JSON-lines trace as a flat list of fields: keys with scalar values (and lists of
// scalars), read in one pass over the line without building a document tree. A trace line is
// such an object; building an nlohmann document per line (a std::map node and a string for each
// of its ~20 fields) was most of the 5 s it took to open a million-event trace.
//
// parse_flat() takes only what it can read exactly as nlohmann would: anything else (a surrogate
// pair, a fraction, a nested object, a syntax error) is left to the document parser, which is
// then also the one that words the error. read_document() turns that document into the same fields,
// so the reader has one set of checks either way.
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tcplab {

struct JsonValue {
  // As nlohmann tells them apart: a number without sign is Unsigned, with one Integer.
  enum class Kind : std::uint8_t { Null, String, Unsigned, Integer, Bool, Array, Other };
  Kind kind = Kind::Null;
  std::string_view text;     // String: its characters (escapes resolved)
  std::uint64_t number = 0;  // Unsigned; Integer as two's complement; Bool: 0 or 1
  std::uint32_t first = 0;   // Array: its items are items()[first, first + count)
  std::uint32_t count = 0;

  bool is_string() const { return kind == Kind::String; }
  bool is_unsigned() const { return kind == Kind::Unsigned; }
  bool is_integer() const { return kind == Kind::Unsigned || kind == Kind::Integer; }
  bool is_bool() const { return kind == Kind::Bool; }
  bool is_array() const { return kind == Kind::Array; }
  bool is_null() const { return kind == Kind::Null; }
  std::int64_t as_signed() const { return static_cast<std::int64_t>(number); }
};

class JsonLine {
 public:
  // Reads `line` if it is a flat object this reader takes (see above); false otherwise, and the
  // line must go to the document parser. The fields point into `line` (a string with escapes:
  // into this object): keep both alive.
  bool parse_flat(std::string_view line);
  // The same fields from a document the nlohmann parser made of a line (an object).
  void read_document(const nlohmann::json& document);

  // The value of `key`; nullptr when absent. A repeated key: the last one, as nlohmann keeps.
  const JsonValue* find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  std::span<const JsonValue> items(const JsonValue& array) const {
    return std::span<const JsonValue>(items_).subspan(array.first, array.count);
  }

 private:
  bool value(std::string_view line, std::size_t& i, JsonValue& out, bool in_array);
  JsonValue from_document(const nlohmann::json& value, bool in_array);

  std::vector<std::pair<std::string_view, JsonValue>> fields_;
  std::vector<JsonValue> items_;
  std::deque<std::string> owned_;  // unescaped strings, and read_document()'s: fields point here
};

}  // namespace tcplab
