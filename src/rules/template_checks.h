#pragma once
// Checks that every placeholder of a rule's templates names something the rule has.

#include "flow/base/builtin_protocol.h"
#include "flow/base/error_list.h"
#include "flow/flowfile/flowfile.h"
#include "flow/rules/rule.h"

#include <span>

namespace flow::rules {

/// Where a template is used decides what it may refer to: params and built-in arguments are
/// part of a job's identity, so they cannot depend on {jobid} or {attempt}.
enum class TemplateUse { shell, params, with, message };

/// Parses `text` and checks its placeholders against `rule` (whose files, params, wildcards
/// and resources are already built). Reports problems to `errors`; returns the template
/// (a literal one after an error, so checking can go on).
pattern::Template parse_rule_template(const flowfile::Text& text, const Rule& rule, TemplateUse use,
                                      ErrorList& errors);

/// Resolves the rule's built-in step: known name, known arguments, required ones present,
/// literal values of the right type, defaults filled in, file counts within bounds.
void build_builtin_step(const flowfile::RuleDef& def, Rule& rule,
                        std::span<const BuiltinSignature> builtins, ErrorList& errors);

}  // namespace flow::rules
