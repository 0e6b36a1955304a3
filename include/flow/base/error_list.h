#pragma once
// Collecting the errors of one pass (loading a workflow file, validating its rules), so that
// a user sees them all at once: the spec asks for "up to about 20".

#include <cstddef>
#include <string>
#include <vector>

#include "flow/base/error.h"

namespace flow {

/// All of `errors` as one: the first, carrying the others in `more`. Requires !errors.empty().
Error combine_errors(std::vector<Error> errors);

class ErrorList {
 public:
  /// Errors beyond this many are counted, not kept; the last kept one says so.
  static constexpr std::size_t k_max_errors = 20;

  /// Records `error` unless the list is full.
  void add(Error error);
  /// Records a flowfile error at `location` (pointing at `anchor` inside the value when not
  /// empty, see Error::anchor) and returns it so that notes can be added; when the list is
  /// full, the returned error is a scratch value that is dropped.
  Error& add(const SourceLocation& location, std::string message, std::string anchor = {},
             std::vector<std::string> notes = {});

  bool empty() const { return m_errors.empty(); }
  bool full() const { return m_errors.size() >= k_max_errors; }

  /// All errors as one (combine_errors), with "(stopped after 20 errors)" noted on the last
  /// when some were dropped; the list is empty afterwards. Requires !empty().
  Error take();

 private:
  std::vector<Error> m_errors;
  Error m_scratch;
  bool m_dropped = false;
};

}  // namespace flow
