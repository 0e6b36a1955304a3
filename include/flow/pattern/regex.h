#pragma once
// Wildcard constraints are Python-compatible regular expressions, compiled with PCRE2.

#include <memory>
#include <string>
#include <string_view>

#include "flow/base/result.h"

namespace flow::pattern {

class Regex {
 public:
  /// Compiles `expression` for whole-string matching. The error message quotes PCRE2's
  /// reason and the offset: "bad regular expression '[0-': missing terminating ] ... at 3".
  static Result<Regex> compile(const std::string& expression);

  /// True when the whole of `text` matches.
  bool full_match(std::string_view text) const;
  const std::string& expression() const { return m_expression; }

 private:
  struct Compiled;
  std::shared_ptr<Compiled> m_compiled;  // shared: patterns of one rule reuse a constraint
  std::string m_expression;
};

}  // namespace flow::pattern
