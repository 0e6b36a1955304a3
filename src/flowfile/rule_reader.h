#pragma once
// One rule's mapping -> RuleDef (shape only; the `rules` module checks meaning).

#include <optional>
#include <string>

#include "flow/flowfile/flowfile.h"
#include "flowfile/values.h"

namespace flow::flowfile {

/// Reads the rule `name` (whose body is `body`: a mapping, or null for a rule with nothing).
/// Errors go to ctx, prefixed "rule 'NAME': "; returns nullopt when the body is no mapping.
std::optional<RuleDef> read_rule(const std::string& name, const Node& body, Context& ctx);

}  // namespace flow::flowfile
