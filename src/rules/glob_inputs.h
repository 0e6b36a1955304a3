#pragma once
// Glob input items (spec §6) as a rule holds them: the glob and what each match gives, bound
// to the rule's wildcards followed by the glob's own.

#include <functional>
#include <optional>
#include <span>
#include <string>

#include "flow/base/error_list.h"
#include "flow/flowfile/flowfile.h"
#include "flow/rules/rule.h"

namespace flow::rules {

/// The constraint of a glob's own wildcard `name` written nowhere inline: the rule's
/// `wildcard_constraints`, then the global ones (nullopt: `.+`).
using GlobConstraintLookup = std::function<std::optional<pattern::Regex>(const std::string& name)>;

/// Parses glob item `item` of rule `rule` (unbound). Errors: a pattern that does not parse.
std::optional<FileSpec> parse_glob_input(const flowfile::FileItem& item, const std::string& rule,
                                         ErrorList& errors);

/// Binds the glob inputs of `rule`, whose wildcards and their constraints (by slot) are
/// known: a glob's own wildcards get their inline constraint (first use), else `lookup`'s.
/// Errors: an `expand` with a wildcard that neither the glob nor the rule has.
void bind_glob_inputs(Rule& rule, std::span<const std::optional<pattern::Regex>> constraints,
                      const GlobConstraintLookup& lookup,
                      std::function<std::optional<pattern::Regex>(const std::string& regex,
                                                                  const SourceLocation& location)>
                          compile,
                      ErrorList& errors);

}  // namespace flow::rules
