#pragma once
// Tab-separated tables with a header row, as count_distinct and join_tsv write them.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/result.h"

namespace flow::builtins::text {

struct TsvTable {
  std::string path;
  std::vector<std::string> header;
  /// Each row has exactly header.size() fields.
  std::vector<std::vector<std::string>> rows;
  /// The 1-based line number of each row in the file, for error messages.
  std::vector<std::size_t> row_lines;

  /// The index of the column named `name`, or nullopt.
  std::optional<std::size_t> column(std::string_view name) const;
};

/// Reads a UTF-8 TSV file: the first line is the header, every other non-empty line a row
/// with as many fields as the header (fields are not quoted or escaped). Errors name the
/// file and line: an empty file, a row with the wrong number of fields.
Result<TsvTable> read_tsv(const std::string& path);

}  // namespace flow::builtins::text
