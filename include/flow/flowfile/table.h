#pragma once
// A sample sheet (spec §6): a TSV or CSV file with a header row, read once per run and
// indexed by its key column(s), so that a lookup is one hash lookup whatever its size.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/error.h"
#include "flow/base/flat_id_map.h"

namespace flow::flowfile {

class Table {
 public:
  std::string name;         ///< NAME of `tables.NAME`
  std::string path;         ///< the file, relative to the working directory
  SourceLocation location;  ///< where the workflow file names the table

  std::vector<std::string> columns;  ///< the header row
  std::vector<std::size_t> key;      ///< the key column(s), by index
  std::vector<std::string> lists;    ///< by column: the list separator, or "" (one value)
  std::vector<std::string> cells;    ///< row-major: row r, column c at r * width + c
  std::vector<int> row_lines;        ///< the line of each row in the file
  std::vector<int> cell_columns;     ///< the (byte) column of each cell in its line

  std::size_t width() const { return columns.size(); }
  std::size_t row_count() const { return row_lines.size(); }
  std::string_view cell(std::size_t row, std::size_t column) const {
    return cells[row * width() + column];
  }
  /// Where cell (row, column) was written, for carets.
  SourceLocation cell_location(std::size_t row, std::size_t column) const;
  /// The index of the column named `column_name`.
  std::optional<std::size_t> column(std::string_view column_name) const;
  /// The names of the key columns, joined with ", ".
  std::string key_names() const;

  /// Appends the values of cell (row, column): the cell itself, or for a list column its
  /// items (split at the separator, trimmed, empty items left out).
  void append_values(std::size_t row, std::size_t column, std::vector<std::string_view>& out) const;
  /// The values of a column in row order (list cells flattened).
  std::vector<std::string_view> column_values(std::size_t column) const;

  /// Builds the key index. Returns the rows whose key repeats an earlier row's, each with
  /// that earlier row (the caller reports them); such rows are left out of the index.
  std::vector<std::pair<std::size_t, std::size_t>> build_index();
  /// The row whose key columns hold `key` (one value per key column), if any.
  std::optional<std::size_t> find_row(std::span<const std::string_view> key_values) const;

 private:
  std::size_t hash_row(std::size_t row) const;
  FlatIdMap m_index;  // rows by key
};

/// One value per key part joined as the hash of a table's key (shared with find_row).
std::size_t hash_key(std::span<const std::string_view> parts);

}  // namespace flow::flowfile
