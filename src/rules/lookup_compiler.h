#pragma once
// Compiles the lookups a rule writes (private to rules): checks the table, column, config
// key and wildcards they name when the workflow loads, and gathers the data they read.

#include <optional>
#include <string_view>

#include "flow/base/error_list.h"
#include "flow/flowfile/flowfile.h"
#include "flow/rules/lookup.h"
#include "flow/rules/rule.h"

namespace flow::rules {

/// True when `text`, the inside of a placeholder, is a lookup: `tables.` or `config.` with
/// something after it (a `{config.KEY}` without `[w]` was substituted when loading).
bool is_lookup_text(std::string_view text);

class LookupCompiler {
 public:
  LookupCompiler(const flowfile::Flowfile& file, LookupSources& sources);

  /// The index in `rule.lookups` of the lookup written `text` (without braces) in the value at
  /// `location`: compiled and added on its first use in the rule. `rule.wildcard_names` must
  /// be final. Reports a malformed lookup, an unknown table, column or config key, a config
  /// value that is not a mapping, and a wildcard the rule does not have; returns nullopt then.
  std::optional<std::size_t> add(Rule& rule, std::string_view text, const SourceLocation& location,
                                 ErrorList& errors);

 private:
  std::optional<Lookup> compile_table(const Rule& rule, std::string_view text,
                                      const SourceLocation& location, ErrorList& errors);
  std::optional<Lookup> compile_config(const Rule& rule, std::string_view text,
                                       const SourceLocation& location, ErrorList& errors);
  std::optional<std::size_t> wildcard_slot(const Rule& rule, std::string_view name,
                                           std::string_view text, const SourceLocation& location,
                                           ErrorList& errors);
  std::uint32_t config_source(std::string_view path, const flowfile::Node& mapping);

  const flowfile::Flowfile& m_file;
  LookupSources& m_sources;
};

}  // namespace flow::rules
