#pragma once
// The one description of what runs for a job: job -> JobSpec. The runner starts it, `--touch`
// and `--dry-run -p` show it, so that what is printed is exactly what would be spawned (for
// a built-in step: its name, files and `with:` arguments, not flow's internal command line).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/exec/job_spec.h"
#include "flow/run/resource_sizer.h"
#include "flow/run/software_env.h"

namespace flow::run {

struct SpecOptions {
  int cores = 1;                     ///< -c: a local job gets min(threads, cores)
  bool remote = false;               ///< jobs go to a cluster (where they get their rule's threads)
  std::string workdir;               ///< absolute working directory
  std::string flow_binary = "flow";  ///< absolute path of flow, for built-in steps
  std::string state_dir = ".flow";
  /// Command strings longer than this run from a script file, not from argv.
  std::size_t max_inline_command = 64 * 1024;
  /// --use-envmodules: a local job of a rule with `envmodules:` runs after `module load`
  /// (cluster jobs load them in their job script, with or without the flag).
  bool use_envmodules = false;
  /// --use-containers: the runtime that runs the jobs of rules with a `container:` image
  /// (none: images are ignored), as the user `uid`:`gid`.
  ContainerRuntime container_runtime = ContainerRuntime::none;
  unsigned uid = 0;
  unsigned gid = 0;
  /// Sizes the rules' auto resources (`mem_mb: auto`, --auto-resources); null: none is
  /// sized, and each takes its written value or is left out.
  ResourceSizer* sizer = nullptr;
};

/// The amount of integer `resource` for try `attempt` of `job`: its auto size when the
/// sizer has one, else the written amount; nullopt for a text, a resource without a value,
/// or a formula out of range.
std::optional<std::int64_t> resource_amount(JobId job, const rules::Resource& resource, int attempt,
                                            const SpecOptions& options);

/// A file the job reads that flow writes just before it starts.
struct JobFile {
  std::string path;
  std::string text;
};

/// A JobSpec and the files it needs: the script of a command too long for argv, or a `script:`
/// step's $FLOW_JOB and preamble (spec §8).
struct BuiltSpec {
  exec::JobSpec spec;
  std::vector<JobFile> files;  ///< written atomically before the job starts
  std::string problem;         ///< why this try cannot start ("" when it can): the job fails
};

/// The scratch directory of a shadow job (spec §8): STATE/shadow/RULE-IDENTITY, absolute. The
/// same job gets the same one in every run (a cluster job re-attached to finds its own).
std::string shadow_dir(const SpecOptions& options, const exec::JobSpec& spec);

/// True when a job of `rule` runs on this machine: no cluster, `localrules`/`local: true`, or
/// a rule without a step.
bool runs_locally(const rules::Rule& rule, bool remote);

/// {threads} of a job: min(threads, cores) (at least 1) when it runs locally, the rule's
/// threads on a cluster.
int job_threads(const rules::Rule& rule, const SpecOptions& options);

/// What runs for attempt `attempt` (from 1) of `job`: argv, the command as the user should see
/// it, threads, resources, envmodules, outputs. A shell command without shell syntax is
/// spawned directly, anything else through `bash -c 'set -euo pipefail; ...'` (spec §1), and
/// a command longer than `max_inline_command` through a script file (returned, not written:
/// this function does no I/O). A `script:` step runs as `INTERPRETER SCRIPT` (what is shown)
/// with $FLOW_JOB naming .flow/jobs/RULE-JOB.json. `job` must have a step. A shadow rule's
/// job gets its `rundir` (shadow_dir) and names flow's files and its script absolutely.
BuiltSpec build_job_spec(const dag::Dag& dag, JobId job, int attempt, const SpecOptions& options);

/// How a built-in step is shown (`-p`, the dry run, failures): "words text=in.txt -> w.txt
/// with strip_gutenberg=false", the step and its arguments as the user wrote them, each value
/// quoted only where it needs it (issue 13 item 8).
std::string builtin_display(const BuiltinInvocation& invocation);

/// The words of `command` when it can run without a shell with the same result as
/// `bash -c 'set -euo pipefail; COMMAND'`: only plain words of [A-Za-z0-9_./,:=+@%-]
/// separated by spaces, and a first word that is not a shell builtin, keyword or
/// assignment. nullopt when a shell is needed.
std::optional<std::vector<std::string>> split_simple_command(const std::string& command);

}  // namespace flow::run
