#pragma once
// flow::Error: what every library function returns instead of throwing (docs/architecture.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flow {

/// What went wrong, coarsely; `cli` maps it to the exit status (spec §3: 2 for usage and
/// flowfile errors, 1 for workflow and job errors, 130 when interrupted).
enum class ErrorKind {
  usage,        ///< bad command line
  flowfile,     ///< the workflow file is malformed or invalid
  workflow,     ///< found while building the DAG: missing input, ambiguity, cycle...
  job,          ///< a job failed
  io,           ///< the filesystem or a process refused
  interrupted,  ///< SIGINT or SIGTERM
  internal,     ///< a broken invariant: a bug in flow
};

/// A place in a workflow file. Lines and columns are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
};

/// Where byte `offset` of `text` (a file's contents) is: lines end at '\n', columns count bytes.
SourceLocation location_at(std::string_view text, std::size_t offset, std::string file);

struct Error {
  ErrorKind kind = ErrorKind::internal;
  /// Lower case, no final period, no "error:" prefix.
  std::string message;
  /// Where in a workflow file, for flowfile errors.
  std::optional<SourceLocation> location;
  /// Text inside the value at `location` that the error is about (such as "{inputs}"):
  /// format_error moves the caret to its first occurrence there.
  std::string anchor;
  /// Extra lines printed after the message, such as "did you mean 'input'?".
  std::vector<std::string> notes;
  /// Further errors found in the same pass (the loader reports up to about 20 at once).
  std::vector<Error> more;
};

Error make_error(ErrorKind kind, std::string message);
Error make_error(ErrorKind kind, std::string message, SourceLocation location);

}  // namespace flow
