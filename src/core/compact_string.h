#pragma once
// A string most trace events leave empty (a note's words, recv()'s bytes, a fault's English, a
// segment's payload), kept on the heap: 8 bytes in every event instead of std::string's 32, and
// nothing allocated while empty. Reads like a const std::string; copies deeply.
#include <compare>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace tcplab {

class CompactString {
 public:
  CompactString() = default;
  CompactString(std::string_view text) { assign(text); }  // NOLINT(google-explicit-constructor)
  CompactString(const std::string& text) { assign(text); }  // NOLINT
  CompactString(std::string&& text) { assign(std::move(text)); }  // NOLINT
  CompactString(const char* text) { assign(std::string_view(text)); }  // NOLINT
  CompactString(const CompactString& other) { assign(other.view()); }
  CompactString(CompactString&&) noexcept = default;
  CompactString& operator=(const CompactString& other) {
    if (this != &other) assign(other.view());
    return *this;
  }
  CompactString& operator=(CompactString&&) noexcept = default;
  CompactString& operator=(std::string_view text) {
    assign(text);
    return *this;
  }
  CompactString& operator=(const std::string& text) {
    assign(std::string_view(text));
    return *this;
  }
  CompactString& operator=(std::string&& text) {
    assign(std::move(text));
    return *this;
  }
  CompactString& operator=(const char* text) {
    assign(std::string_view(text));
    return *this;
  }
  ~CompactString() = default;

  const std::string& str() const { return text_ ? *text_ : empty_string(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }    // NOLINT(google-explicit-constructor)
  std::string_view view() const { return str(); }

  bool empty() const { return !text_; }
  std::size_t size() const { return text_ ? text_->size() : 0; }
  std::size_t length() const { return size(); }
  const char* data() const { return str().data(); }
  const char* c_str() const { return str().c_str(); }
  auto begin() const { return str().begin(); }
  auto end() const { return str().end(); }
  char operator[](std::size_t i) const { return str()[i]; }
  std::string substr(std::size_t pos, std::size_t n = std::string::npos) const {
    return str().substr(pos, n);
  }
  std::size_t find(std::string_view what, std::size_t pos = 0) const {
    return str().find(what, pos);
  }
  std::size_t find(char c, std::size_t pos = 0) const { return str().find(c, pos); }
  bool starts_with(std::string_view p) const { return view().starts_with(p); }
  bool ends_with(std::string_view p) const { return view().ends_with(p); }
  void clear() { text_.reset(); }
  void assign(const char* bytes, std::size_t n) { assign(std::string_view(bytes, n)); }
  void assign(std::size_t n, char c) { assign(std::string(n, c)); }
  void resize(std::size_t n, char c = '\0') {
    std::string s = str();
    s.resize(n, c);
    assign(std::move(s));
  }
  void erase(std::size_t pos, std::size_t n = std::string::npos) {
    std::string s = str();
    s.erase(pos, n);
    assign(std::move(s));
  }
  CompactString& operator+=(std::string_view more) {
    std::string s = str();
    s += more;
    assign(std::move(s));
    return *this;
  }

  friend bool operator==(const CompactString& a, const CompactString& b) {
    return a.view() == b.view();
  }
  friend bool operator==(const CompactString& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const CompactString& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const CompactString& a, const char* b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const CompactString& a, const CompactString& b) {
    return a.view().compare(b.view()) <=> 0;
  }
  friend std::strong_ordering operator<=>(const CompactString& a, std::string_view b) {
    return a.view().compare(b) <=> 0;
  }
  friend std::strong_ordering operator<=>(const CompactString& a, const std::string& b) {
    return a.view().compare(std::string_view(b)) <=> 0;
  }
  friend std::strong_ordering operator<=>(const CompactString& a, const char* b) {
    return a.view().compare(std::string_view(b)) <=> 0;
  }
  friend std::string operator+(const CompactString& a, std::string_view b) {
    std::string s(a.view());
    s += b;
    return s;
  }
  friend std::string operator+(const CompactString& a, const char* b) {
    return a + std::string_view(b);
  }
  friend std::string operator+(const CompactString& a, const std::string& b) {
    return a + std::string_view(b);
  }
  friend std::string operator+(std::string_view a, const CompactString& b) {
    std::string s(a);
    s += b.view();
    return s;
  }
  friend std::string operator+(const char* a, const CompactString& b) {
    return std::string_view(a) + b;
  }
  friend std::string operator+(const std::string& a, const CompactString& b) {
    return std::string_view(a) + b;
  }
  friend std::string& operator+=(std::string& a, const CompactString& b) { return a += b.view(); }
  friend std::ostream& operator<<(std::ostream& os, const CompactString& s) {
    return os << s.view();
  }

 private:
  static const std::string& empty_string() {
    static const std::string kEmpty;
    return kEmpty;
  }
  void assign(std::string_view text) {
    if (text.empty()) {
      text_.reset();
    } else {
      text_ = std::make_unique<std::string>(text);
    }
  }
  void assign(std::string&& text) {
    if (text.empty()) {
      text_.reset();
    } else {
      text_ = std::make_unique<std::string>(std::move(text));
    }
  }
  std::unique_ptr<std::string> text_;
};

}  // namespace tcplab
