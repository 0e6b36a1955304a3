#include "flowfile/expand.h"

#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flowfile/expand_values.h"
#include "flowfile/format_spec.h"
#include "flowfile/tables.h"

namespace flow::flowfile {
namespace {

struct ExpandKey {
  std::string name;
  std::vector<std::string_view> values;  // into the YAML tree, the config or ExpandSpec::storage
  SourceLocation key_location;
  bool used = false;
  std::vector<bool> quoted;  // per value: a quoted YAML string (for format specs); may be empty
};

// The pattern cut at its placeholders: literal text, then the value of keys[key].
struct Piece {
  std::string literal;
  int key = -1;                        // -1: the trailing literal
  std::string placeholder;             // as written, for errors
  std::optional<std::string> spec;     // the format spec after ':', as in "{i:03d}"
  std::vector<std::string> formatted;  // with a spec: each value of the key, formatted
};

struct ExpandSpec {
  Text pattern;
  std::deque<std::string> storage;  // values made by substitution (addresses stay put)
  std::vector<ExpandKey> keys;
  std::uint8_t flags = 0;
  bool zip = false;
  SourceLocation zip_location;
};

using Values = std::vector<std::string_view>;

std::string_view keep(std::string text, ExpandSpec& spec) {
  return spec.storage.emplace_back(std::move(text));
}

std::optional<Values> read_config_values(const Node& value, const std::string& key, Context& ctx) {
  std::string_view config_key =
      std::string_view(value.scalar).substr(std::string_view("config.").size());
  // "config.KEY.keys": the keys of a mapping, unless the config has a key named "keys" there.
  if (config_key.ends_with(".keys") && find_path(ctx.config, config_key) == nullptr) {
    return read_config_keys(value, key, config_key, ctx);
  }
  const Node* node = find_config(config_key, value.location, "", ctx);
  if (node == nullptr) return std::nullopt;
  if (node->is_scalar()) return Values{node->scalar};
  Values values;
  bool ok = node->is_sequence();
  if (ok) values.reserve(node->items.size());
  for (const auto& item : node->items) {
    ok = ok && item.is_scalar();
    if (ok) values.push_back(item.scalar);
  }
  if (ok) return values;
  ctx.error(value.location,
            fmt::format("expand key '{}': config key '{}' must hold a list of "
                        "values or a single value, not {}",
                        key, config_key,
                        node->is_sequence() ? "a list of lists or mappings" : describe(*node)));
  return std::nullopt;
}

// "tables.NAME.COLUMN": the column's values in row order (spec §6), viewed in the table.
std::optional<Values> read_table_values(const Node& value, const std::string& key, Context& ctx) {
  std::string_view rest = std::string_view(value.scalar).substr(std::string_view("tables.").size());
  std::size_t dot = rest.find('.');
  std::string_view name = rest.substr(0, dot);
  std::string_view column_name = dot == std::string_view::npos ? "" : rest.substr(dot + 1);
  static const std::vector<std::shared_ptr<const Table>> none;
  const auto& tables = ctx.tables ? *ctx.tables : none;
  const Table* table = find_table(tables, name);
  if (table == nullptr) {
    Error& error =
        ctx.error(value.location, fmt::format("expand key '{}': unknown table '{}'", key, name));
    std::vector<std::string> names;
    for (const auto& t : tables)
      names.push_back(t->name);
    if (names.empty()) {
      error.notes.push_back("the workflow has no tables (give them under the top-level 'tables')");
    } else {
      add_suggestion(error, name, names, true);
    }
    return std::nullopt;
  }
  auto column = table->column(column_name);
  if (!column) {
    Error& error =
        column_name.empty()
            ? ctx.error(value.location,
                        fmt::format("expand key '{}': '{}' needs a column: tables.{}.COLUMN", key,
                                    value.scalar, name))
            : ctx.error(value.location,
                        fmt::format("expand key '{}': table '{}' has no column '{}'", key, name,
                                    column_name));
    if (!column_name.empty()) {
      error.anchor = std::string(column_name);
      add_suggestion(error, column_name, table->columns, false);
    }
    error.notes.push_back(
        fmt::format("the columns of {}: {}", table->path, join(table->columns, ", ")));
    return std::nullopt;
  }
  return table->column_values(*column);
}

// A placeholder's values: a list, a scalar, "config.KEY" or "tables.NAME.COLUMN".
std::optional<Values> read_values(const Node& value, const std::string& key, ExpandSpec& spec,
                                  std::vector<bool>& quoted, Context& ctx) {
  if (value.is_scalar() && value.scalar.starts_with("config.")) {
    return read_config_values(value, key, ctx);
  }
  if (value.is_scalar() && value.scalar.starts_with("tables.")) {
    return read_table_values(value, key, ctx);
  }
  if (value.is_scalar()) {
    auto text = substitute_config(value.scalar, value.location, ctx);
    if (!text) return std::nullopt;
    quoted.push_back(value.quoted && value.scalar.find('{') == std::string::npos);
    return Values{keep(std::move(*text), spec)};
  }
  if (value.is_mapping() && value.find("range") != nullptr) {
    return read_range_values(value, key, k_max_expand_items, spec.storage, ctx);
  }
  if (!value.is_sequence()) {
    ctx.error(value.location, fmt::format("expand key '{}' needs values (a list, a single value, "
                                          "{{range: [START, STOP]}} or config.KEY), not {}",
                                          key, describe(value)));
    return std::nullopt;
  }
  Values values;
  values.reserve(value.items.size());
  bool ok = true;
  for (const auto& item : value.items) {
    // A value made by {config.KEY} substitution is read by its text, like config values.
    quoted.push_back(item.quoted && item.scalar.find('{') == std::string::npos);
    if (!item.is_scalar()) {
      ctx.error(item.location, fmt::format("values of expand key '{}' must be strings, not {}", key,
                                           describe(item)));
      ok = false;
    } else if (item.scalar.find('{') == std::string::npos) {
      values.push_back(item.scalar);  // nothing to substitute: no copy
    } else if (auto text = substitute_config(item.scalar, item.location, ctx)) {
      values.push_back(keep(std::move(*text), spec));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return values;
}

// Reads everything but the pattern: placeholder keys, zip and flags.
bool read_keys(const Node& node, FileSection section, Context& ctx, ExpandSpec& spec) {
  bool ok = true;
  for (const auto& [key, value] : node.entries) {
    if (key == "expand") continue;
    if (key == "zip") {
      auto zip = read_bool(value, "zip", ctx);
      spec.zip = zip.value_or(false);
      spec.zip_location = value.key_location;
      ok = ok && zip.has_value();
    } else if (read_file_flag(key, value, section, ctx, spec.flags)) {
      continue;
    } else if (!is_identifier(key)) {
      ctx.error(value.key_location,
                fmt::format("expand keys must be identifiers, not {}", quote(key)));
      ok = false;
    } else if (std::vector<bool> quoted; auto values = read_values(value, key, spec, quoted, ctx)) {
      spec.keys.push_back(
          ExpandKey{key, std::move(*values), value.key_location, false, std::move(quoted)});
    } else {
      ok = false;
    }
  }
  ok = check_flag_combination(node, spec.flags, ctx) && ok;
  return ok;
}

// Cuts the pattern at its {placeholders}, unescaping {{ and }}; names without values go to
// `missing`.
std::vector<Piece> split_pattern(const std::string& pattern, std::vector<ExpandKey>& keys,
                                 std::vector<std::string>& missing) {
  std::vector<Piece> pieces;
  std::string literal;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern.compare(i, 2, "{{") == 0 || pattern.compare(i, 2, "}}") == 0) {
      literal += pattern[i];
      i += 2;
      continue;
    }
    std::size_t close = pattern[i] == '{' ? pattern.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      literal += pattern[i++];
      continue;
    }
    std::string name = pattern.substr(i + 1, close - i - 1);
    std::optional<std::string> format;
    if (std::size_t colon = name.find(':'); colon != std::string::npos) {
      format = name.substr(colon + 1);
      name.resize(colon);
    }
    int found = -1;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      if (keys[k].name == name) found = static_cast<int>(k);
    }
    if (found < 0) {
      if (std::find(missing.begin(), missing.end(), name) == missing.end()) missing.push_back(name);
      literal += pattern.substr(i, close - i + 1);
    } else {
      keys[static_cast<std::size_t>(found)].used = true;
      pieces.push_back(Piece{
          std::move(literal), found, pattern.substr(i, close - i + 1), std::move(format), {}});
      literal.clear();
    }
    i = close + 1;
  }
  pieces.push_back(Piece{std::move(literal), -1, "", std::nullopt, {}});
  return pieces;
}

// Checks that placeholders and keys match each other.
bool check_keys(const ExpandSpec& spec, const std::vector<std::string>& missing, Context& ctx) {
  for (const auto& name : missing) {
    std::string placeholder = "{" + name + "}";
    Error& error =
        ctx.error(spec.pattern.location, fmt::format("no values for '{}' in expand", placeholder));
    error.anchor = placeholder;
    error.notes.push_back(
        fmt::format("give them next to 'expand' ({}: [...]), or write '{{{}}}' "
                    "to keep a wildcard",
                    name, placeholder));
  }
  for (const auto& key : spec.keys) {
    if (key.used) continue;
    ctx.error(key.key_location, fmt::format("expand key '{}' is not used in the pattern {}",
                                            key.name, quote(spec.pattern.value)));
  }
  return missing.empty() &&
         std::all_of(spec.keys.begin(), spec.keys.end(), [](const ExpandKey& k) { return k.used; });
}

// How many paths the item makes; nullopt after reporting unequal zip lists or too many.
std::optional<std::size_t> count_paths(const ExpandSpec& spec, Context& ctx) {
  std::size_t total = 1;
  for (const auto& key : spec.keys) {
    std::size_t size = key.values.size();
    if (spec.zip && size != spec.keys.front().values.size()) {
      ctx.error(
          spec.zip_location,
          fmt::format("zip needs lists of the same length, but '{}' has {} values and '{}' "
                      "has {}",
                      spec.keys.front().name, spec.keys.front().values.size(), key.name, size));
      return std::nullopt;
    }
    if (spec.zip) {
      total = size;
    } else if (size != 0 && total > k_max_expand_items / size) {
      total = k_max_expand_items + 1;
    } else {
      total *= size;
    }
  }
  if (total > k_max_expand_items) {
    ctx.error(spec.pattern.location,
              fmt::format("expand makes too many paths (more than {})", k_max_expand_items));
    return std::nullopt;
  }
  return total;
}

// Formats each value of a placeholder with a spec once (not once per path); reports the
// first value a spec does not apply to.
bool format_values(const ExpandSpec& spec, std::vector<Piece>& pieces, Context& ctx) {
  for (auto& piece : pieces) {
    if (piece.key < 0 || !piece.spec) continue;
    const ExpandKey& key = spec.keys[static_cast<std::size_t>(piece.key)];
    piece.formatted.reserve(key.values.size());
    for (std::size_t v = 0; v < key.values.size(); ++v) {
      std::string problem;
      bool quoted = v < key.quoted.size() && key.quoted[v];
      auto text = format_with_spec(FormatValue{key.values[v], quoted}, *piece.spec, problem);
      if (!text) {
        Error& error = ctx.error(spec.pattern.location,
                                 fmt::format("expand: cannot format '{}' with '{}': {}",
                                             key.values[v], piece.placeholder, problem));
        error.anchor = piece.placeholder;
        return false;
      }
      piece.formatted.push_back(std::move(*text));
    }
  }
  return true;
}

void generate(const ExpandSpec& spec, const std::vector<Piece>& pieces, std::size_t total,
              const std::string& name, std::vector<FileItem>& out) {
  const auto& keys = spec.keys;
  std::vector<std::size_t> index(keys.size(), 0);
  out.reserve(out.size() + total);
  const FileItem prototype{name, "", spec.flags, spec.pattern.location, {}, {}};
  for (std::size_t n = 0; n < total; ++n) {
    std::string& path = out.emplace_back(prototype).pattern;
    for (const auto& piece : pieces) {
      path += piece.literal;
      if (piece.key < 0) continue;
      auto k = static_cast<std::size_t>(piece.key);
      std::size_t v = spec.zip ? n : index[k];
      if (piece.spec) {
        path += piece.formatted[v];
      } else {
        path += keys[k].values[v];
      }
    }
    // An odometer: the last key varies fastest (spec §1).
    for (std::size_t k = keys.size(); k-- > 0;) {
      if (++index[k] < keys[k].values.size()) break;
      index[k] = 0;
    }
  }
}

}  // namespace

void read_expand_item(const Node& node, FileSection section, const std::string& name, Context& ctx,
                      std::vector<FileItem>& out) {
  ExpandSpec spec;
  auto pattern = read_text(*node.find("expand"), "expand", ctx);
  bool keys_ok = read_keys(node, section, ctx, spec);
  if (!pattern || !keys_ok) return;
  spec.pattern = std::move(*pattern);
  std::vector<std::string> missing;
  std::vector<Piece> pieces = split_pattern(spec.pattern.value, spec.keys, missing);
  if (!check_keys(spec, missing, ctx)) return;
  auto total = count_paths(spec, ctx);
  if (!total || !format_values(spec, pieces, ctx)) return;
  std::size_t first = out.size();
  generate(spec, pieces, *total, name, out);
  for (std::size_t i = first; i < out.size(); ++i) {
    if (!out[i].pattern.empty()) continue;
    ctx.error(spec.pattern.location, "expand makes an empty path");
    out.resize(first);
    return;
  }
}

}  // namespace flow::flowfile
