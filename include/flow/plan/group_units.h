#pragma once
// Job groups (spec §9, issue 12 item 2): which jobs to run go into one cluster submission.
// A pure decision on plain indices, so that it is tested without a DAG or an executor. Not
// wired to the runner yet: until the cluster executor can run several JobSpecs in one job,
// cluster executors refuse `group:` (docs/decisions.md, "Job groups").

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "flow/base/result.h"

namespace flow::plan {

/// One job to run, as the grouping sees it.
struct GroupedJob {
  std::string group;                 ///< its group; empty: not grouped
  std::vector<std::size_t> depends;  ///< indices of the jobs to run it needs
};

/// What one cluster submission runs: one or more connected components of one group.
struct GroupUnit {
  std::string group;
  /// Indices of its jobs in an order that runs each after the members it needs.
  std::vector<std::size_t> members;
  /// For each member (same position), the positions in `members` of the members it needs:
  /// what the group script checks before it runs a member.
  std::vector<std::vector<std::size_t>> member_depends;
};

/// The units of `jobs`: the jobs of one group joined by dependencies among themselves form
/// a component (a dependency through a job of another group, or of none, does not join
/// them); `components` (group -> N, default 1) components of a group are bundled into one
/// unit, in the order of their first job. Ungrouped jobs are in no unit. An error when a
/// unit would need a job outside it that needs one of its members (it could never start),
/// or a dependency index is out of range.
Result<std::vector<GroupUnit>> group_units(const std::vector<GroupedJob>& jobs,
                                           const std::map<std::string, std::size_t>& components);

}  // namespace flow::plan
