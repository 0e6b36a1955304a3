#pragma once
// Which glob items wait for a checkpoint (spec §7): a glob whose directory lies at or under
// an output of a `checkpoint: true` rule's job is resolved after that job ran, when it runs.

#include <optional>
#include <string>

#include "flow/pattern/pattern.h"
#include "flow/rules/rule_set.h"

namespace flow::dag {

/// The checkpoint output that `glob` (a glob item's pattern with the job's wildcards filled
/// in) lies under: the directory of its literal text before the first wildcard, or the
/// nearest of that directory's ancestors, that an output pattern of a checkpoint rule
/// matches. nullopt when none does (the glob is resolved when the DAG is built), and always
/// when the workflow has no checkpoint rule. O(path depth × checkpoint outputs).
std::optional<std::string> checkpoint_root(const rules::RuleSet& rules,
                                           const pattern::Pattern& glob);

}  // namespace flow::dag
