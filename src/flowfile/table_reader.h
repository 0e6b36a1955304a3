#pragma once
// Reading the text of a sample sheet into a Table (private to flowfile).

#include <string_view>

#include "flow/flowfile/table.h"
#include "flowfile/diagnostics.h"

namespace flow::flowfile {

enum class TableFormat { tsv, csv };

/// CSV for a name ending in ".csv" (any case), TSV otherwise.
TableFormat table_format(std::string_view path);

/// The text without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);

/// Parses `text` (without a BOM) into table.columns, cells, row_lines and cell_columns:
/// the first non-blank line is the header; fields are separated by a tab (TSV) or a comma
/// (CSV); a field may be double-quoted (`""` is a quote inside; separators and line ends
/// inside quotes are text); unquoted fields are trimmed of spaces; line ends are LF or CRLF;
/// blank lines are skipped. Reports, at their line and column in `table.path`: an empty or
/// repeated column name, a row with more or fewer fields than the header, an unclosed quote
/// and text after a closing quote. Returns false after an error.
bool parse_table_text(std::string_view text, TableFormat format, Table& table, ErrorList& errors);

}  // namespace flow::flowfile
