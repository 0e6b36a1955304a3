#include "cli/options.h"

#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "flow/base/strings.h"
#include "flow/exec/executor_registry.h"

namespace flow::cli {
namespace {

// `-c` alone (or `-c all`) means every core (spec §3); CLI11 wants a value, so give it one.
std::vector<std::string> normalize_cores(std::vector<std::string> args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "-c" && args[i] != "--cores") continue;
    bool has_value = i + 1 < args.size() && (parse_int(args[i + 1]) || args[i + 1] == "all");
    if (!has_value) args.insert(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, "all");
  }
  return args;
}

Result<int> parse_cores(const std::string& text) {
  if (text == "all") return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto value = parse_int(text);
  if (!value || *value < 1) {
    return make_error(ErrorKind::usage,
                      fmt::format("--cores must be a positive number or 'all', not '{}'", text));
  }
  return static_cast<int>(*value);
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
  if (items.empty()) return static_cast<std::uint8_t>(15);
  std::uint8_t bits = 0;
  const std::vector<std::string> names = {"mtime", "params", "input", "code"};
  for (const auto& item : items) {
    auto it = std::find(names.begin(), names.end(), item);
    if (it == names.end()) {
      return make_error(
          ErrorKind::usage,
          fmt::format("--rerun-triggers takes mtime, params, input, code; not '{}'", item));
    }
    bits |= static_cast<std::uint8_t>(1 << (it - names.begin()));
  }
  return bits;
}

struct Flags {
  bool dry_run = false, dag = false, rulegraph = false, filegraph = false, list = false,
       list_builtins = false;
  bool summary = false, touch = false, delete_all_output = false, unlock = false, version = false;
  bool rerun_incomplete = false;
  std::string cores = "1";
  std::vector<std::string> resources, triggers;
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
  app.add_option("-j,--jobs", o.jobs, "Most cluster jobs in flight (default 50)");
  app.add_option("--resources", f.resources, "Limits on resources of running jobs: NAME=N ...");
  app.add_flag("-n,--dry-run", f.dry_run, "Show what would run and why, run nothing");
  app.add_flag("-p,--printshellcmds", o.print_commands, "Print each job's command");
  app.add_flag("-q,--quiet", o.quiet, "Print only errors and the closing line");
  app.add_flag("-k,--keep-going", o.keep_going, "Go on with independent jobs after a failure");
  app.add_option("--retries", o.retries, "Retry failed jobs N times (a rule's retries wins)");
  app.add_option("--latency-wait", o.latency_wait,
                 "Seconds to wait for outputs to appear (default 5)");
  app.add_flag("-F,--forceall", o.force_all, "Run every job of the DAG");
  app.add_flag("-f,--force", o.force_targets, "Run the target jobs even if up to date");
  app.add_option("-R,--forcerun", o.forcerun,
                 "Run jobs of these rules or files, and everything downstream");
  app.add_option("--until", o.until, "Run only up to these rules or files");
  app.add_option("--omit-from", o.omit_from,
                 "Leave out these rules or files and everything downstream");
  app.add_option("--rerun-triggers", f.triggers,
                 "What makes a job rerun: mtime params input code (default all)");
  app.add_flag("--rerun-incomplete", f.rerun_incomplete,
               "Accepted: incomplete outputs are always remade");
  app.add_flag("--notemp", o.notemp, "Keep temp outputs");
  app.add_option("--config", o.config, "Override config values: KEY=VALUE ... (KEY may be dotted)");
  app.add_option("--configfile", o.configfiles, "Merge these YAML files over the config");
  app.add_flag("--dag", f.dag, "Print the job DAG as Graphviz dot");
  app.add_flag("--rulegraph", f.rulegraph, "Print the rule graph as Graphviz dot");
  app.add_flag("--filegraph", f.filegraph, "Print the job and file graph as Graphviz dot");
  app.add_flag("-l,--list", f.list, "List the rules");
  app.add_flag("--list-builtins", f.list_builtins, "List the built-in steps and their arguments");
  app.add_flag("--summary", f.summary, "Print each output's date, rule, status and plan");
  app.add_flag("-t,--touch", f.touch,
               "Touch outputs of jobs that would run instead of running them");
  app.add_flag("--delete-all-output", f.delete_all_output, "Delete every output of the DAG");
  app.add_flag("--unlock", f.unlock,
               "Remove the lock left by a flow that died (with --force: even a running one's)");
  app.add_option("--report", o.report_file, "Write an HTML report of the last run to FILE.html");
  app.add_option("--executor", o.executor, exec::executor_names_text())
      ->check(CLI::IsMember(executor_names()));
  app.add_option("--pbs-flavor", o.pbs_flavor, "pro or torque")
      ->check(CLI::IsMember({"pro", "torque"}));
  app.add_option("--pbs-resources", o.pbs_resources, "The -l resource template of PBS jobs");
  app.add_option("--cluster-queue", o.cluster_queue, "Queue (PBS -q) or partition (Slurm -p)");
  app.add_option("--cluster-account", o.cluster_account, "Account to charge (-A)");
  app.add_option("--pbs-project", o.pbs_project, "Project (PBS Pro -P)");
  app.add_option("--cluster-poll", o.cluster_poll, "Seconds between status queries (default 2)");
  app.add_option("--max-submit-rate", o.max_submit_rate,
                 "Most submissions per second (default 10)");
  app.add_flag("--cancel-leftovers", o.cancel_leftovers,
               "Cancel jobs of a killed flow instead of re-attaching");
  app.add_option("--profile", o.profile, "Read default options from DIR/config.yaml");
  app.add_flag("--version", f.version, "Print the version");
}

Command pick_command(const Flags& f, const Options& o) {
  if (f.version) return Command::version;
  if (f.list_builtins) return Command::list_builtins;
  if (f.unlock) return Command::unlock;
  if (f.list) return Command::list;
  if (f.dag) return Command::dag;
  if (f.rulegraph) return Command::rulegraph;
  if (f.filegraph) return Command::filegraph;
  if (f.summary) return Command::summary;
  if (f.dry_run) return Command::dry_run;
  if (f.delete_all_output) return Command::delete_all_output;
  if (f.touch) return Command::touch;
  if (!o.report_file.empty()) return Command::report;
  return Command::run;
}

}  // namespace

Result<Options> parse_options(const std::vector<std::string>& raw_args) {
  std::vector<std::string> args = normalize_cores(raw_args);
  Options options;
  Flags flags;
  CLI::App app("flow: a fast, robust workflow runner", "flow");
  add_options(app, options, flags);
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
  auto resources = parse_resources(flags.resources);
  if (!resources) return resources.error();
  options.resources = std::move(*resources);
  auto triggers = parse_triggers(flags.triggers);
  if (!triggers) return triggers.error();
  options.rerun_triggers = *triggers;
  if (options.retries < 0) return make_error(ErrorKind::usage, "--retries must not be negative");
  if (options.latency_wait < 0)
    return make_error(ErrorKind::usage, "--latency-wait must not be negative");
  options.command = pick_command(flags, options);
  return options;
}

}  // namespace flow::cli
