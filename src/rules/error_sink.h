#pragma once
// Collects the errors of one validation pass, so that a user sees them all at once.

#include <string>
#include <vector>

#include "flow/base/error.h"

namespace flow::rules {

class ErrorSink {
 public:
  static constexpr std::size_t k_max_errors = 20;

  void add(Error error) {
    if (m_errors.size() < k_max_errors) m_errors.push_back(std::move(error));
  }
  /// A flowfile error at `location`, pointing at `anchor` inside it when not empty.
  void add(std::string message, const SourceLocation& location, std::string anchor = {},
           std::vector<std::string> notes = {}) {
    Error error = make_error(ErrorKind::flowfile, std::move(message), location);
    error.anchor = std::move(anchor);
    error.notes = std::move(notes);
    add(std::move(error));
  }
  bool empty() const { return m_errors.empty(); }
  /// The first error, carrying the others in `more`.
  Error combined() && {
    Error first = std::move(m_errors.front());
    for (std::size_t i = 1; i < m_errors.size(); ++i)
      first.more.push_back(std::move(m_errors[i]));
    return first;
  }

 private:
  std::vector<Error> m_errors;
};

}  // namespace flow::rules
