#include "cli/commands.h"

#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/completion.h"
#include "cli/executor_factory.h"
#include "cli/failed_logs.h"
#include "cli/lint.h"
#include "cli/output_commands.h"
#include "cli/report_command.h"
#include "cli/software_env_check.h"
#include "cli/workflow.h"
#include "flow/base/strings.h"
#include "flow/builtins/catalog.h"
#include "flow/exec/cluster_options.h"
#include "flow/plan/protected_outputs.h"
#include "flow/report/dot.h"
#include "flow/report/dry_run_report.h"
#include "flow/report/estimate.h"
#include "flow/report/group_report.h"
#include "flow/report/history_sizer.h"
#include "flow/report/job_history.h"
#include "flow/report/progress_printer.h"
#include "flow/report/run_history.h"
#include "flow/report/summary.h"
#include "flow/rules/rule_set.h"
#include "flow/run/checkpoint_grower.h"
#include "flow/run/job_spec_builder.h"
#include "flow/run/runner.h"
#include "flow/state/journalled_spawner.h"
#include "flow/state/state_log.h"
#include "flow/state/workdir_lock.h"
#include "flow/sys/clock.h"
#include "flow/sys/interrupt.h"
#include "flow/sys/launcher.h"
#include "flow/sys/process.h"
#include "flow/sys/process_table.h"
#include "flow/sys/terminal.h"

namespace flow::cli {
namespace {

int exit_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage:
    case ErrorKind::flowfile:
      return 2;
    case ErrorKind::interrupted:
      return 130;
    default:
      return 1;
  }
}

state::LockProbe lock_probe() {
  return state::LockProbe{
      {sys::own_pid(), sys::host_name()}, sys::process_exists, sys::make_real_clock()->wall_now()};
}

Result<state::WorkdirLock> take_lock(sys::Filesystem& fs) {
  return state::WorkdirLock::acquire(fs, k_state_dir, lock_probe());
}

// --unlock (with --force: even the lock of a flow still running).
int unlock(const Options& o, sys::Filesystem& fs) {
  auto unlocked = state::WorkdirLock::unlock(fs, k_state_dir, lock_probe(), o.force_targets);
  if (!unlocked) return report_error(unlocked.error(), nullptr);
  if (!unlocked->removed) {
    std::cout << "flow: there was no lock." << std::endl;
  } else if (unlocked->owner) {
    std::cout << fmt::format("flow: removed the lock (it named pid {} on {}).",
                             unlocked->owner->pid, unlocked->owner->host)
              << std::endl;
  } else {
    std::cout << "flow: removed the lock." << std::endl;
  }
  return 0;
}

// The last run's job times (.flow/last-run.tsv, before this run replaces it), for the status
// line's time left: known only when every rule of the jobs to run has a time there.
void set_expected_times(const Workflow& wf, const sys::Filesystem& fs, int parallel,
                        report::PrinterOptions& options) {
  options.parallel = std::max(1, parallel);
  auto text = fs.read_file(run_history_path());
  if (!text) return;
  auto record = report::read_run_history(*text, run_history_path());
  if (!record) return;
  options.rule_seconds = report::rule_seconds(*record);
  double planned = 0;
  for (const auto& job : wf.dag->jobs()) {
    if (!wf.staleness.runs(job.id)) continue;
    auto it = options.rule_seconds.find(wf.dag->rule_of(job.id).name);
    if (it == options.rule_seconds.end()) return;
    planned += it->second;
  }
  options.planned_seconds = planned;
}

// The images of the rules whose jobs run (every rule's when checkpoints can add jobs).
std::vector<ImageUse> images_in_use(const Workflow& wf) {
  std::vector<bool> runs(wf.rules->rules().size(), !wf.rules->checkpoint_rules().empty());
  for (const auto& job : wf.dag->jobs()) {
    if (wf.staleness.runs(job.id)) runs[wf.dag->rule_of(job.id).id.index()] = true;
  }
  std::vector<ImageUse> images;
  for (const auto& rule : wf.rules->rules()) {
    if (rule.container.empty() || !runs[rule.id.index()]) continue;
    auto it = std::find_if(images.begin(), images.end(),
                           [&](const ImageUse& use) { return use.image == rule.container; });
    if (it == images.end()) it = images.insert(images.end(), ImageUse{rule.container, {}});
    it->rules.push_back(rule.name);
  }
  return images;
}

// Spec §9: a missing runtime or image is an error before any job starts.
Result<void> check_image(run::ContainerRuntime runtime, const ImageUse& use,
                         const sys::Filesystem& fs) {
  auto command = image_check_command(runtime, use.image);
  if (!command) {
    // apptainer: a local image file is checked; a URI (docker://...) apptainer fetches itself.
    if (use.image.find("://") != std::string::npos) return ok_result();
    auto stat = fs.stat(use.image);
    if (stat && stat->exists) return ok_result();
    Error error = make_error(
        ErrorKind::workflow,
        fmt::format("container image '{}' of {} does not exist", use.image, rules_text(use.rules)));
    error.notes.push_back("build it first (apptainer build IMAGE.sif ...)");
    return error;
  }
  auto spawner = sys::make_posix_spawner();
  sys::SpawnRequest request;
  request.argv = *command;
  request.output = sys::OutputMode::split;
  auto result = sys::run_command(*spawner, request);
  if (result && result->exit_code == 0) return ok_result();
  std::string said = result ? std::string(trim(result->error_output)) : result.error().message;
  if (std::size_t newline = said.rfind('\n'); newline != std::string::npos)
    said = said.substr(newline + 1);  // the last line says why
  Error error = make_error(ErrorKind::workflow,
                           fmt::format("container image '{}' of {} is not available to {}{}",
                                       use.image, rules_text(use.rules), run::runtime_name(runtime),
                                       said.empty() ? std::string() : ": " + said));
  error.notes.push_back(
      fmt::format("`{}` said no; flow never pulls images: build or pull it "
                  "first ({} pull {})",
                  join(*command, " "), run::runtime_name(runtime), use.image));
  return error;
}

Result<void> set_software_env(const Options& o, const Workflow& wf, const sys::Filesystem& fs,
                              run::RunOptions& run_options) {
  run_options.use_envmodules = o.use_envmodules;
  run_options.uid = sys::own_uid();
  run_options.gid = sys::own_gid();
  if (!o.use_containers || o.command == Command::touch) return ok_result();
  std::vector<ImageUse> images = images_in_use(wf);
  if (images.empty()) return ok_result();  // nothing that runs names an image
  auto runtime = choose_runtime(o.container_runtime, images, sys::find_on_path);
  if (!runtime) return runtime.error();
  for (const auto& use : images) {
    if (auto checked = check_image(*runtime, use, fs); !checked) return checked.error();
  }
  run_options.container_runtime = *runtime;
  return ok_result();
}

// Spec §9: auto resources are sized from the job history, which is read only when some rule
// has them (a 1,000,000-job workflow without them pays nothing). A rule that asks for `auto`
// with no history to size it from is named once, with what it asks for instead.
std::unique_ptr<report::HistorySizer> make_sizer(const Workflow& wf, const sys::Filesystem& fs) {
  if (!report::has_auto_resources(*wf.rules)) return nullptr;
  auto models = report::fit_history(report::read_job_history(fs, job_history_path()),
                                    report::process_kinds(*wf.rules));
  for (const auto& note : report::unsized_auto_notes(*wf.rules, models))
    std::cerr << "flow: warning: " << note << std::endl;
  return std::make_unique<report::HistorySizer>(*wf.dag, *wf.stats, models);
}

// --estimate [--json]: the jobs the dry run would run, predicted from the job history.
int estimate_command(const Options& o, Workflow& wf, const sys::Filesystem& fs) {
  auto entries = report::read_job_history(fs, job_history_path());
  auto models = report::fit_history(entries, report::process_kinds(*wf.rules));
  auto planned = report::planned_jobs(*wf.dag, wf.staleness, *wf.stats);
  auto estimate = report::estimate_jobs(planned, models, o.cores);
  if (o.json) {
    report::write_estimate_json(estimate, entries.size(), std::cout);
  } else {
    report::write_estimate(estimate, entries.size(), std::cout);
  }
  return 0;
}

int run_workflow(const Options& o, Workflow& wf, sys::Filesystem& fs,
                 std::unique_ptr<sys::ProcessSpawner> spawner) {
  if (wf.staleness.run_count == 0 && o.command == Command::run) {
    std::cout << "flow: nothing to be done." << std::endl;
    return 0;
  }
  auto clock = sys::make_real_clock();
  if (!spawner) spawner = sys::make_posix_spawner();
  run::RunOptions run_options;
  run_options.cores = o.cores;
  run_options.resources = o.resources;
  run_options.remote = is_remote_executor(o);
  run_options.keep_going = o.keep_going;
  run_options.retries = o.retries;
  run_options.latency_wait = o.latency_wait;
  run_options.keep_temp = o.notemp;
  run_options.workdir = sys::current_directory();
  run_options.flow_binary = sys::self_executable();
  run_options.state_dir = k_state_dir;
  if (auto env = set_software_env(o, wf, fs, run_options); !env)
    return report_error(env.error(), nullptr);
  auto sizer = make_sizer(wf, fs);
  run_options.sizer = sizer.get();
  // Every job started is journalled as running until it ends (state/leftover_jobs.h), so
  // that a flow started after this one dies finds those left running. Not with --nolock:
  // a flow holding the lock would take them for a dead flow's.
  auto processes = sys::make_real_process_table();
  state::JournalledSpawner journalled(*spawner, *wf.state, *processes);
  auto executor = make_executor(o, o.no_lock ? *spawner : journalled, fs, *clock);
  if (!executor) return report_error(executor.error(), nullptr);
  warn_unrequested_resources(o, *wf.rules, std::cerr);
  sys::TerminalInfo terminal = sys::stdout_terminal();
  report::PrinterOptions printer_options;
  printer_options.quiet = o.quiet;
  printer_options.quiet_progress = o.quiet_progress;
  printer_options.quiet_rules = o.quiet_rules;
  printer_options.print_commands = o.print_commands;
  printer_options.whole_logs = o.show_failed_logs;
  printer_options.live_status = terminal.is_terminal;
  printer_options.color = terminal.color;
  printer_options.width = terminal.width;
  std::size_t cluster_jobs = o.jobs > 0 ? o.jobs : exec::default_cluster_options().jobs;
  set_expected_times(wf, fs,
                     is_remote_executor(o)
                         ? static_cast<int>(std::min<std::size_t>(cluster_jobs, 1 << 20))
                         : o.cores,
                     printer_options);
  report::ProgressPrinter printer(*wf.dag, std::cout, *clock, printer_options);
  WholeLogs whole_logs(printer, fs);
  run::RunObserver& shown = o.show_failed_logs ? static_cast<run::RunObserver&>(whole_logs)
                                               : static_cast<run::RunObserver&>(printer);
  report::RunHistory history(shown, *wf.dag, *clock, fs, run_history_path(), run_info(o, wf));
  report::JobHistory jobs(history, *wf.dag, *wf.stats, *clock, fs, job_history_path());
  run::RunObserver& observer = o.command == Command::touch ? static_cast<run::RunObserver&>(history)
                                                           : static_cast<run::RunObserver&>(jobs);
  run::RunContext context{*wf.dag, wf.staleness, *wf.stats, *wf.state,  **executor,
                          fs,      *clock,       observer,  run_options};
  run::CheckpointGrower grower(fs);
  if (!wf.rules->checkpoint_rules().empty()) context.grower = &grower;
  if (!wf.units.empty()) context.units = &wf.units;
  run::RunStatus status =
      o.command == Command::touch ? run::touch_jobs(context) : run::run_jobs(context);
  switch (status) {
    case run::RunStatus::success:
      return 0;
    case run::RunStatus::failed:
      return 1;
    case run::RunStatus::interrupted:
      return 130;
  }
  return 1;
}

bool writes_state(Command command) {
  switch (command) {
    case Command::run:
    case Command::touch:
    case Command::delete_all_output:
    case Command::delete_temp_output:
      return true;
    default:
      return false;
  }
}

// The commands that need only the rules.
int rules_command(const Options& o, Workflow& wf) {
  switch (o.command) {
    case Command::list:
      report::write_rule_list(*wf.rules, std::cout);
      return 0;
    case Command::lint:
      return write_lints(lint_workflow(*wf.rules, wf.config, wf.texts), wf.texts,
                         sys::stdout_terminal().color, std::cout);
    default:
      return 0;
  }
}

int run_workflow_command(const Options& o, sys::Filesystem& fs) {
  bool writes = writes_state(o.command) && !o.dry_run;  // -n --delete-*: only a list
  // Jobs are spawned by a launcher forked now, while flow is small: a job's max_rss starts
  // at its spawner's peak memory (sys/launcher.h).
  std::unique_ptr<sys::ProcessSpawner> spawner;
  if (o.command == Command::run) {
    spawner = sys::make_launcher_spawner(
        [](const std::string& text) { std::cerr << "flow: warning: " << text << std::endl; });
  }
  std::optional<state::WorkdirLock> lock;
  if (writes && !o.no_lock) {
    auto taken = take_lock(fs);
    if (!taken) return report_error(taken.error(), nullptr);
    lock.emplace(std::move(*taken));
  }
  bool rules_only = o.command == Command::list || o.command == Command::lint;
  Workflow wf;
  if (auto prepared = prepare_workflow(o, fs, rules_only ? Stage::rules : Stage::plan, writes, wf);
      !prepared)
    return report_error(prepared.error(), &wf.texts);
  if (sys::interrupt_count() > 0) {  // Ctrl-C while a large workflow was being planned
    return report_error(make_error(ErrorKind::interrupted, "interrupted"), nullptr);
  }
  if (rules_only) return rules_command(o, wf);
  // Before any job starts, and in the dry run after its plan: a protected output in the way.
  std::vector<plan::ProtectedOverwrite> overwrites;
  if (o.command == Command::run || o.command == Command::dry_run) {
    overwrites = plan::find_protected_overwrites(*wf.dag, wf.staleness, *wf.stats);
  }
  if (!overwrites.empty() && o.command == Command::run) {
    return report_error(plan::protected_overwrite_error(*wf.dag, overwrites, false), nullptr);
  }
  switch (o.command) {
    case Command::dag:
      report::write_dot(*wf.dag, wf.staleness, report::GraphKind::jobs, std::cout);
      return 0;
    case Command::rulegraph:
      report::write_dot(*wf.dag, wf.staleness, report::GraphKind::rules, std::cout);
      return 0;
    case Command::filegraph:
      report::write_dot(*wf.dag, wf.staleness, report::GraphKind::files, std::cout);
      return 0;
    case Command::dry_run: {
      report::DryRunOptions dry{o.print_commands, o.quiet || o.quiet_rules, o.cores};
      auto sizer = make_sizer(wf, fs);
      dry.sizer = sizer.get();
      report::write_dry_run(*wf.dag, wf.staleness, dry, std::cout);
      if (!wf.units.empty()) {
        std::size_t submitted = 0;  // jobs the cluster gets: not local, not step-less
        for (const auto& job : wf.dag->jobs()) {
          if (wf.staleness.runs(job.id) && !run::runs_locally(wf.dag->rule_of(job.id), true))
            ++submitted;
        }
        report::write_group_units(*wf.dag, wf.units, submitted, std::cout);
      }
      if (!overwrites.empty()) {  // a warning: a dry run is for looking, and it shows why
        std::cout.flush();
        std::cerr << format_warning(plan::protected_overwrite_error(*wf.dag, overwrites, true),
                                    nullptr);
      }
      return 0;
    }
    case Command::summary:
      report::write_summary(*wf.dag, wf.staleness, *wf.stats, wf.state.get(), std::cout);
      return 0;
    case Command::estimate:
      return estimate_command(o, wf, fs);
    case Command::delete_all_output:
      return delete_outputs(wf, fs, Deletion::all, o.dry_run, std::cout);
    case Command::delete_temp_output:
      return delete_outputs(wf, fs, Deletion::temp, o.dry_run, std::cout);
    default:
      return run_workflow(o, wf, fs, std::move(spawner));
  }
}

// --cleanup-metadata FILE...: needs the journal, not the workflow.
int cleanup_metadata_command(const Options& o, sys::Filesystem& fs) {
  std::optional<state::WorkdirLock> lock;
  if (!o.no_lock) {
    auto taken = take_lock(fs);
    if (!taken) return report_error(taken.error(), nullptr);
    lock.emplace(std::move(*taken));
  }
  auto state = state::StateLog::open(fs, k_state_dir);
  if (!state) return report_error(state.error(), nullptr);
  return cleanup_metadata(**state, o.metadata_files, std::cout);
}

}  // namespace

int report_error(const Error& error, const SourceTexts* texts) {
  bool color = sys::stdout_terminal().color;
  std::cerr << format_error(error, texts, color) << std::flush;
  return exit_status(error.kind);
}

int run_command(const Options& o) {
  switch (o.command) {
    case Command::version:
      std::cout << "flow " << FLOW_VERSION << "\n";
      return 0;
    case Command::help:
      std::cout << o.help_text;
      return 0;
    case Command::list_builtins:
      std::cout << builtins::describe_builtins();
      return 0;
    case Command::completion:
      std::cout << completion_script(o.completion_shell, describe_options());
      return 0;
    default:
      break;
  }
  if (!o.directory.empty()) {
    if (auto changed = sys::change_directory(o.directory); !changed)
      return report_error(changed.error(), nullptr);
  }
  auto fs = sys::make_real_filesystem();
  if (o.command == Command::unlock) return unlock(o, *fs);
  if (o.command == Command::report) return write_report(o, *fs);
  if (o.command == Command::cleanup_metadata) return cleanup_metadata_command(o, *fs);
  if (o.command == Command::completion_words) return write_completion_words(o, *fs, std::cout);
  return run_workflow_command(o, *fs);
}

}  // namespace flow::cli
