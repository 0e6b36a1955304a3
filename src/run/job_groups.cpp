#include "flow/run/job_groups.h"

#include <cstdint>

#include "flow/plan/group_units.h"
#include "flow/run/job_spec_builder.h"

namespace flow::run {

std::string group_of(const rules::Rule& rule, const GroupOptions& options) {
  auto it = options.rule_groups.find(rule.name);
  return it != options.rule_groups.end() ? it->second : rule.group;
}

Result<std::vector<JobUnit>> job_units(const dag::Dag& dag, const plan::Plan& plan,
                                       const GroupOptions& options) {
  // The jobs to run, as plain indices for the pure decision.
  std::vector<JobId> jobs;
  std::vector<std::size_t> index_of(dag.jobs().size(), SIZE_MAX);
  bool any = false;
  for (const auto& job : dag.jobs()) {
    if (!plan.runs(job.id)) continue;
    index_of[job.id.index()] = jobs.size();
    jobs.push_back(job.id);
  }
  std::vector<plan::GroupedJob> grouped(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const rules::Rule& rule = dag.rule_of(jobs[i]);
    // What runs on this machine is never submitted, so it joins no submission.
    // A job waiting on a checkpoint has inputs not known yet: it is submitted on its own.
    bool local = runs_locally(rule, true) || plan.pipe_partner(jobs[i]).has_value() ||
                 dag.job(jobs[i]).is_pending();
    if (!local) grouped[i].group = group_of(rule, options);
    any = any || !grouped[i].group.empty();
    for (JobId dependency : dag.job(jobs[i]).dependencies) {
      std::size_t d = index_of[dependency.index()];
      if (d != SIZE_MAX) grouped[i].depends.push_back(d);
    }
  }
  std::vector<JobUnit> units;
  if (!any) return units;
  auto decided = plan::group_units(grouped, options.components);
  if (!decided) return decided.error();
  for (auto& unit : *decided) {
    if (unit.members.size() < 2) continue;  // one job: submitted as itself
    JobUnit out;
    out.group = unit.group;
    for (std::size_t member : unit.members)
      out.members.push_back(jobs[member]);
    out.needs = std::move(unit.member_depends);
    units.push_back(std::move(out));
  }
  return units;
}

}  // namespace flow::run
