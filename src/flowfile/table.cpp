#include "flow/flowfile/table.h"

#include <functional>

#include "flow/base/strings.h"

namespace flow::flowfile {

std::size_t hash_key(std::span<const std::string_view> parts) {
  std::size_t hash = 0x9e3779b97f4a7c15ULL;
  for (std::string_view part : parts)
    hash = (hash ^ std::hash<std::string_view>{}(part)) * 1099511628211ULL;
  return hash;
}

SourceLocation Table::cell_location(std::size_t row, std::size_t column_index) const {
  return SourceLocation{path, row_lines[row], cell_columns[row * width() + column_index]};
}

std::optional<std::size_t> Table::column(std::string_view column_name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column_name) return i;
  }
  return std::nullopt;
}

std::string Table::key_names() const {
  std::vector<std::string> names;
  for (std::size_t column_index : key)
    names.push_back(columns[column_index]);
  return join(names, ", ");
}

void Table::append_values(std::size_t row, std::size_t column_index,
                          std::vector<std::string_view>& out) const {
  std::string_view text = cell(row, column_index);
  const std::string& separator = lists[column_index];
  if (separator.empty()) {
    out.push_back(text);
    return;
  }
  while (true) {
    std::size_t end = text.find(separator);
    std::string_view item = trim(text.substr(0, end));
    if (!item.empty()) out.push_back(item);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + separator.size());
  }
}

std::vector<std::string_view> Table::column_values(std::size_t column_index) const {
  std::vector<std::string_view> values;
  values.reserve(row_count());
  for (std::size_t row = 0; row < row_count(); ++row)
    append_values(row, column_index, values);
  return values;
}

std::size_t Table::hash_row(std::size_t row) const {
  std::string_view parts[8];
  std::vector<std::string_view> many;
  std::span<std::string_view> view;
  if (key.size() <= 8) {
    for (std::size_t i = 0; i < key.size(); ++i)
      parts[i] = cell(row, key[i]);
    view = std::span<std::string_view>(parts, key.size());
  } else {
    for (std::size_t column_index : key)
      many.push_back(cell(row, column_index));
    view = many;
  }
  return hash_key(view);
}

std::vector<std::pair<std::size_t, std::size_t>> Table::build_index() {
  std::vector<std::pair<std::size_t, std::size_t>> duplicates;
  m_index = FlatIdMap(row_count());
  for (std::size_t row = 0; row < row_count(); ++row) {
    std::size_t hash = hash_row(row);
    auto same_key = [&](std::uint32_t other) {
      for (std::size_t column_index : key) {
        if (cell(other, column_index) != cell(row, column_index)) return false;
      }
      return true;
    };
    if (auto first = m_index.find(hash, same_key)) {
      duplicates.emplace_back(row, *first);
      continue;
    }
    m_index.insert(hash, static_cast<std::uint32_t>(row));
  }
  return duplicates;
}

std::optional<std::size_t> Table::find_row(std::span<const std::string_view> key_values) const {
  if (key_values.size() != key.size()) return std::nullopt;
  auto found = m_index.find(hash_key(key_values), [&](std::uint32_t row) {
    for (std::size_t i = 0; i < key.size(); ++i) {
      if (cell(row, key[i]) != key_values[i]) return false;
    }
    return true;
  });
  if (!found) return std::nullopt;
  return *found;
}

}  // namespace flow::flowfile
