#pragma once
// Error collection and wording shared by the loader's parts (private to flowfile).

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/error.h"
#include "flow/flowfile/node.h"

namespace flow::flowfile {

/// The loader reports at most this many errors at once (spec: "up to about 20").
constexpr std::size_t k_max_errors = 20;

/// Collects flowfile errors, up to k_max_errors; later ones are counted, not kept.
class ErrorSink {
 public:
  /// Records `error` unless the sink is full.
  void add(Error error);
  /// Records a flowfile error at `location` and returns it so that notes can be added; when
  /// the sink is full, the returned error is a scratch value that is dropped.
  Error& add(const SourceLocation& location, std::string message);
  bool empty() const { return m_errors.empty(); }
  bool full() const { return m_errors.size() >= k_max_errors; }
  /// All errors as one: the first, with the others in `more`. Requires !empty().
  Error take();

 private:
  std::vector<Error> m_errors;
  Error m_scratch;
  bool m_dropped = false;
};

/// "'abc'" for a scalar (shortened when long), "empty" for null, "a list", "a mapping".
std::string describe(const Node& node);

/// `text` in single quotes.
std::string quote(std::string_view text);

/// "FILE:LINE:COL".
std::string location_text(const SourceLocation& location);

/// [A-Za-z_][A-Za-z0-9_]*
bool is_identifier(std::string_view text);

/// Adds "did you mean 'X'?" when a candidate is close to `word`; otherwise, when
/// `list_otherwise`, a note listing every candidate ("expected one of: a, b").
void add_suggestion(Error& error, std::string_view word, std::span<const std::string> candidates,
                    bool list_otherwise);

}  // namespace flow::flowfile
