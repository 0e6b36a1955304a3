#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "flow/base/did_you_mean.h"
#include "flow/base/strings.h"
#include "flow/rules/lookup.h"
#include "rules/lookup_data.h"

namespace flow::rules {
namespace {

using flowfile::Node;
using flowfile::Table;

Error lookup_error(const Lookup& lookup, std::string message) {
  Error error = make_error(ErrorKind::workflow, std::move(message), lookup.location);
  error.anchor = "{" + lookup.text + "}";
  return error;
}

std::string quoted_key(std::span<const std::string_view> parts) {
  std::vector<std::string> quoted;
  for (std::string_view part : parts)
    quoted.push_back(fmt::format("'{}'", part));
  return join(quoted, ", ");
}

Error missing_row(const Lookup& lookup, const Table& table, std::span<const std::string_view> key) {
  Error error = lookup_error(
      lookup, fmt::format("no row {} in table '{}' ({})", quoted_key(key), table.name, table.path));
  if (key.size() == 1) {
    // The closest key, with where its row is: the likely typo, in the sheet or the file name.
    std::vector<std::string> keys;
    keys.reserve(table.row_count());
    for (std::size_t row = 0; row < table.row_count(); ++row)
      keys.emplace_back(table.cell(row, table.key.front()));
    // The same key in another case first (a sheet written 'a', a file named 'A'...).
    std::optional<std::string> hint;
    for (const auto& candidate : keys) {
      if (candidate.size() == key.front().size() &&
          std::equal(candidate.begin(), candidate.end(), key.front().begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        hint = candidate;
        break;
      }
    }
    // A typo of a longer key; short keys ('1', 'A') are all "close" to each other.
    if (!hint && key.front().size() >= 3) hint = closest_match(key.front(), keys);
    if (hint) {
      std::string_view hint_key = *hint;
      auto row = table.find_row(std::span<const std::string_view>(&hint_key, 1));
      error.notes.push_back(fmt::format("did you mean '{}' ({}:{})?", *hint, table.path,
                                        row ? table.row_lines[*row] : 0));
    }
  }
  error.notes.push_back(table.key.size() == 1
                            ? fmt::format("rows are found by their '{}' column", table.key_names())
                            : fmt::format("rows are found by their {} columns", table.key_names()));
  return error;
}

// The value a config lookup ends at, as values; an error naming the config path otherwise.
Result<void> append_config_values(const Lookup& lookup, const Node& node, const std::string& path,
                                  std::vector<std::string_view>& out) {
  if (node.is_scalar()) {
    out.push_back(node.scalar);
    return ok_result();
  }
  if (node.is_sequence()) {
    for (const auto& item : node.items) {
      if (!item.is_scalar()) {
        return lookup_error(lookup, fmt::format("config '{}' holds a list of lists or mappings, "
                                                "not a value or a list of values",
                                                path));
      }
    }
    for (const auto& item : node.items)
      out.push_back(item.scalar);
    return ok_result();
  }
  if (node.is_mapping()) {
    return lookup_error(
        lookup, fmt::format("config '{}' holds a mapping, not a value or a list of values", path));
  }
  return lookup_error(lookup, fmt::format("config '{}' is empty", path));
}

std::vector<std::string> keys_of(const Node& mapping) {
  std::vector<std::string> keys;
  for (const auto& entry : mapping.entries)
    keys.push_back(entry.first);
  return keys;
}

Error missing_key(const Lookup& lookup, const std::string& path, std::string_view key,
                  const Node& parent) {
  Error error = lookup_error(lookup, fmt::format("config '{}' has no key '{}'", path, key));
  if (parent.is_mapping()) {
    add_did_you_mean(error, key, keys_of(parent));
  }
  return error;
}

Result<void> append_from_config(const Lookup& lookup, const ConfigSource& source,
                                const pattern::WildcardValues& wildcards,
                                std::vector<std::string_view>& out, LookupOrigin* origin) {
  std::string_view first = wildcards[lookup.slots.front()];
  const Node& mapping = *source.mapping;
  auto found = source.index.find(std::hash<std::string_view>{}(first), [&](std::uint32_t entry) {
    return mapping.entries[entry].first == first;
  });
  if (!found) return missing_key(lookup, source.path, first, mapping);
  const Node* node = &mapping.entries[*found].second;
  std::string path = source.path + "." + std::string(first);
  for (const auto& step : lookup.steps) {
    std::string_view key = step.by_wildcard() ? std::string_view(wildcards[step.slot]) : step.key;
    if (!node->is_mapping()) {
      return lookup_error(lookup, fmt::format("config '{}' holds {}, not a mapping with '{}'", path,
                                              node->is_sequence() ? "a list"
                                              : node->is_scalar() ? "a value"
                                                                  : "nothing",
                                              key));
    }
    const Node* child = node->find(key);
    if (child == nullptr) return missing_key(lookup, path, key, *node);
    node = child;
    path += ".";
    path += key;
  }
  if (origin) origin->location = node->location;
  return append_config_values(lookup, *node, path, out);
}

}  // namespace

LookupSources::LookupSources() : m_data(std::make_unique<Data>()) {}
LookupSources::~LookupSources() = default;
LookupSources::LookupSources(LookupSources&&) noexcept = default;
LookupSources& LookupSources::operator=(LookupSources&&) noexcept = default;

Result<void> LookupSources::append_values(const Lookup& lookup,
                                          const pattern::WildcardValues& wildcards,
                                          std::vector<std::string_view>& out,
                                          LookupOrigin* origin) const {
  if (lookup.kind == Lookup::Kind::config) {
    return append_from_config(lookup, m_data->configs[lookup.source], wildcards, out, origin);
  }
  const Table& table = *m_data->tables[lookup.source];
  std::string_view parts[8];
  std::size_t count = std::min<std::size_t>(lookup.slots.size(), 8);
  for (std::size_t i = 0; i < count; ++i)
    parts[i] = wildcards[lookup.slots[i]];
  std::span<const std::string_view> key(parts, count);
  auto row = table.find_row(key);
  if (!row) return missing_row(lookup, table, key);
  if (origin) origin->location = table.cell_location(*row, lookup.column);
  table.append_values(*row, lookup.column, out);
  return ok_result();
}

}  // namespace flow::rules
