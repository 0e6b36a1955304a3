#pragma once
// The log files of a built-in step (`log:` of its rule, `--log PATH` on its command line).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/result.h"

namespace flow::builtins {

class StepLog {
 public:
  /// A log that writes nowhere (a rule without `log:`).
  StepLog() = default;

  /// Creates or truncates each of `paths` (creating missing parent directories). The error
  /// names the log that could not be opened.
  static Result<StepLog> open(const std::vector<std::string>& paths);

  /// Appends `text` and a newline to every log file, unbuffered, so the lines written before
  /// a crash or a kill are kept. Write errors are ignored: a log is never worth failing for.
  void line(std::string_view text);

  /// True when at least one log file is open.
  bool is_open() const { return !m_files.empty(); }

 private:
  struct File;
  std::vector<std::shared_ptr<File>> m_files;
};

}  // namespace flow::builtins
