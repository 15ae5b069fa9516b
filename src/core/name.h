#pragma once
// Names a trace repeats on every event — hosts ("client"), sockets ("client#3"), calls ("bind"),
// lesson steps — interned once per process: an event holds an 8-byte handle instead of a
// 32-byte std::string, copying one is copying a pointer, and two are equal when their pointers
// are. Reads like a const std::string. Interned text lives as long as the process (the set is
// small: a lesson's hosts, sockets and steps); ordering compares the text, so nothing depends on
// where it was stored.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace tcplab {

class Name {
 public:
  Name() = default;
  Name(std::string_view text);  // NOLINT(google-explicit-constructor): reads as a string
  Name(const std::string& text) : Name(std::string_view(text)) {}  // NOLINT
  Name(const char* text) : Name(std::string_view(text)) {}         // NOLINT
  // "base#number" (a socket's label, "client#3"), the same Name as Name("client#3"). Kept per
  // base in a table indexed by the number: a run of many connections makes its sockets' labels
  // without formatting or hashing text again for each one it has made before.
  static Name numbered(const Name& base, std::uint32_t number);

  const std::string& str() const { return *text_; }
  operator const std::string&() const { return *text_; }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return *text_; }    // NOLINT(google-explicit-constructor)
  std::string_view view() const { return *text_; }

  bool empty() const { return text_->empty(); }
  std::size_t size() const { return text_->size(); }
  std::size_t length() const { return text_->size(); }
  const char* data() const { return text_->data(); }
  const char* c_str() const { return text_->c_str(); }
  auto begin() const { return text_->begin(); }
  auto end() const { return text_->end(); }
  char operator[](std::size_t i) const { return (*text_)[i]; }
  std::string substr(std::size_t pos, std::size_t n = std::string::npos) const {
    return text_->substr(pos, n);
  }
  std::size_t find(std::string_view what, std::size_t pos = 0) const {
    return text_->find(what, pos);
  }
  std::size_t find(char c, std::size_t pos = 0) const { return text_->find(c, pos); }
  std::size_t rfind(char c, std::size_t pos = std::string::npos) const {
    return text_->rfind(c, pos);
  }
  bool starts_with(std::string_view p) const { return view().starts_with(p); }
  bool ends_with(std::string_view p) const { return view().ends_with(p); }
  void clear() { text_ = &kEmpty; }

  friend bool operator==(const Name& a, const Name& b) { return a.text_ == b.text_; }
  friend bool operator==(const Name& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const Name& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const Name& a, const char* b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const Name& a, const Name& b) {
    return a.view().compare(b.view()) <=> 0;
  }
  friend std::strong_ordering operator<=>(const Name& a, std::string_view b) {
    return a.view().compare(b) <=> 0;
  }
  friend std::strong_ordering operator<=>(const Name& a, const std::string& b) {
    return a.view().compare(std::string_view(b)) <=> 0;
  }
  friend std::strong_ordering operator<=>(const Name& a, const char* b) {
    return a.view().compare(std::string_view(b)) <=> 0;
  }
  friend std::string operator+(const Name& a, std::string_view b) {
    std::string s(a.view());
    s += b;
    return s;
  }
  friend std::string operator+(const Name& a, const char* b) { return a + std::string_view(b); }
  friend std::string operator+(const Name& a, const std::string& b) {
    return a + std::string_view(b);
  }
  friend std::string operator+(const Name& a, char b) { return a.str() + b; }
  friend std::string operator+(std::string_view a, const Name& b) {
    std::string s(a);
    s += b.view();
    return s;
  }
  friend std::string operator+(const char* a, const Name& b) { return std::string_view(a) + b; }
  friend std::string operator+(const std::string& a, const Name& b) {
    return std::string_view(a) + b;
  }
  friend std::string& operator+=(std::string& a, const Name& b) { return a += b.view(); }
  friend std::ostream& operator<<(std::ostream& os, const Name& n) { return os << n.view(); }
  template <typename H>
  friend H AbslHashValue(H h, const Name& n) {
    return H::combine(std::move(h), n.view());
  }

 private:
  static const std::string kEmpty;
  const std::string* text_ = &kEmpty;
};

}  // namespace tcplab

template <>
struct std::hash<tcplab::Name> {
  std::size_t operator()(const tcplab::Name& n) const noexcept {
    return std::hash<std::string_view>{}(n.view());
  }
};
