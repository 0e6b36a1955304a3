#include "flow/base/error.h"

#include <algorithm>

namespace flow {

Error make_error(ErrorKind kind, std::string message) {
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

Error make_error(ErrorKind kind, std::string message, SourceLocation location) {
  Error error = make_error(kind, std::move(message));
  error.location = std::move(location);
  return error;
}

SourceLocation location_at(std::string_view text, std::size_t offset, std::string file) {
  std::string_view before = text.substr(0, offset);
  std::size_t line_start = before.rfind('\n');
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  return SourceLocation{std::move(file), line, static_cast<int>(offset - line_start) + 1};
}

}  // namespace flow
