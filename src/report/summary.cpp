#include "flow/report/summary.h"

#include <time.h>

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::report {
namespace {

std::string format_mtime(TimeStamp mtime) {
  time_t seconds = static_cast<time_t>(mtime / 1'000'000'000);
  tm local{};
  localtime_r(&seconds, &local);
  char buffer[32];
  strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &local);
  return buffer;
}

}  // namespace

void write_summary(const dag::Dag& dag, const plan::Staleness& staleness,
                   plan::FileStatCache& stats, const state::StateLog* state, std::ostream& out) {
  out << "output\tdate\trule\tstatus\tplan\n";
  for (const auto& job : dag.jobs()) {
    const plan::Reason& reason = staleness.reasons[job.id.index()];
    const char* plan = reason.any() ? "update pending" : "no update";
    for (const auto* refs : {&job.outputs, &job.logs, &job.benchmarks}) {
      for (const auto& ref : *refs) {
        const std::string& path = dag.path(ref.file);
        if ((ref.flags & dag::k_flag_pipe) != 0) {
          // Spec §8: never on disk, never statted; up to date with its consumer.
          out << fmt::format("{}\t-\t{}\tpipe\t{}\n", path, dag.rule_of(job.id).name, plan);
          continue;
        }
        auto stat = stats.get(ref.file);
        std::string date = stat && stat->exists ? format_mtime(stat->mtime) : "-";
        std::string status;
        if (!stat) {
          status = stat.error().message;
        } else if (!stat->exists) {
          status = "missing";
        } else if (state != nullptr && state->is_incomplete(path)) {
          status = "incomplete";
        } else if (reason.any()) {
          status = reason.to_string(dag, job.id, staleness.reasons);
        } else {
          status = "ok";
        }
        out << fmt::format("{}\t{}\t{}\t{}\t{}\n", path, date, dag.rule_of(job.id).name, status,
                           plan);
      }
    }
  }
}

void write_rule_list(const rules::RuleSet& rules, std::ostream& out) {
  for (const auto& rule : rules.rules()) {
    std::vector<std::string> outputs;
    for (const auto& spec : rule.outputs)
      outputs.push_back(spec.pattern.text());
    std::string mark = rule.id == rules.default_target() ? " (default target)" : "";
    out << rule.name << mark;
    if (!outputs.empty()) out << ": " << join(outputs, " ");
    out << "\n";
  }
}

}  // namespace flow::report
