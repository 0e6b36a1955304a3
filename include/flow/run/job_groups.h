#pragma once
// Job groups (spec §9) for a cluster run: which jobs to run share a submission, from the
// rules' `group:`, --groups and --group-components, decided by plan::group_units.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "flow/base/ids.h"
#include "flow/base/result.h"
#include "flow/dag/dag.h"
#include "flow/plan/plan.h"

namespace flow::run {

struct GroupOptions {
  std::map<std::string, std::string> rule_groups;  ///< --groups RULE=GROUP (wins over `group:`)
  std::map<std::string, std::size_t> components;   ///< --group-components GROUP=N
};

/// What one group submission runs.
struct JobUnit {
  std::string group;
  std::vector<JobId> members;                   ///< in the order the submission runs them
  std::vector<std::vector<std::size_t>> needs;  ///< per member: positions of members it needs
};

/// The group of `rule`'s jobs: --groups first, then its `group:`; empty for none.
std::string group_of(const rules::Rule& rule, const GroupOptions& options);

/// The units of the jobs `plan` runs. Jobs that run on this machine (localrules, `local:`,
/// rules without a step, pipe pairs) are in none; a unit of one job is left out (submitted
/// as that job). An error when a unit would wait for itself (plan::group_units).
Result<std::vector<JobUnit>> job_units(const dag::Dag& dag, const plan::Plan& plan,
                                       const GroupOptions& options);

}  // namespace flow::run
