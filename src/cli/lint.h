#pragma once
// `flow --lint`: the checks of Snakemake's linter that make sense for a flow workflow (a
// rule without a log, absolute paths, files by index in commands), plus flow's own: thread
// counts a command uses but the rule does not declare, and config keys nothing refers to.

#include <ostream>
#include <string>
#include <vector>

#include "flow/base/error.h"
#include "flow/base/source_texts.h"
#include "flow/flowfile/node.h"
#include "flow/rules/rule_set.h"

namespace flow::cli {

struct Lint {
  std::string rule;         ///< the rule it is about, or "" for the workflow (config keys)
  SourceLocation location;  ///< where to look
  std::string anchor;       ///< text at or after `location` the caret should point at, or ""
  std::string title;        ///< "rule 'count' has no log", lower case
  std::string advice;       ///< what to do, one sentence
};

/// Every lint of the workflow, rule by rule in file order, then the config keys. `texts`
/// are the workflow files as written (config keys are looked up there, since `{config.KEY}`
/// is substituted when the file loads).
std::vector<Lint> lint_workflow(const rules::RuleSet& rules, const flowfile::Node& config,
                                const SourceTexts& texts);

/// Prints the lints as warnings with their lines, then a closing line; returns the exit
/// status (1 when there are lints, as Snakemake's --lint).
int write_lints(const std::vector<Lint>& lints, const SourceTexts& texts, bool color,
                std::ostream& out);

}  // namespace flow::cli
