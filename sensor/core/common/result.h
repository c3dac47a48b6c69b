// Result<T>: a value or a one-line error message, returned by anything that can fail for outside reasons.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace vigil::common {

/// An error that can be shown to an operator as is: one line naming the thing and the problem.
struct Error {
  std::string message;
};

/// Either a T or an Error. Cheap to move; never throws on access misuse in release builds
/// (callers check ok() first, as with absl::StatusOr).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const std::string& error() const { return std::get<1>(state_).message; }

 private:
  std::variant<T, Error> state_;
};

/// Result for operations that produce nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error.message)), failed_(true) {}  // NOLINT

  bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
  bool failed_ = false;
};

/// Shorthand for returning an error: `return fail("rules.yaml:3:7: unknown key 'treshold'");`
inline Error fail(std::string message) { return Error{std::move(message)}; }

}  // namespace vigil::common
