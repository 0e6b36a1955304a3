#pragma once
// Result<T>: a value or an Error, shaped like std::expected (which GCC 12 lacks in C++20).

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "flow/base/error.h"

namespace flow {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
  Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(m_state);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(m_state);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(m_state));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(m_state);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(m_state));
  }

 private:
  std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return !m_error.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return *m_error;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*m_error);
  }

 private:
  std::optional<Error> m_error;
};

/// The success value of a Result<void>.
inline Result<void> ok_result() {
  return {};
}

}  // namespace flow
