#include "flow/report/dry_run_report.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/run/job_spec_builder.h"

namespace flow::report {
namespace {

std::string paths(const dag::Dag& dag, const std::vector<dag::FileRef>& refs) {
  std::vector<std::string> list;
  list.reserve(refs.size());
  for (const auto& ref : refs) {
    // The checkpoint output a glob lies under orders the job but is not one of its files.
    if ((ref.flags & dag::k_flag_glob_root) == 0) list.push_back(dag.path(ref.file));
  }
  return join(list, ", ");
}

// Spec §9: what a job of a rule with auto resources would ask for, and where it comes from.
std::string auto_resources_line(JobId job, const rules::Rule& rule,
                                const run::SpecOptions& spec_options) {
  std::vector<std::string> shown;
  for (const auto& resource : rule.resources) {
    if (!resource.auto_sized()) continue;
    auto sized = spec_options.sizer->size(job, resource, 1);
    if (sized) {
      shown.push_back(fmt::format("{}={} (from the job history)", resource.name, *sized));
    } else if (resource.has_value) {
      shown.push_back(
          fmt::format("{}={} (no history: as written)", resource.name, resource.text_for(1)));
    } else {
      shown.push_back(fmt::format("{}: none (no history)", resource.name));
    }
  }
  if (shown.empty()) return {};
  return fmt::format("    resources: {}\n", join(shown, ", "));
}

void write_job(const dag::Dag& dag, const dag::Job& job, const plan::Staleness& staleness,
               const DryRunOptions& options, std::string& out) {
  const plan::Reason& reason = staleness.reasons[job.id.index()];
  const rules::Rule& rule = dag.rule_of(job.id);
  out += fmt::format("rule {}:\n", rule.name);
  if (std::string inputs = paths(dag, job.inputs); !inputs.empty())
    out += "    input: " + inputs + "\n";
  if (!job.outputs.empty()) out += "    output: " + paths(dag, job.outputs) + "\n";
  if (!job.logs.empty()) out += "    log: " + paths(dag, job.logs) + "\n";
  if (!job.benchmarks.empty()) out += "    benchmark: " + paths(dag, job.benchmarks) + "\n";
  if (!job.wildcards.empty()) out += "    wildcards: " + dag.wildcards_text(job.id) + "\n";
  // Spec §8: the two ends of a pipe are started together.
  for (const auto& ref : job.outputs) {
    const dag::FileNode& node = dag.file(ref.file);
    if ((node.output_flags & dag::k_flag_pipe) == 0 || node.consumers.empty()) continue;
    out += fmt::format("    pipe: {}, read by {} (started together)\n", node.path,
                       dag.label(node.consumers.front()));
  }
  for (const auto& ref : job.inputs) {
    const dag::FileNode& node = dag.file(ref.file);
    if ((node.output_flags & dag::k_flag_pipe) == 0 || !node.producer.valid()) continue;
    out += fmt::format("    pipe: {}, written by {} (started together)\n", node.path,
                       dag.label(node.producer));
  }
  out += "    reason: " + reason.to_string(dag, job.id, staleness.reasons) + "\n";
  out += fmt::format("    jobid: {}\n", job.id.value);
  run::SpecOptions spec_options;
  spec_options.cores = options.cores;
  spec_options.remote = options.remote;
  spec_options.sizer = options.sizer;
  if (rule.threads > 1)
    out += fmt::format("    threads: {}\n", run::job_threads(rule, spec_options));
  if (options.sizer != nullptr) out += auto_resources_line(job.id, rule, spec_options);
  if (options.print_commands && rule.step != rules::StepKind::none) {
    // What the runner would spawn, from the same function (the first attempt).
    run::BuiltSpec built = run::build_job_spec(dag, job.id, 1, spec_options);
    const char* kind = rule.step == rules::StepKind::shell    ? "shell"
                       : rule.step != rules::StepKind::script ? "builtin"
                       : rule.script->is_run_block()          ? "run"
                                                              : "script";
    out += fmt::format("    {}: {}\n", kind, built.spec.command_text);
  }
  out += "\n";
}

// Spec §6: what each glob matched, briefly; one that matched nothing says so (not an error).
void write_globs(const dag::Dag& dag, std::ostream& out) {
  for (const auto& glob : dag.glob_reports()) {
    if (glob.count == 0) {
      out << fmt::format("glob {} (rule {}): no files match\n", glob.glob, glob.rule);
      continue;
    }
    std::string shown = join(glob.first, ", ");
    if (glob.count > glob.first.size())
      shown += fmt::format(", and {} more", glob.count - glob.first.size());
    out << fmt::format("glob {} (rule {}): {} match{}: {}\n", glob.glob, glob.rule, glob.count,
                       glob.count == 1 ? "" : "es", shown);
  }
  if (!dag.glob_reports().empty()) out << "\n";
}

}  // namespace

void write_dry_run(const dag::Dag& dag, const plan::Staleness& staleness,
                   const DryRunOptions& options, std::ostream& out) {
  if (!options.quiet) write_globs(dag, out);
  std::string text;
  std::map<std::string, std::size_t> per_rule;
  bool after_checkpoints = false;
  for (const auto& job : dag.jobs()) {
    const plan::Reason& reason = staleness.reasons[job.id.index()];
    if (!reason.any()) continue;
    after_checkpoints = after_checkpoints || job.is_pending();
    ++per_rule[dag.rule_of(job.id).name];
    if (!options.quiet) write_job(dag, job, staleness, options, text);
    // Flush in chunks so that 100,000 jobs do not build one huge string.
    if (text.size() > (1 << 20)) {
      out << text;
      text.clear();
    }
  }
  out << text;
  if (staleness.run_count == 0) {
    out << "flow: nothing to be done.\n";
    return;
  }
  std::size_t width = 5;
  for (const auto& [rule, count] : per_rule)
    width = std::max(width, rule.size());
  out << "Job counts:\n";
  out << fmt::format("    {:<{}}  {:>6}\n", "rule", width, "count");
  for (const auto& [rule, count] : per_rule)
    out << fmt::format("    {:<{}}  {:>6}\n", rule, width, count);
  out << fmt::format("    {:<{}}  {:>6}\n", "total", width, staleness.run_count);
  // Spec §7: the jobs that wait on a checkpoint are listed, and more may follow them.
  out << fmt::format("flow: {} job{} would run (dry run){}.\n", staleness.run_count,
                     staleness.run_count == 1 ? "" : "s",
                     after_checkpoints ? "; more may follow after checkpoints" : "");
}

}  // namespace flow::report
