#pragma once

#include <ostream>

#include "flow/dag/dag.h"
#include "flow/plan/file_stats.h"
#include "flow/plan/staleness.h"
#include "flow/state/state_log.h"

namespace flow::report {

/// `--summary`: a TSV row per output of the DAG: output, date, rule, status, plan.
void write_summary(const dag::Dag& dag, const plan::Staleness& staleness,
                   plan::FileStatCache& stats, const state::StateLog* state, std::ostream& out);

/// `--list`: each rule with its outputs, default target marked.
void write_rule_list(const rules::RuleSet& rules, std::ostream& out);

}  // namespace flow::report
