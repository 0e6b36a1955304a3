#pragma once
// A value that most objects of a type do not have, kept on the heap: one pointer where
// std::optional<T> would take sizeof(T) in every object (issue 10: an `expand` over 100,000
// ids gives a rule 100,000 file items, of which only a few have lookups or globs). Copies
// copy the value, as std::optional's do.

#include <memory>
#include <utility>

namespace flow {

template <typename T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(const Boxed& other)
      : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) m_value = other.m_value ? std::make_unique<T>(*other.m_value) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;

  explicit operator bool() const { return m_value != nullptr; }
  const T* get() const { return m_value.get(); }
  const T& operator*() const { return *m_value; }
  const T* operator->() const { return m_value.get(); }
  /// The value, made (default-constructed) on first use.
  T& make() {
    if (!m_value) m_value = std::make_unique<T>();
    return *m_value;
  }

 private:
  std::unique_ptr<T> m_value;
};

}  // namespace flow
