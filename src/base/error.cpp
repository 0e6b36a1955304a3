#include "flow/base/error.h"

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

}  // namespace flow
