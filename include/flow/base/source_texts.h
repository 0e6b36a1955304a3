#pragma once
// The text of every workflow file read, so that an error can quote its line with a caret.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "flow/base/error.h"

namespace flow {

class SourceTexts {
 public:
  void add(const std::string& file, std::string text);
  /// Line `line` (1-based) of `file`, without its line end; nullopt when unknown.
  std::optional<std::string_view> line(const std::string& file, int line) const;
  /// The location of the first occurrence of `needle` at or after `start` in the same file
  /// (how an error points at a placeholder inside a string value); `start` when not found.
  SourceLocation find_after(const SourceLocation& start, std::string_view needle) const;
  /// Every file's whole text, by file name (for checks that read the text as written).
  const std::map<std::string, std::string>& files() const { return m_texts; }

 private:
  std::map<std::string, std::string> m_texts;
};

/// The full text of an error as flow prints it:
///   flow: error: FILE:LINE:COL: MESSAGE
///       the offending line
///             ^
///     note lines
/// then the same for each of `error.more`. `texts` may be null (no quoted lines then).
std::string format_error(const Error& error, const SourceTexts* texts, bool color = false);

/// The same layout for a warning ("flow: warning: file:line:col: ..."); `warning.more` is
/// not printed.
std::string format_warning(const Error& warning, const SourceTexts* texts, bool color = false);

}  // namespace flow
