#include "rules/lookup_compiler.h"

#include <fmt/format.h>

#include "flow/base/did_you_mean.h"
#include "flow/base/strings.h"
#include "rules/lookup_data.h"

namespace flow::rules {
namespace {

using flowfile::Node;

constexpr std::size_t k_max_key_columns = 8;

// `tables.NAME[a, b].COLUMN` or `config.A.B[w].C`, cut into its parts.
struct LookupSyntax {
  std::string_view head;                    // "samples" (tables) or "A.B" (config)
  std::vector<std::string_view> wildcards;  // inside the first [...]
  std::string_view rest;                    // after the first ]: ".COLUMN" or ".C[w2]..."
  bool ok = false;
};

LookupSyntax cut(std::string_view text, std::string_view prefix) {
  LookupSyntax syntax;
  text.remove_prefix(prefix.size());
  std::size_t open = text.find('[');
  std::size_t close = text.find(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    syntax.head = text.substr(0, std::min(text.find('.'), text.size()));
    return syntax;
  }
  syntax.head = text.substr(0, open);
  std::string_view inside = text.substr(open + 1, close - open - 1);
  while (true) {
    std::size_t comma = inside.find(',');
    syntax.wildcards.push_back(trim(inside.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    inside.remove_prefix(comma + 1);
  }
  syntax.rest = text.substr(close + 1);
  syntax.ok = !syntax.head.empty();
  return syntax;
}

std::string braced(std::string_view text) {
  return fmt::format("{{{}}}", text);
}

// The keys of the deepest mapping along `path` that exists, with the path's prefix: "did you
// mean" for a mistyped config key.
std::vector<std::string> config_candidates(const Node& config,
                                           const std::vector<std::string>& parts) {
  const Node* node = &config;
  std::string prefix;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const Node* child = node->find(parts[i]);
    if (child == nullptr || !child->is_mapping()) break;
    node = child;
    prefix += parts[i] + ".";
  }
  std::vector<std::string> candidates;
  for (const auto& entry : node->entries)
    candidates.push_back(prefix + entry.first);
  return candidates;
}

}  // namespace

bool is_lookup_text(std::string_view text) {
  return (text.starts_with("tables.") && text.size() > 7) ||
         (text.starts_with("config.") && text.size() > 7);
}

LookupCompiler::LookupCompiler(const flowfile::Flowfile& file, LookupSources& sources)
    : m_file(file), m_sources(sources) {
  m_sources.data().tables = file.tables;
}

std::optional<std::size_t> LookupCompiler::add(Rule& rule, std::string_view text,
                                               const SourceLocation& location, ErrorList& errors) {
  if (auto known = rule.find_lookup(text)) return known;
  std::optional<Lookup> lookup = text.starts_with("tables.")
                                     ? compile_table(rule, text, location, errors)
                                     : compile_config(rule, text, location, errors);
  if (!lookup) return std::nullopt;
  lookup->text = std::string(text);
  lookup->location = location;
  rule.lookups.push_back(std::move(*lookup));
  return rule.lookups.size() - 1;
}

std::optional<std::size_t> LookupCompiler::wildcard_slot(const Rule& rule, std::string_view name,
                                                         std::string_view text,
                                                         const SourceLocation& location,
                                                         ErrorList& errors) {
  for (std::size_t slot = 0; slot < rule.wildcard_names.size(); ++slot) {
    if (rule.wildcard_names[slot] == name) return slot;
  }
  std::vector<std::string> notes;
  if (auto hint = did_you_mean(name, rule.wildcard_names, "[", "]"))
    notes.push_back(std::move(*hint));
  if (rule.wildcard_names.empty()) {
    notes.push_back("a rule without wildcards has no job to look anything up for");
  } else {
    std::vector<std::string> names;
    for (const auto& wildcard : rule.wildcard_names)
      names.push_back(braced(wildcard));
    notes.push_back("the outputs have " + join(names, ", "));
  }
  errors.add(location,
             fmt::format("rule '{}': lookup '{}' selects by '{}', which is not a wildcard of "
                         "the rule",
                         rule.name, braced(text), name),
             braced(text), std::move(notes));
  return std::nullopt;
}

std::optional<Lookup> LookupCompiler::compile_table(const Rule& rule, std::string_view text,
                                                    const SourceLocation& location,
                                                    ErrorList& errors) {
  LookupSyntax syntax = cut(text, "tables.");
  auto fail = [&](std::string problem, std::vector<std::string> notes = {}) {
    errors.add(location,
               fmt::format("rule '{}': lookup '{}': {}", rule.name, braced(text), problem),
               braced(text), std::move(notes));
    return std::nullopt;
  };
  std::string example = fmt::format(
      "{{tables.{}[{}].COLUMN}}", syntax.head.empty() ? "NAME" : syntax.head,
      rule.wildcard_names.empty() ? std::string("WILDCARD") : rule.wildcard_names.front());
  if (!syntax.ok) {
    return fail("a table lookup names the wildcard that selects the row", {"write " + example});
  }
  std::uint32_t index = 0;
  const flowfile::Table* table = nullptr;
  for (; index < m_file.tables.size(); ++index) {
    if (m_file.tables[index]->name == syntax.head) {
      table = m_file.tables[index].get();
      break;
    }
  }
  if (table == nullptr) {
    std::vector<std::string> names;
    for (const auto& t : m_file.tables)
      names.push_back(t->name);
    std::vector<std::string> notes;
    if (auto hint = did_you_mean(syntax.head, names)) {
      notes.push_back(std::move(*hint));
    } else if (names.empty()) {
      notes.push_back("the workflow has no tables (give them under the top-level 'tables')");
    } else {
      notes.push_back("the tables: " + join(names, ", "));
    }
    return fail(fmt::format("unknown table '{}'", syntax.head), std::move(notes));
  }
  if (!syntax.rest.starts_with('.') || syntax.rest.size() < 2) {
    return fail("a table lookup ends with the column to read", {"write " + example});
  }
  std::string_view column_name = syntax.rest.substr(1);
  auto column = table->column(column_name);
  if (!column) {
    std::vector<std::string> notes;
    if (auto hint = did_you_mean(column_name, table->columns)) notes.push_back(std::move(*hint));
    notes.push_back(fmt::format("the columns of {}: {}", table->path, join(table->columns, ", ")));
    return fail(fmt::format("table '{}' has no column '{}'", table->name, column_name),
                std::move(notes));
  }
  if (syntax.wildcards.size() != table->key.size()) {
    return fail(fmt::format("table '{}' is keyed by {} ({}), so it takes {} wildcard{} in [...]",
                            table->name, table->key.size() == 1 ? "one column" : "its columns",
                            table->key_names(), table->key.size(),
                            table->key.size() == 1 ? "" : "s"));
  }
  if (syntax.wildcards.size() > k_max_key_columns) {
    return fail(fmt::format("a table key has at most {} columns", k_max_key_columns));
  }
  Lookup lookup;
  lookup.kind = Lookup::Kind::table;
  lookup.source = index;
  lookup.column = *column;
  bool ok = true;
  for (std::string_view name : syntax.wildcards) {
    auto slot = wildcard_slot(rule, name, text, location, errors);
    ok = ok && slot.has_value();
    if (slot) lookup.slots.push_back(*slot);
  }
  if (!ok) return std::nullopt;
  return lookup;
}

std::optional<Lookup> LookupCompiler::compile_config(const Rule& rule, std::string_view text,
                                                     const SourceLocation& location,
                                                     ErrorList& errors) {
  LookupSyntax syntax = cut(text, "config.");
  auto fail = [&](std::string problem, std::vector<std::string> notes = {}) {
    errors.add(location,
               fmt::format("rule '{}': lookup '{}': {}", rule.name, braced(text), problem),
               braced(text), std::move(notes));
    return std::nullopt;
  };
  if (!syntax.ok || syntax.wildcards.size() != 1) {
    return fail("malformed config lookup",
                {"write {config.KEY[WILDCARD]}, optionally followed by .KEY or [WILDCARD] parts"});
  }
  std::vector<std::string> parts = split(syntax.head, '.');
  const Node* mapping = flowfile::find_path(m_file.config, syntax.head);
  if (mapping == nullptr) {
    std::vector<std::string> notes;
    if (auto hint = did_you_mean(syntax.head, config_candidates(m_file.config, parts)))
      notes.push_back(std::move(*hint));
    return fail(fmt::format("unknown config key '{}'", syntax.head), std::move(notes));
  }
  if (!mapping->is_mapping()) {
    return fail(fmt::format("config '{}' holds {}, not a mapping to look up by wildcard",
                            syntax.head,
                            mapping->is_sequence() ? "a list"
                            : mapping->is_scalar() ? "a value"
                                                   : "nothing"));
  }
  Lookup lookup;
  lookup.kind = Lookup::Kind::config;
  auto slot = wildcard_slot(rule, syntax.wildcards.front(), text, location, errors);
  if (!slot) return std::nullopt;
  lookup.slots.push_back(*slot);
  // The rest: .KEY and [WILDCARD] steps.
  std::string_view rest = syntax.rest;
  while (!rest.empty()) {
    LookupStep step;
    if (rest.front() == '.') {
      rest.remove_prefix(1);
      std::size_t end = std::min(rest.find_first_of(".["), rest.size());
      step.key = std::string(rest.substr(0, end));
      rest.remove_prefix(end);
      if (step.key.empty()) return fail("malformed config lookup: an empty key after '.'");
    } else if (rest.front() == '[') {
      std::size_t close = rest.find(']');
      if (close == std::string_view::npos) return fail("malformed config lookup: unclosed '['");
      auto wildcard = wildcard_slot(rule, trim(rest.substr(1, close - 1)), text, location, errors);
      if (!wildcard) return std::nullopt;
      step.slot = *wildcard;
      rest.remove_prefix(close + 1);
    } else {
      return fail(fmt::format("malformed config lookup: unexpected '{}'", rest.front()));
    }
    lookup.steps.push_back(std::move(step));
  }
  lookup.source = config_source(syntax.head, *mapping);
  return lookup;
}

std::uint32_t LookupCompiler::config_source(std::string_view path, const Node& mapping) {
  auto& configs = m_sources.data().configs;
  for (std::uint32_t i = 0; i < configs.size(); ++i) {
    if (configs[i].path == path) return i;
  }
  ConfigSource source;
  source.path = std::string(path);
  source.mapping = std::make_shared<const Node>(mapping);
  source.index = FlatIdMap(mapping.entries.size());
  const auto& entries = source.mapping->entries;
  for (std::uint32_t entry = 0; entry < entries.size(); ++entry) {
    std::size_t hash = std::hash<std::string_view>{}(entries[entry].first);
    bool seen =
        source.index
            .find(hash,
                  [&](std::uint32_t other) { return entries[other].first == entries[entry].first; })
            .has_value();
    if (!seen) source.index.insert(hash, entry);  // YAML keys are unique: never a repeat
  }
  configs.push_back(std::move(source));
  return static_cast<std::uint32_t>(configs.size() - 1);
}

}  // namespace flow::rules
