#pragma once
// The PBS `-l` resource request: a user template such as
// `select=1:ncpus={threads}:mem={resources.mem_mb}mb`, filled in per job (spec §4).

#include <string>
#include <string_view>

#include "flow/base/result.h"
#include "flow/exec/cluster_options.h"
#include "flow/exec/job_spec.h"

namespace flow::exec {

/// The flavour's default template (spec §4).
std::string default_pbs_resource_template(PbsFlavor flavor);

/// An error naming `--pbs-resources` when the template has an unknown placeholder (only
/// `{threads}`, `{nodes}`, `{ncpus}`, `{mpiprocs}` and `{resources.NAME}` exist) or an
/// unbalanced brace. `{nodes}` is the `nodes` resource (1 without it), `{mpiprocs}` the tasks
/// on each node (none without `tasks`), `{ncpus}` those times `cpus_per_task` (else threads);
/// `{resources.mem_mb}` falls back to `mem_mb_per_cpu` times `{ncpus}`.
Result<void> validate_resource_template(std::string_view resource_template);

/// The filled-in request: every `:`- or `,`-separated part whose placeholder has no value
/// in `spec` is left out, and `walltime=HH:MM:SS` is appended when the job has a walltime
/// and the template does not mention one. An error names the rule when a value cannot go
/// into a request (spaces, commas...) or the walltime is malformed.
Result<std::string> render_pbs_resources(std::string_view resource_template, const JobSpec& spec);

}  // namespace flow::exec
