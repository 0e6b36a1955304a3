#pragma once
// A job group (spec §9) as one cluster job: the request it makes for all its members and the
// script that runs them in order, each with its own marker (docs/cluster.md, "Job groups").

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "exec/cluster_backend.h"
#include "exec/job_script.h"
#include "flow/base/result.h"
#include "flow/exec/job_spec.h"

namespace flow::exec {

/// The spec the scheduler is asked for on behalf of all `members` (docs/decisions.md, "Job
/// groups"): the most threads, the largest of each number resource (mem_mb, nodes...), the
/// sum of their runtimes; a text resource (slurm_partition...) must be the same for all that
/// name it. Its display name is "group NAME", its identity one hash of the members'. An
/// error naming the rules when they disagree or a runtime is not a time.
Result<JobSpec> group_request(const std::string& group, std::span<const JobSpec> members);

/// The bash script of a group submission: the scheduler's directives, then each member in a
/// subshell (`member_files[i]` its marker, stdout and stderr) unless a member it needs
/// (`needs[i]`, positions) did not exit 0, then the group's own marker in `files` (exit 0
/// when every member did). A skipped member writes no marker.
Result<std::string> render_group_script(const std::string& group, std::span<const JobSpec> members,
                                        std::span<const JobFiles> member_files,
                                        const std::vector<std::vector<std::size_t>>& needs,
                                        const JobFiles& files, const ScriptContext& context);

}  // namespace flow::exec
