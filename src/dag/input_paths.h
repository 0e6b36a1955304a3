#pragma once
// The input paths of a job whose items have lookups (spec §6), decided when the job is made.

#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/pattern/pattern.h"
#include "flow/rules/rule_set.h"

namespace flow::dag {

/// "rule 'map' (sample=A)": how errors about one job name it.
std::string describe_job(const rules::Rule& rule, const pattern::WildcardValues& wildcards);

/// Appends the paths of input item `spec` of `rule` for a job with `wildcards`: its pattern
/// filled in, or, for an item with lookups, the pieces with each lookup's value (a lookup
/// giving a list gives one path per item, several lists their product, an empty list no
/// path). Errors (ErrorKind::workflow, the job named first): a lookup that fails, or a path
/// that comes out empty (with where the empty value was written).
Result<void> append_input_paths(const rules::RuleSet& rules, const rules::Rule& rule,
                                const rules::FileSpec& spec,
                                const pattern::WildcardValues& wildcards,
                                std::vector<std::string>& out);

/// Checks the lookups the rule's templates use (params, shell, with, message) for a job with
/// `wildcards`, so that a missing row is found when the DAG is built, not when the job runs.
Result<void> check_template_lookups(const rules::RuleSet& rules, const rules::Rule& rule,
                                    const pattern::WildcardValues& wildcards);

}  // namespace flow::dag
