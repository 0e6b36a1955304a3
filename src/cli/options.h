#pragma once
// The command line (spec §3-§5), as parsed by CLI11 with --profile defaults merged first.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/flowfile/resource_overrides.h"
#include "flow/plan/staleness.h"

namespace flow::cli {

enum class Command {
  run,
  dry_run,
  dag,
  rulegraph,
  filegraph,
  list,
  list_builtins,
  summary,
  estimate,
  touch,
  delete_all_output,
  delete_temp_output,
  cleanup_metadata,
  lint,
  completion,
  completion_words,
  unlock,
  report,
  version,
  help,
};

struct Options {
  Command command = Command::run;
  std::string help_text;     ///< for Command::help
  std::string command_line;  ///< how flow was started, shell-quoted (for the report)
  std::vector<std::string> targets;
  std::string flowfile;   ///< -s
  std::string directory;  ///< -d
  std::string profile;
  std::string report_file;
  std::string completion_shell;             ///< --completion SHELL: bash, zsh or fish
  std::vector<std::string> metadata_files;  ///< --cleanup-metadata FILE...

  int cores = 1;
  /// -j N (or `unlimited`, as the largest value); 0: the executor's default. Without a
  /// cluster executor it is the number of cores, unless -c is given (Snakemake >= 7).
  std::size_t jobs = 0;
  std::map<std::string, std::int64_t> resources;
  bool keep_going = false;
  int retries = 0;
  double latency_wait = 5.0;
  bool notemp = false;
  bool print_commands = false;
  bool dry_run = false;           ///< -n, also with --delete-all-output and --delete-temp-output
  bool quiet_progress = false;    ///< --quiet progress (or all): no progress lines
  bool quiet_rules = false;       ///< --quiet rules (or all): no job details, messages, commands
  bool quiet = false;             ///< -q, --quiet all: only errors and the closing line
  bool no_lock = false;           ///< --nolock
  bool show_failed_logs = false;  ///< --show-failed-logs: whole logs, not their last lines
  bool json = false;              ///< --json: --estimate as JSON

  bool force_all = false;
  bool force_targets = false;
  std::vector<std::string> forcerun;
  std::vector<std::string> until;
  std::vector<std::string> omit_from;
  std::uint8_t rerun_triggers = plan::k_all_triggers;

  std::vector<std::string> config;
  std::vector<std::string> configfiles;
  /// --default-resources, --set-resources, --set-threads (applied to the rules at load).
  flowfile::ResourceOverrides resource_overrides;
  /// --groups RULE=GROUP ... and --group-components GROUP=N ... (workflow.cpp).
  std::vector<std::string> groups;
  std::vector<std::string> group_components;

  /// --use-envmodules: local jobs `module load` their rule's envmodules (spec §9).
  bool use_envmodules = false;
  /// --use-containers, or --container-runtime NAME (which implies it): jobs of rules with a
  /// `container:` run in their image; runtime "" is the first of podman, docker, apptainer.
  bool use_containers = false;
  std::string container_runtime;

  std::string executor = "local";
  std::string pbs_flavor = "pro";
  std::string pbs_resources;
  std::string cluster_queue;
  std::string cluster_account;
  std::string pbs_project;
  std::string sge_pe = "smp";
  std::string sge_mpi_pe = "mpi";
  std::string cluster_args;  ///< split at spaces into ClusterOptions::extra_submit_args
  double cluster_poll = 2.0;
  double max_submit_rate = 10.0;
  bool cancel_leftovers = false;
  /// Wait for local jobs left running by a flow that died instead of stopping them.
  bool wait_leftovers = false;
};

/// One option as `--help` and the completion scripts show it.
struct OptionInfo {
  std::vector<std::string> names;  ///< "-n", "--dry-run", "--dryrun"
  std::string description;
  bool takes_value = false;
};

/// Every visible option (the completion scripts list them).
std::vector<OptionInfo> describe_options();

/// Parses argv. `profile_args` (from --profile) come first, so the command line wins.
/// Errors are ErrorKind::usage.
Result<Options> parse_options(const std::vector<std::string>& args);

/// The words of `--profile DIR`'s config.yaml as command-line arguments ("--jobs", "20"...),
/// found by looking for --profile in `args`; empty when there is none.
struct ProfileArguments {
  std::vector<std::string> words;     ///< options, before the command line's
  std::vector<std::string> warnings;  ///< "PATH:LINE:COL: warning: ..." for keys skipped
};
Result<ProfileArguments> profile_arguments(const std::vector<std::string>& args);

}  // namespace flow::cli
