#pragma once
// An optional value kept on the heap: a pointer's 8 bytes in every trace event instead of the
// value's size, for facts most events lack (a fault on the wire, a TIME-WAIT record's verdict).
// A million events were mostly padding for these. Reads like std::optional; copies deeply.
#include <memory>
#include <optional>
#include <utility>

namespace tcplab {

template <class T>
class HeapOptional {
 public:
  HeapOptional() = default;
  HeapOptional(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): reads as optional
  HeapOptional(T value)            // NOLINT(google-explicit-constructor)
      : value_(std::make_unique<T>(std::move(value))) {}
  HeapOptional(const std::optional<T>& value)  // NOLINT(google-explicit-constructor)
      : value_(value ? std::make_unique<T>(*value) : nullptr) {}
  HeapOptional(const HeapOptional& other)
      : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  HeapOptional(HeapOptional&&) noexcept = default;
  HeapOptional& operator=(const HeapOptional& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  HeapOptional& operator=(HeapOptional&&) noexcept = default;
  HeapOptional& operator=(std::nullopt_t) {
    value_.reset();
    return *this;
  }
  HeapOptional& operator=(T value) {
    value_ = std::make_unique<T>(std::move(value));
    return *this;
  }
  HeapOptional& operator=(std::optional<T> value) {
    if (value) {
      value_ = std::make_unique<T>(std::move(*value));
    } else {
      value_.reset();
    }
    return *this;
  }
  ~HeapOptional() = default;

  bool has_value() const { return value_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  const T& operator*() const { return *value_; }
  T& operator*() { return *value_; }
  const T* operator->() const { return value_.get(); }
  T* operator->() { return value_.get(); }
  void reset() { value_.reset(); }
  // As a std::optional, for code that takes one.
  std::optional<T> as_optional() const { return value_ ? std::optional<T>(*value_) : std::nullopt; }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace tcplab
