#include "cli/workflow.h"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "cli/config_text.h"
#include "cli/executor_factory.h"
#include "flow/builtins/catalog.h"
#include "flow/dag/dag_builder.h"
#include "flow/flowfile/load.h"
#include "flow/plan/checkpoint_reruns.h"
#include "flow/plan/plan.h"
#include "flow/state/leftover_jobs.h"
#include "flow/sys/clock.h"
#include "flow/sys/process_table.h"

namespace flow::cli {
namespace {

Result<void> load_rules(const Options& o, const sys::Filesystem& fs, Workflow& wf) {
  wf.path = o.flowfile;
  if (wf.path.empty()) {
    auto found = flowfile::find_flowfile(fs, "");
    if (!found) {
      return make_error(
          ErrorKind::usage,
          fmt::format(
              "no workflow file in {}: looked for flow.yaml, flow.yml and workflow/flow.yaml",
              sys::current_directory()));
    }
    wf.path = *found;
  }
  flowfile::ConfigOverrides overrides{o.configfiles, o.config};
  auto file = flowfile::load_flowfile(wf.path, fs, overrides, wf.texts);
  if (!file) return file.error();
  if (auto applied = flowfile::apply_resource_overrides(o.resource_overrides, *file); !applied)
    return applied;
  if (auto grouped = flowfile::apply_groups(o.groups, *file); !grouped) return grouped;
  auto components = flowfile::read_group_components(o.group_components, *file);
  if (!components) return components.error();
  wf.groups.components = std::move(*components);
  auto rules = rules::build_rules(*file, builtins::signatures());
  if (!rules) return rules.error();
  wf.config = std::move(file->config);
  wf.rules = std::make_unique<rules::RuleSet>(std::move(*rules));
  return ok_result();
}

}  // namespace

Result<void> prepare_workflow(const Options& o, sys::Filesystem& fs, Stage stage,
                              bool writable_state, Workflow& wf) {
  if (auto loaded = load_rules(o, fs, wf); !loaded) return loaded;
  if (stage == Stage::rules) return ok_result();
  if (writable_state) wf.config_text = config_text(wf.config);  // a run keeps a history
  wf.config = flowfile::Node();
  dag::DagOptions options{o.until, o.omit_from, {}, 0, false, false};
  auto dag = dag::build_dag(*wf.rules, o.targets, fs, options);
  if (!dag) return dag.error();
  wf.dag = std::make_unique<dag::Dag>(std::move(*dag));
  wf.stats = std::make_unique<plan::FileStatCache>(*wf.dag, fs);
  auto state = writable_state ? state::StateLog::open(fs, k_state_dir)
                              : state::StateLog::open_read_only(fs, k_state_dir);
  if (!state) return state.error();
  wf.state = std::move(*state);
  if (writable_state && !o.no_lock) {
    // Jobs that a flow which died left running may still write their outputs: stop them (or
    // wait for them) first. Only under the lock: without it, they may be a live flow's.
    auto table = sys::make_real_process_table();
    auto clock = sys::make_real_clock();
    auto policy = o.wait_leftovers ? state::LeftoverPolicy::wait : state::LeftoverPolicy::stop;
    auto settled = state::settle_leftover_jobs(
        *wf.state, *table, *clock, policy,
        [](const std::string& text) { std::cout << "flow: " << text << std::endl; });
    if (!settled) return settled.error();
  }
  plan::StalenessOptions staleness{o.force_all, o.force_targets, o.forcerun, o.rerun_triggers};
  auto decided = plan::compute_staleness(*wf.dag, *wf.stats, wf.state.get(), staleness);
  if (!decided) return decided.error();
  wf.staleness = std::move(*decided);
  // Spec §7: a glob under a checkpoint output that exists was read when building; if the
  // checkpoint runs after all, build again so that what lies under it waits for the job.
  // Each round names at least one more output, so this ends; most runs never loop.
  options.rerun_checkpoints = plan::checkpoint_reruns(*wf.dag, wf.staleness);
  while (!options.rerun_checkpoints.empty()) {
    dag = dag::build_dag(*wf.rules, o.targets, fs, options);
    if (!dag) return dag.error();
    wf.stats.reset();
    wf.dag = std::make_unique<dag::Dag>(std::move(*dag));
    wf.stats = std::make_unique<plan::FileStatCache>(*wf.dag, fs);
    decided = plan::compute_staleness(*wf.dag, *wf.stats, wf.state.get(), staleness);
    if (!decided) return decided.error();
    wf.staleness = std::move(*decided);
    auto more = plan::checkpoint_reruns(*wf.dag, wf.staleness);
    if (more.empty()) break;
    more.insert(more.end(), options.rerun_checkpoints.begin(), options.rerun_checkpoints.end());
    std::sort(more.begin(), more.end());
    more.erase(std::unique(more.begin(), more.end()), more.end());
    if (more.size() == options.rerun_checkpoints.size()) break;  // nothing new: settled
    options.rerun_checkpoints = std::move(more);
  }
  if (is_remote_executor(o)) {
    // Job groups (spec §9): decided before anything runs, so that a group that would wait
    // for itself is an error of the command, and the dry run shows the submissions.
    plan::Plan plan(*wf.dag, wf.staleness);
    auto units = run::job_units(*wf.dag, plan, wf.groups);
    if (!units) return units.error();
    wf.units = std::move(*units);
  }
  return ok_result();
}

}  // namespace flow::cli
