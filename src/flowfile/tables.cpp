#include "flowfile/tables.h"

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flowfile/table_reader.h"

namespace flow::flowfile {
namespace {

// "'sample' column" or "sample, unit columns".
std::string describe_key(const Table& table) {
  return table.key.size() == 1 ? fmt::format("'{}' column", table.key_names())
                               : fmt::format("{} columns", table.key_names());
}

const std::vector<std::string>& table_keys() {
  static const std::vector<std::string> keys = {"path", "key", "lists"};
  return keys;
}

// Where a table entry's parts are written, for errors about them.
struct TableSpec {
  std::string name;
  Text path;
  SourceLocation location;                   // the entry's name
  std::vector<Text> key;                     // empty: the first column
  std::vector<std::pair<Text, Text>> lists;  // column, separator
};

class TablesReader {
 public:
  TablesReader(const sys::Filesystem& fs, SourceTexts& texts, Context& ctx)
      : m_fs(fs), m_texts(texts), m_ctx(ctx) {}

  std::optional<TableSpec> read_spec(const std::string& name, const Node& value) {
    TableSpec spec;
    spec.name = name;
    spec.location = value.key_location;
    if (value.is_scalar()) {
      auto path = read_text(value, "tables." + name, m_ctx);
      if (!path) return std::nullopt;
      spec.path = std::move(*path);
      return spec;
    }
    if (!value.is_mapping() || value.find("path") == nullptr) {
      Error& error = m_ctx.error(value.location, fmt::format("table '{}' needs a file: a path or "
                                                             "{{path: FILE, key: COLUMN}}, not {}",
                                                             name, describe(value)));
      error.notes.push_back("tables:\n    samples: config/samples.tsv");
      return std::nullopt;
    }
    bool ok = true;
    for (const auto& [key, item] : value.entries) {
      if (key == "path") {
        auto path = read_text(item, "path", m_ctx);
        ok = ok && path.has_value();
        if (path) spec.path = std::move(*path);
      } else if (key == "key") {
        spec.key = read_text_list(item, "key", m_ctx);
        ok = ok && !spec.key.empty();
      } else if (key == "lists") {
        auto lists = read_named_texts_any(item);
        ok = ok && lists.has_value();
        if (lists) spec.lists = std::move(*lists);
      } else {
        Error& error = m_ctx.error(item.key_location,
                                   fmt::format("unknown key {} in table '{}'", quote(key), name));
        add_suggestion(error, key, table_keys(), true);
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    return spec;
  }

  std::shared_ptr<Table> read(const TableSpec& spec) {
    auto text = m_fs.read_file(spec.path.value);
    if (!text) {
      Error& error = m_ctx.error(spec.path.location, fmt::format("table '{}': cannot read '{}'",
                                                                 spec.name, spec.path.value));
      error.notes.push_back(text.error().message);
      error.notes.push_back("a table's path is relative to the working directory");
      return nullptr;
    }
    auto table = std::make_shared<Table>();
    table->name = spec.name;
    table->path = spec.path.value;
    table->location = spec.location;
    std::string_view body = strip_bom(*text);
    m_texts.add(table->path, std::string(body));
    if (!parse_table_text(body, table_format(table->path), *table, m_ctx.errors)) return nullptr;
    if (!resolve_columns(spec, *table)) return nullptr;
    if (!index(*table)) return nullptr;
    return table;
  }

 private:
  // `lists: {COLUMN: SEPARATOR}`: column names are any text, separators non-empty.
  std::optional<std::vector<std::pair<Text, Text>>> read_named_texts_any(const Node& node) {
    if (!node.is_mapping()) {
      Error& error = m_ctx.error(node.location,
                                 "'lists' must map column names to separators, "
                                 "not " +
                                     describe(node));
      error.notes.push_back("lists: {fastqs: \",\"}");
      return std::nullopt;
    }
    std::vector<std::pair<Text, Text>> lists;
    bool ok = true;
    for (const auto& [column, value] : node.entries) {
      auto separator = read_text(value, "lists." + column, m_ctx);
      if (separator && separator->value.empty()) {
        m_ctx.error(value.location,
                    fmt::format("the separator of list column '{}' is empty", column));
        separator.reset();
      }
      ok = ok && separator.has_value();
      if (separator) lists.emplace_back(Text{column, value.key_location}, std::move(*separator));
    }
    if (!ok) return std::nullopt;
    return lists;
  }

  std::optional<std::size_t> find_column(const Table& table, const Text& name,
                                         std::string_view what) {
    if (auto column = table.column(name.value)) return column;
    Error& error = m_ctx.error(name.location, fmt::format("table '{}' has no column '{}' for {}",
                                                          table.name, name.value, what));
    add_suggestion(error, name.value, table.columns, false);
    error.notes.push_back(
        fmt::format("the columns of {}: {}", table.path, join(table.columns, ", ")));
    return std::nullopt;
  }

  bool resolve_columns(const TableSpec& spec, Table& table) {
    bool ok = true;
    for (const auto& name : spec.key) {
      auto column = find_column(table, name, "its key");
      ok = ok && column.has_value();
      if (column) table.key.push_back(*column);
    }
    if (spec.key.empty()) table.key.push_back(0);
    table.lists.assign(table.width(), "");
    for (const auto& [name, separator] : spec.lists) {
      auto column = find_column(table, name, "'lists'");
      ok = ok && column.has_value();
      if (column) table.lists[*column] = separator.value;
    }
    return ok;
  }

  bool index(Table& table) {
    bool ok = true;
    for (std::size_t row = 0; row < table.row_count(); ++row) {
      for (std::size_t column : table.key) {
        if (!table.cell(row, column).empty()) continue;
        Error& error =
            m_ctx.errors.add(SourceLocation{table.path, table.row_lines[row], 1},
                             fmt::format("this row of table '{}' has no key: its '{}' is empty",
                                         table.name, table.columns[column]));
        error.notes.push_back(fmt::format("rows are found by their {}", describe_key(table)));
        ok = false;
      }
    }
    if (!ok) return false;
    for (auto [row, first] : table.build_index()) {
      std::vector<std::string> parts;
      for (std::size_t column : table.key)
        parts.emplace_back(table.cell(row, column));
      Error& error = m_ctx.errors.add(
          table.cell_location(row, table.key.front()),
          fmt::format("table '{}' has two rows with the key '{}'", table.name, join(parts, ", ")));
      error.notes.push_back(
          fmt::format("the first is at {}:{}", table.path, table.row_lines[first]));
      error.notes.push_back(
          fmt::format("keys are unique: rows are found by their {}", describe_key(table)));
      ok = false;
    }
    return ok;
  }

  const sys::Filesystem& m_fs;
  SourceTexts& m_texts;
  Context& m_ctx;
};

}  // namespace

const Table* find_table(const std::vector<std::shared_ptr<const Table>>& tables,
                        std::string_view name) {
  for (const auto& table : tables) {
    if (table->name == name) return table.get();
  }
  return nullptr;
}

bool read_tables(const Node& node, const sys::Filesystem& fs, SourceTexts& texts, Context& ctx,
                 std::vector<std::shared_ptr<const Table>>& tables) {
  if (node.kind == Node::Kind::null) return true;
  if (!node.is_mapping()) {
    Error& error = ctx.error(node.location,
                             "'tables' must be a mapping of table names to files, "
                             "not " +
                                 describe(node));
    error.notes.push_back("tables:\n    samples: config/samples.tsv");
    return false;
  }
  TablesReader reader(fs, texts, ctx);
  bool ok = true;
  for (const auto& [name, value] : node.entries) {
    bool read = false;
    if (!is_identifier(name)) {
      Error& error =
          ctx.error(value.key_location, "table name " + quote(name) + " is not an identifier");
      error.notes.push_back("use letters, digits and '_', not starting with a digit");
    } else if (const Table* existing = find_table(tables, name)) {
      Error& error =
          ctx.error(value.key_location, fmt::format("table '{}' is defined twice", name));
      error.notes.push_back("first defined at " + location_text(existing->location));
    } else if (auto spec = reader.read_spec(name, value)) {
      if (auto table = reader.read(*spec)) {
        tables.push_back(std::move(table));
        read = true;
      }
    }
    ok = ok && read;
  }
  return ok;
}

}  // namespace flow::flowfile
