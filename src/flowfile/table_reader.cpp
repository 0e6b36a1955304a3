#include "flowfile/table_reader.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::flowfile {
namespace {

struct Field {
  std::string text;
  int line = 0;
  int column = 0;
};

// Splits the text into records of fields, tracking where each field starts.
class RecordReader {
 public:
  RecordReader(std::string_view text, char separator, const std::string& path, ErrorList& errors)
      : m_text(text), m_separator(separator), m_path(path), m_errors(errors) {}

  // The next non-blank record into `fields`; false at the end of the text or after an error.
  bool next(std::vector<Field>& fields, int& line) {
    fields.clear();
    while (m_pos < m_text.size() && skip_blank_line()) {
    }
    if (m_pos >= m_text.size() || m_failed) return false;
    line = m_line;
    while (true) {
      Field field;
      field.line = m_line;
      field.column = column();
      bool ok = peek() == '"' ? read_quoted(field) : read_plain(field);
      if (!ok) {
        m_failed = true;
        return false;
      }
      fields.push_back(std::move(field));
      if (m_pos < m_text.size() && m_text[m_pos] == m_separator) {
        ++m_pos;
        continue;
      }
      end_line();
      return true;
    }
  }

  bool failed() const { return m_failed; }

 private:
  char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
  int column() const { return static_cast<int>(m_pos - m_line_start) + 1; }
  bool is_space(char c) const { return (c == ' ' || c == '\t') && c != m_separator; }

  // Skips the line at m_pos when it holds nothing but spaces; false (and stays) otherwise.
  bool skip_blank_line() {
    std::size_t end = m_pos;
    while (end < m_text.size() && (is_space(m_text[end]) || m_text[end] == '\r'))
      ++end;
    if (end < m_text.size() && m_text[end] != '\n') return false;
    m_pos = end;
    end_line();
    return true;
  }

  // Consumes the line end at m_pos, if any.
  void end_line() {
    if (m_pos < m_text.size() && m_text[m_pos] == '\n') {
      ++m_pos;
      ++m_line;
      m_line_start = m_pos;
    }
  }

  bool read_plain(Field& field) {
    std::size_t start = m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != m_separator && m_text[m_pos] != '\n')
      ++m_pos;
    std::string_view text = m_text.substr(start, m_pos - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    std::size_t lead = 0;
    while (lead < text.size() && is_space(text[lead]))
      ++lead;
    field.column += static_cast<int>(lead);
    text.remove_prefix(lead);
    while (!text.empty() && is_space(text.back()))
      text.remove_suffix(1);
    field.text = std::string(text);
    return true;
  }

  bool read_quoted(Field& field) {
    ++m_pos;  // the opening quote
    while (true) {
      if (m_pos >= m_text.size()) {
        error(field.line, field.column,
              "unclosed quote (a field starting with '\"' ends "
              "with '\"'; write '\"\"' for a quote inside)");
        return false;
      }
      char c = m_text[m_pos++];
      if (c == '"' && peek() == '"') {
        field.text += '"';
        ++m_pos;
      } else if (c == '"') {
        break;
      } else {
        field.text += c;
        if (c == '\n') {
          ++m_line;
          m_line_start = m_pos;
        }
      }
    }
    if (field.text.ends_with('\r')) field.text.pop_back();  // never part of a CRLF value
    while (m_pos < m_text.size() && (is_space(m_text[m_pos]) || m_text[m_pos] == '\r'))
      ++m_pos;
    if (m_pos < m_text.size() && m_text[m_pos] != m_separator && m_text[m_pos] != '\n') {
      error(m_line, column(), "text after the closing quote of a field");
      return false;
    }
    return true;
  }

  void error(int line, int col, std::string message) {
    m_errors.add(SourceLocation{m_path, line, col}, std::move(message));
  }

  std::string_view m_text;
  char m_separator;
  const std::string& m_path;
  ErrorList& m_errors;
  std::size_t m_pos = 0;
  std::size_t m_line_start = 0;
  int m_line = 1;
  bool m_failed = false;
};

bool read_header(const std::vector<Field>& fields, Table& table, ErrorList& errors) {
  bool ok = true;
  std::unordered_map<std::string, int> seen;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const Field& field = fields[i];
    SourceLocation location{table.path, field.line, field.column};
    if (field.text.empty()) {
      Error& error =
          errors.add(location, fmt::format("column {} of the header has no name", i + 1));
      error.notes.push_back("the first line of a table names its columns");
      ok = false;
      continue;
    }
    auto [first, inserted] = seen.emplace(field.text, field.column);
    if (!inserted) {
      Error& error =
          errors.add(location, fmt::format("the header names column '{}' twice", field.text));
      error.notes.push_back(fmt::format("first at column {}", first->second));
      ok = false;
    }
    table.columns.push_back(field.text);
  }
  return ok;
}

}  // namespace

TableFormat table_format(std::string_view path) {
  if (path.size() < 4) return TableFormat::tsv;
  std::string extension(path.substr(path.size() - 4));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".csv" ? TableFormat::csv : TableFormat::tsv;
}

std::string_view strip_bom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

bool parse_table_text(std::string_view text, TableFormat format, Table& table, ErrorList& errors) {
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    // Issue 14: a cell becomes part of commands and paths, which cannot hold the byte.
    errors.add(location_at(text, nul, table.path),
               "a NUL byte (0x00) in the table: a table is text");
    return false;
  }
  char separator = format == TableFormat::csv ? ',' : '\t';
  RecordReader reader(text, separator, table.path, errors);
  std::vector<Field> fields;
  int line = 0;
  if (!reader.next(fields, line)) {
    if (reader.failed()) return false;
    Error& error = errors.add(SourceLocation{table.path, 1, 1}, "the table is empty");
    error.notes.push_back("a table needs a header row naming its columns");
    return false;
  }
  if (!read_header(fields, table, errors)) return false;
  std::size_t width = table.columns.size();
  table.cells.reserve(width * static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  bool ok = true;
  while (reader.next(fields, line)) {
    if (fields.size() != width) {
      bool too_many = fields.size() > width;
      SourceLocation location{table.path, line, 1};
      if (too_many) location = SourceLocation{table.path, fields[width].line, fields[width].column};
      Error& error = errors.add(
          location,
          fmt::format("this row has {} field{}, but the header has {} column{}", fields.size(),
                      fields.size() == 1 ? "" : "s", width, width == 1 ? "" : "s"));
      error.notes.push_back("the columns: " + join(table.columns, ", "));
      if (!too_many) error.notes.push_back("write an empty field for a missing value");
      ok = false;
      if (errors.full()) return false;
      continue;
    }
    table.row_lines.push_back(line);
    for (auto& field : fields) {
      table.cells.push_back(std::move(field.text));
      table.cell_columns.push_back(field.column);
    }
  }
  return ok && !reader.failed();
}

}  // namespace flow::flowfile
