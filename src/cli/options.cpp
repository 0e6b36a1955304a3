#include "cli/options.h"

#include <climits>
#include <cmath>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/argument_rewrites.h"
#include "cli/snakemake_flags.h"
#include "flow/base/did_you_mean.h"
#include "flow/base/strings.h"
#include "flow/exec/executor_registry.h"
#include "flow/plan/staleness.h"

namespace flow::cli {
namespace {

Result<int> parse_cores(const std::string& text) {
  if (text == "all") return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto value = parse_int(text);
  if (!value || *value < 1) {
    return make_error(ErrorKind::usage,
                      fmt::format("--cores must be a positive number or 'all', not '{}'", text));
  }
  return static_cast<int>(*value);
}

// -j N, `all` (every core) or `unlimited` (no limit: the largest value).
Result<std::size_t> parse_jobs(const std::string& text) {
  if (text == "unlimited") return SIZE_MAX;
  if (text == "all")
    return static_cast<std::size_t>(std::max(1u, std::thread::hardware_concurrency()));
  auto value = parse_int(text);
  if (!value || *value < 1) {
    return make_error(
        ErrorKind::usage,
        fmt::format("--jobs must be a positive number, 'all' or 'unlimited', not '{}'", text));
  }
  return static_cast<std::size_t>(*value);
}

Result<void> apply_quiet(const std::vector<std::string>& words, Options& o) {
  for (const auto& word : words) {
    if (word == "all") {
      o.quiet = o.quiet_progress = o.quiet_rules = true;
    } else if (word == "progress") {
      o.quiet_progress = true;
    } else if (word == "rules") {
      o.quiet_rules = true;
    } else {
      return make_error(ErrorKind::usage,
                        fmt::format("--quiet takes progress, rules or all, not '{}'", word));
    }
  }
  return ok_result();
}

Result<std::map<std::string, std::int64_t>> parse_resources(const std::vector<std::string>& items) {
  std::map<std::string, std::int64_t> resources;
  for (const auto& item : items) {
    auto eq = item.find('=');
    auto value = eq == std::string::npos ? std::nullopt : parse_int(item.substr(eq + 1));
    if (eq == 0 || !value || *value < 0) {
      return make_error(ErrorKind::usage, fmt::format("--resources takes NAME=N, not '{}'", item));
    }
    resources[item.substr(0, eq)] = *value;
  }
  return resources;
}

Result<std::uint8_t> parse_triggers(const std::vector<std::string>& items) {
  if (items.empty()) return static_cast<std::uint8_t>(plan::k_all_triggers);
  std::uint8_t bits = 0;
  std::vector<std::string> names;
  for (const auto& trigger : plan::k_trigger_names)
    names.emplace_back(trigger.name);
  for (const auto& item : items) {
    const auto* found =
        std::find_if(std::begin(plan::k_trigger_names), std::end(plan::k_trigger_names),
                     [&](const plan::TriggerName& t) { return t.name == item; });
    if (found == std::end(plan::k_trigger_names)) {
      return make_error(ErrorKind::usage, fmt::format("--rerun-triggers takes {}; not '{}'",
                                                      join(names, ", "), item));
    }
    bits |= found->bit;
  }
  return bits;
}

struct Flags {
  bool dry_run = false, dag = false, rulegraph = false, filegraph = false, list = false,
       list_builtins = false;
  bool summary = false, estimate = false, touch = false, delete_all_output = false, unlock = false,
       version = false;
  bool rerun_incomplete = false, reason = false, lint = false, completion_words = false;
  bool delete_temp_output = false;
  std::string cores = "1", jobs;
  std::vector<std::string> resources, triggers, quiet;
};

// `--executor` accepts exactly the registered executors.
std::vector<std::string> executor_names() {
  std::vector<std::string> names;
  for (const auto& entry : exec::executor_entries())
    names.emplace_back(entry.name);
  return names;
}

void add_options(CLI::App& app, Options& o, Flags& f) {
  app.add_option("targets", o.targets, "Files or rule names to make (default: the default target)");
  app.add_option("-s,--flowfile", o.flowfile,
                 "The workflow file (default: flow.yaml, flow.yml, workflow/flow.yaml)");
  app.add_option("-d,--directory", o.directory, "Run in this directory");
  app.add_option("-c,--cores", f.cores,
                 "Cores for local jobs: N, or 'all' (also -c alone); default 1");
  app.add_option("-j,--jobs", f.jobs,
                 "Most cluster jobs in flight (default 50), or 'unlimited'; without a cluster "
                 "executor the cores, as -c (Snakemake's habit)");
  app.add_option("--resources", f.resources, "Limits on resources of running jobs: NAME=N ...");
  app.add_option("--default-resources,--default-res", o.resource_overrides.defaults,
                 "Resources of every rule that does not give them: NAME=VALUE ...");
  app.add_flag("--auto-resources", o.resource_overrides.auto_resources,
               "Size every rule's mem_mb and runtime from the job history (.flow/history.tsv)");
  app.add_option("--set-resources", o.resource_overrides.sets,
                 "Resources of one rule, over its own: RULE:NAME=VALUE ...");
  app.add_option("--set-threads", o.resource_overrides.threads,
                 "Threads of one rule, over its own: RULE=N ...");
  app.add_option("--groups", o.groups,
                 "Job groups of rules, over their `group:`: RULE=GROUP ... (cluster executors)");
  app.add_option("--group-components", o.group_components,
                 "Connected parts of a group one cluster job runs: GROUP=N ...");
  app.add_flag("-n,--dry-run,--dryrun", f.dry_run, "Show what would run and why, run nothing");
  app.add_flag("-r,--reason", f.reason, "Accepted: the dry run always says why each job runs");
  app.add_flag("-p,--printshellcmds", o.print_commands, "Print each job's command");
  app.add_option("-q,--quiet", f.quiet,
                 "Print less: progress (no progress lines), rules (no job details), all "
                 "(only errors and the closing line; -q alone)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("-k,--keep-going", o.keep_going, "Go on with independent jobs after a failure");
  app.add_option("--retries,--restart-times", o.retries,
                 "Retry failed jobs N times (a rule's retries wins)");
  app.add_option("-w,--latency-wait,--output-wait", o.latency_wait,
                 "Seconds to wait for outputs to appear (default 5)");
  app.add_flag("--show-failed-logs", o.show_failed_logs,
               "Print the whole log of a failed job, not only its last lines");
  app.add_flag("--use-envmodules", o.use_envmodules,
               "Load each rule's envmodules (module load) before its local jobs too");
  app.add_flag("--use-containers", o.use_containers,
               "Run the jobs of rules with a `container:` image in it");
  app.add_option("--container-runtime", o.container_runtime,
                 "podman, docker or apptainer (implies --use-containers; default: the first "
                 "found on PATH)")
      ->check(CLI::IsMember({"podman", "docker", "apptainer"}));
  app.add_flag("-F,--forceall", o.force_all, "Run every job of the DAG");
  app.add_flag("-f,--force", o.force_targets, "Run the target jobs even if up to date");
  app.add_option("-R,--forcerun", o.forcerun,
                 "Run jobs of these rules or files, and everything downstream");
  app.add_option("--until", o.until, "Run only up to these rules or files");
  app.add_option("--omit-from", o.omit_from,
                 "Leave out these rules or files and everything downstream");
  app.add_option("--rerun-triggers", f.triggers,
                 "What makes a job rerun: mtime params input code (default all)");
  app.add_flag("--rerun-incomplete,--ri", f.rerun_incomplete,
               "Accepted: incomplete outputs are always remade");
  app.add_flag("--notemp,--nt", o.notemp, "Keep temp outputs");
  app.add_option("-C,--config", o.config,
                 "Override config values: KEY=VALUE ... (KEY may be dotted)");
  app.add_option("--configfile,--configfiles", o.configfiles,
                 "Merge these YAML files over the config");
  app.add_flag("--dag", f.dag, "Print the job DAG as Graphviz dot");
  app.add_flag("--rulegraph", f.rulegraph, "Print the rule graph as Graphviz dot");
  app.add_flag("--filegraph", f.filegraph, "Print the job and file graph as Graphviz dot");
  app.add_flag("-l,--list,--list-rules", f.list, "List the rules");
  app.add_flag("--list-builtins", f.list_builtins, "List the built-in steps and their arguments");
  app.add_flag("--lint", f.lint, "Check the workflow for common problems (Snakemake's lints)");
  app.add_flag("-S,--summary", f.summary, "Print each output's date, rule, status and plan");
  app.add_flag("--estimate", f.estimate,
               "Predict the wall time, peak memory and core-hours of the jobs to run, per rule, "
               "from the job history");
  app.add_flag("--json", o.json, "With --estimate: print it as JSON");
  app.add_flag("-t,--touch", f.touch,
               "Touch outputs of jobs that would run instead of running them");
  app.add_flag("--delete-all-output", f.delete_all_output,
               "Delete every output of the DAG (with -n: list them)");
  app.add_flag("--delete-temp-output", f.delete_temp_output,
               "Delete the temp outputs of the DAG (with -n: list them)");
  app.add_option("--cleanup-metadata,--cm", o.metadata_files,
                 "Forget what flow recorded about these files (made by, incomplete)");
  app.add_flag("--unlock", f.unlock,
               "Remove the lock left by a flow that died (with --force: even a running one's)");
  app.add_flag("--nolock", o.no_lock, "Do not lock the working directory (at your own risk)");
  app.add_option("--report", o.report_file, "Write an HTML report of the last run to FILE.html");
  app.add_option("--completion", o.completion_shell,
                 "Print the shell completion script: bash, zsh or fish")
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  app.add_flag("--completion-words", f.completion_words)->group("");  // for the scripts
  app.add_option("-e,--executor", o.executor, exec::executor_names_text())
      ->check(CLI::IsMember(executor_names()));
  app.add_option("--pbs-flavor", o.pbs_flavor, "pro or torque")
      ->check(CLI::IsMember({"pro", "torque"}));
  app.add_option("--pbs-resources", o.pbs_resources, "The -l resource template of PBS jobs");
  app.add_option("--cluster-queue", o.cluster_queue, "Queue (PBS, SGE -q) or partition (Slurm -p)");
  app.add_option("--cluster-account", o.cluster_account, "Account to charge (-A)");
  app.add_option("--pbs-project", o.pbs_project, "Project (PBS Pro, SGE -P)");
  app.add_option("--sge-pe", o.sge_pe,
                 "Grid Engine parallel environment of multi-threaded jobs (default smp)");
  app.add_option("--sge-mpi-pe", o.sge_mpi_pe,
                 "Grid Engine parallel environment of jobs of several tasks (default mpi)");
  app.add_option("--cluster-args", o.cluster_args,
                 "Extra words for every qsub/sbatch, split at spaces (--cluster-args='-W x=y')");
  app.add_option("--cluster-poll", o.cluster_poll, "Seconds between status queries (default 2)");
  app.add_option("--max-submit-rate", o.max_submit_rate,
                 "Most submissions per second (default 10)");
  app.add_flag("--cancel-leftovers", o.cancel_leftovers,
               "Cancel jobs of a killed flow instead of re-attaching");
  app.add_flag("--wait-leftovers", o.wait_leftovers,
               "Wait for local jobs left running by a flow that died instead of stopping them");
  app.add_option("--profile", o.profile, "Read default options from DIR/config.yaml");
  app.add_flag("-v,--version", f.version, "Print the version");
}

Command pick_command(const Flags& f, const Options& o) {
  if (f.version) return Command::version;
  if (!o.completion_shell.empty()) return Command::completion;
  if (f.completion_words) return Command::completion_words;
  if (f.list_builtins) return Command::list_builtins;
  if (f.unlock) return Command::unlock;
  if (f.lint) return Command::lint;
  if (f.list) return Command::list;
  if (f.dag) return Command::dag;
  if (f.rulegraph) return Command::rulegraph;
  if (f.filegraph) return Command::filegraph;
  if (f.summary) return Command::summary;
  if (f.estimate) return Command::estimate;
  if (!o.metadata_files.empty()) return Command::cleanup_metadata;
  if (f.delete_all_output) return Command::delete_all_output;
  if (f.delete_temp_output) return Command::delete_temp_output;
  if (f.dry_run) return Command::dry_run;
  if (f.touch) return Command::touch;
  if (!o.report_file.empty()) return Command::report;
  return Command::run;
}

// An option CLI11 does not know: a Snakemake one gets its tailored message (snakemake_flags.h),
// a typo the closest spelling.
std::optional<Error> check_unknown_options(const CLI::App& app,
                                           const std::vector<std::string>& args) {
  std::vector<std::string> known;
  for (const CLI::Option* option : app.get_options()) {
    for (const auto& name : option->get_lnames())
      known.push_back("--" + name);
    for (const auto& name : option->get_snames())
      known.push_back("-" + name);
  }
  for (const auto& arg : args) {
    if (arg == "--") break;
    if (!arg.starts_with("--") && !(arg.size() == 2 && arg[0] == '-' && std::isalpha(arg[1])))
      continue;
    std::string name = arg.substr(0, arg.find('='));
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    if (const SnakemakeFlag* flag = find_snakemake_flag(name))
      return snakemake_flag_error(name, *flag);
    Error error = make_error(ErrorKind::usage, fmt::format("unknown option '{}'", name));
    if (!add_did_you_mean(error, name, known))
      error.notes.push_back("`flow --help` lists the options");
    return error;
  }
  return std::nullopt;
}

// Without a cluster executor, -j N is the number of cores unless -c is given (Snakemake >= 7
// treats --jobs as --cores for local execution).
void apply_local_jobs(const CLI::App& app, Options& o) {
  const exec::ExecutorEntry* executor = exec::find_executor(o.executor);
  if (executor == nullptr || executor->is_remote || o.jobs == 0 || app.count("--cores") > 0) return;
  o.cores = static_cast<int>(std::min<std::size_t>(o.jobs, INT_MAX));
}

}  // namespace

std::vector<OptionInfo> describe_options() {
  Options options;
  Flags flags;
  CLI::App app("flow: a fast, robust workflow runner", "flow");
  add_options(app, options, flags);
  std::vector<OptionInfo> list;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty() || option->get_positional()) continue;
    OptionInfo info;
    for (const auto& name : option->get_snames())
      info.names.push_back("-" + name);
    for (const auto& name : option->get_lnames())
      info.names.push_back("--" + name);
    info.description = option->get_description();
    info.takes_value = option->get_expected_min() > 0;
    list.push_back(std::move(info));
  }
  return list;
}

Result<Options> parse_options(const std::vector<std::string>& raw_args) {
  std::vector<std::string> args = rewrite_optional_values(raw_args);
  Options options;
  Flags flags;
  CLI::App app("flow: a fast, robust workflow runner", "flow");
  add_options(app, options, flags);
  if (auto unknown = check_unknown_options(app, args)) return *unknown;
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses a reversed vector
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    options.command = Command::help;
    options.help_text = app.help();
    return options;
  } catch (const CLI::ParseError& error) {
    Error usage = make_error(ErrorKind::usage, error.what());
    usage.notes.push_back("`flow --help` lists the options");
    return usage;
  }
  auto cores = parse_cores(flags.cores);
  if (!cores) return cores.error();
  options.cores = *cores;
  if (!flags.jobs.empty()) {
    auto jobs = parse_jobs(flags.jobs);
    if (!jobs) return jobs.error();
    options.jobs = *jobs;
  }
  apply_local_jobs(app, options);
  if (auto quiet = apply_quiet(flags.quiet, options); !quiet) return quiet.error();
  options.dry_run = flags.dry_run;
  auto resources = parse_resources(flags.resources);
  if (!resources) return resources.error();
  options.resources = std::move(*resources);
  auto triggers = parse_triggers(flags.triggers);
  if (!triggers) return triggers.error();
  options.rerun_triggers = *triggers;
  if (options.retries < 0) return make_error(ErrorKind::usage, "--retries must not be negative");
  // `!(x >= 0)` also catches NaN; an infinite wait would never end a missing-output check.
  if (!(options.latency_wait >= 0) || !std::isfinite(options.latency_wait))
    return make_error(ErrorKind::usage,
                      "--latency-wait takes a number of seconds (0 or more, finite)");
  // An empty name would otherwise fall through to running the whole workflow.
  if (app.count("--report") > 0 && options.report_file.empty())
    return make_error(ErrorKind::usage, "--report needs a file name");
  if (!options.container_runtime.empty()) options.use_containers = true;
  options.command = pick_command(flags, options);
  return options;
}

}  // namespace flow::cli
