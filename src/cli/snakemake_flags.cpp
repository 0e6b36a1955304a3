#include "cli/snakemake_flags.h"

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::cli {

// One row per Snakemake 8/9 option (or family) that flow lacks. When flow gains one of
// them, delete its row: the options test fails while a row names an option flow has.
const std::vector<SnakemakeFlag>& snakemake_flags() {
  static const std::vector<SnakemakeFlag> table = {
      {"--use-conda --conda-frontend --conda-prefix --conda-create-envs-only "
       "--conda-cleanup-envs --conda-cleanup-pkgs --list-conda-envs "
       "--conda-not-block-search-path-envvars --software-deployment-method --sdm",
       "flow does not create or activate conda environments",
       "activate the environment before running flow (conda activate ENV && flow ...), or "
       "load tools with a rule's `envmodules:` in cluster jobs"},
      {"--use-singularity --use-apptainer", "flow names this --use-containers",
       "use --use-containers --container-runtime apptainer"},
      {"--singularity-args --apptainer-args --singularity-prefix --apptainer-prefix "
       "--containerize",
       "flow runs a rule's `container:` image with fixed arguments and never pulls or converts "
       "images",
       "build or pull the image before running flow; docs/flowfile.md shows the command flow "
       "runs"},
      {"--cluster --cluster-generic-submit-cmd --cluster-sync --drmaa --slurm",
       "flow submits cluster jobs itself", "use --executor pbs, slurm or sge (docs/cluster.md)"},
      {"--cluster-config", "flow has no cluster config file",
       "give each rule its `resources:` (mem_mb, walltime...) and put defaults in a profile "
       "(--profile DIR)"},
      {"--cluster-status --cluster-cancel --cluster-sidecar --cluster-generic-status-cmd "
       "--cluster-generic-cancel-cmd",
       "flow queries and cancels cluster jobs itself (qstat/qdel, squeue/scancel)",
       "use --executor pbs or --executor slurm"},
      {"--kubernetes --google-lifesciences --tibanna --flux --tes --azure-batch",
       "flow runs jobs locally, on PBS, Slurm or Grid Engine",
       "use --executor local, pbs, slurm or sge"},
      {"--jobscript --js", "flow writes its own job scripts",
       "docs/cluster.md shows what they contain; --pbs-resources sets the resource request"},
      {"--immediate-submit --notemp-immediate-submit",
       "flow submits a job once its inputs are made", "leave it out"},
      {"--slurm-logdir --slurm-keep-successful-logs --slurm-delete-logfiles-older-than "
       "--slurm-no-account --slurm-requeue --slurm-init-seconds-before-status-checks "
       "--slurm-efficiency-report --slurm-partition --slurm-account",
       "flow's Slurm executor has no such setting",
       "leave it out; for the partition and account, give a rule's resources slurm_partition "
       "and slurm_account, or --cluster-queue and --cluster-account"},
      {"--max-jobs-per-second", "flow names this --max-submit-rate",
       "use --max-submit-rate N (submissions per second)"},
      {"--max-status-checks-per-second", "flow names this --cluster-poll",
       "use --cluster-poll SECONDS (seconds between status queries)"},
      {"--local-cores", "flow has no separate --local-cores",
       "use -c N: under a cluster executor it is the cores of local jobs"},
      {"--snakefile", "flow reads YAML workflow files, not Snakefiles",
       "use -s/--flowfile FILE (docs/from-snakemake.md shows how rules translate)"},
      {"--workflow-profile", "flow has one profile", "use --profile DIR"},
      {"-D --detailed-summary", "flow has one summary",
       "use --summary (each output's date, rule, status and plan)"},
      {"--list-input-changes --li --list-params-changes --lp --list-code-changes --lc "
       "--list-changes",
       "flow says why each job runs instead",
       "use `flow -n`: each job's reason names the changed input, params or code"},
      {"--list-untracked --lu", "flow does not list untracked files",
       "use --summary: it lists every file the workflow makes"},
      {"--list-target-rules --lt", "flow marks the default target in its rule list", "use --list"},
      {"--debug-dag", "flow explains the DAG in the dry run",
       "use `flow -n` (why each job runs) or --dag (the graph)"},
      {"--d3dag --printd3dag", "flow draws graphs with Graphviz",
       "use `flow --dag | dot -Tsvg > dag.svg`"},
      {"--keep-incomplete", "flow always removes the outputs of a failed job (its logs are kept)",
       "leave it out"},
      {"--keep-remote --keep-storage-local-copies --default-remote-provider "
       "--default-storage-provider --default-storage-prefix --storage-prefix",
       "flow works on local (or network-mounted) files only",
       "download inputs with the `fetch` built-in step (flow --list-builtins)"},
      {"--nocolor", "flow uses colour only on a terminal", "set NO_COLOR=1 to turn it off there"},
      {"--force-use-threads", "flow runs every job in its own process", "leave it out"},
      {"--scheduler --scheduler-ilp-solver --scheduler-solver-path --greediness",
       "flow's scheduler has no settings: it starts ready jobs by priority, then by the "
       "longest path to the end",
       "use a rule's `priority:` to prefer some jobs"},
      {"--batch", "flow does not run a DAG in batches",
       "name the target files of one batch on the command line, or use --until RULE"},
      {"--allowed-rules", "flow has no allowed-rules filter",
       "use --until RULE or --omit-from RULE"},
      {"--target-jobs", "flow takes target files", "name the files on the command line"},
      {"--all-temp", "flow has no --all-temp", "mark outputs `temp: true` in the rules"},
      {"--shadow-prefix --cleanup-shadow",
       "flow keeps shadow directories under .flow/shadow/ and removes them itself", "leave it out"},
      {"--archive --generate-unit-tests --export-cwl --edit-notebook --draft-notebook "
       "--wrapper-prefix --report-stylesheet --wms-monitor --wms-monitor-arg "
       "--log-handler-script --logger --runtime-source-cache-path --mode",
       "flow has no such feature", "see docs/from-snakemake.md for what flow offers"},
      {"--runtime-profile --stats", "flow keeps every run's job times and memory",
       "use --report FILE.html (per-job runtime, memory and a timeline)"},
      {"--benchmark-extended", "flow's benchmark files always hold max_rss, cpu and io",
       "leave it out"},
      {"--verbose", "flow has no verbose mode",
       "use -n to see why each job runs and -p to see each command"},
  };
  return table;
}

const SnakemakeFlag* find_snakemake_flag(std::string_view option) {
  std::string_view name = option.substr(0, option.find('='));
  for (const auto& flag : snakemake_flags()) {
    for (const auto& spelling : split(flag.names, ' ')) {
      if (spelling == name) return &flag;
    }
  }
  return nullptr;
}

Error snakemake_flag_error(std::string_view option, const SnakemakeFlag& flag) {
  std::string name(option.substr(0, option.find('=')));
  Error error = make_error(ErrorKind::usage, fmt::format("{}: {}", name, flag.problem));
  error.notes.push_back(std::string(flag.instead));
  return error;
}

}  // namespace flow::cli
