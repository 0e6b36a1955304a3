#include "flow/plan/staleness.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "flow/dag/job_render.h"
#include "flow/dag/rule_or_file.h"

namespace flow::plan {
namespace {

using dag::Dag;
using dag::Job;

constexpr TimeStamp k_no_output = std::numeric_limits<TimeStamp>::max();

Result<std::vector<bool>> forced_jobs(const Dag& dag, const StalenessOptions& options) {
  std::vector<bool> forced(dag.jobs().size(), options.force_all);
  if (options.force_targets) {
    for (JobId target : dag.targets())
      forced[target.index()] = true;
  }
  for (const auto& item : options.forcerun) {
    auto matched = dag::match_rule_or_file(dag, "--forcerun", item);
    if (!matched) return matched.error();
    for (std::uint32_t job : *matched)
      forced[job] = true;
  }
  return forced;
}

class StalenessPass {
 public:
  StalenessPass(const Dag& dag, FileStatCache& stats, const state::StateLog* log,
                const StalenessOptions& options)
      : m_dag(dag),
        m_stats(stats),
        m_log(log),
        m_options(options),
        m_reasons(dag.jobs().size()),
        m_newest_input(dag.jobs().size(), 0) {}

  Result<Staleness> run(const std::vector<bool>& forced) {
    for (const Job& job : m_dag.jobs()) {
      Reason& reason = m_reasons[job.id.index()];
      if (forced[job.id.index()]) reason.bits |= k_forced;
      TimeStamp oldest = k_no_output;
      if (auto checked = check_outputs(job, reason, oldest); !checked) return checked.error();
      if (auto checked = check_inputs(job, reason, oldest); !checked) return checked.error();
      if (!reason.any() && m_log != nullptr) check_records(job, reason);
    }
    if (auto spread = spread_runs(); !spread) return spread.error();
    Staleness result;
    result.reasons = std::move(m_reasons);
    result.run_count = static_cast<std::size_t>(std::count_if(
        result.reasons.begin(), result.reasons.end(), [](const Reason& r) { return r.any(); }));
    return result;
  }

 private:
  // Spec §2 items 2 and 3. A missing temp output counts only when a running job needs it,
  // which spread_runs decides once the other reasons are known.
  Result<void> check_outputs(const Job& job, Reason& reason, TimeStamp& oldest) {
    m_records.clear();
    for (const auto& output : job.outputs) {
      auto stat = m_stats.get(output.file);
      if (!stat) return stat.error();
      const dag::FileNode& node = m_dag.file(output.file);
      auto [record, incomplete] =
          m_log ? m_log->status(node.path) : std::pair<const state::OutputRecord*, bool>{};
      m_records.push_back(record);  // one lookup per output, used again by check_records
      if (stat->exists && incomplete) set_reason(reason, k_incomplete_output, output.file);
      if (!stat->exists) {
        bool temp = (output.flags & dag::k_flag_temp) != 0 && !node.is_target;
        if (!temp) set_reason(reason, k_missing_output, output.file);
        continue;
      }
      oldest = std::min(oldest, stat->mtime);
    }
    return ok_result();
  }

  // Spec §2 items 4 and 5. A missing temp input (its producer not running) counts as new as
  // the newest input of its producer, so a change upstream of a deleted temp file is seen.
  Result<void> check_inputs(const Job& job, Reason& reason, TimeStamp oldest) {
    TimeStamp newest = 0;
    for (const auto& input : job.inputs) {
      JobId producer = m_dag.file(input.file).producer;
      if (producer.valid() && m_reasons[producer.index()].any()) {
        if (!reason.has(k_input_remade)) reason.upstream = producer;
        reason.bits |= k_input_remade;
        continue;
      }
      auto stat = m_stats.get(input.file);
      if (!stat) return stat.error();
      TimeStamp mtime = stat->exists       ? stat->mtime
                        : producer.valid() ? m_newest_input[producer.index()]
                                           : 0;
      if ((input.flags & dag::k_flag_ancient) != 0) continue;
      newest = std::max(newest, mtime);
      // Spec §2: strictly newer; equal mtimes are up to date.
      if ((m_options.triggers & k_trigger_mtime) && oldest != k_no_output && mtime > oldest) {
        set_reason(reason, k_updated_input, input.file);
      }
    }
    m_newest_input[job.id.index()] = newest;
    return ok_result();
  }

  // Spec §2 item 6: only outputs with a record count; a file made by hand triggers nothing.
  void check_records(const Job& job, Reason& reason) {
    std::optional<dag::Fingerprint> print;
    for (std::size_t i = 0; i < job.outputs.size(); ++i) {
      const auto& output = job.outputs[i];
      const state::OutputRecord* record = m_records[i];
      if (record == nullptr) continue;
      if (!print) print = dag::fingerprint(m_dag, job.id);
      if ((m_options.triggers & k_trigger_code) && record->code_hash != print->code) {
        set_reason(reason, k_code_changed, output.file);
      }
      if ((m_options.triggers & k_trigger_params) && record->params_hash != print->params) {
        set_reason(reason, k_params_changed, output.file);
      }
      if ((m_options.triggers & k_trigger_input) && record->input_hash != print->inputs) {
        set_reason(reason, k_input_list_changed, output.file);
      }
    }
  }

  // Every running job makes its dependents run and needs its missing temp inputs remade;
  // both can flip more jobs, so a worklist carries it to the fixed point (each job once).
  Result<void> spread_runs() {
    std::vector<JobId> work;
    for (const Job& job : m_dag.jobs()) {
      if (m_reasons[job.id.index()].any()) work.push_back(job.id);
    }
    while (!work.empty()) {
      JobId id = work.back();
      work.pop_back();
      const Job& job = m_dag.job(id);
      for (JobId dependent : job.dependents) {
        Reason& reason = m_reasons[dependent.index()];
        if (reason.any()) continue;
        reason.bits |= k_input_remade;
        reason.upstream = id;
        work.push_back(dependent);
      }
      for (const auto& input : job.inputs) {
        JobId producer = m_dag.file(input.file).producer;
        if (!producer.valid() || m_reasons[producer.index()].any()) continue;
        auto stat = m_stats.get(input.file);
        if (!stat) return stat.error();
        if (stat->exists) continue;
        Reason& reason = m_reasons[producer.index()];
        reason.bits |= k_temp_needed;
        reason.file = input.file;
        reason.upstream = id;
        work.push_back(producer);
      }
    }
    return ok_result();
  }

  static void set_reason(Reason& reason, ReasonBit bit, FileId file) {
    if (!reason.file.valid()) reason.file = file;
    reason.bits |= bit;
  }

  const Dag& m_dag;
  FileStatCache& m_stats;
  const state::StateLog* m_log;
  const StalenessOptions& m_options;
  std::vector<Reason> m_reasons;
  std::vector<TimeStamp> m_newest_input;
  std::vector<const state::OutputRecord*> m_records;  // of the current job's outputs
};

}  // namespace

Result<Staleness> compute_staleness(const Dag& dag, FileStatCache& stats,
                                    const state::StateLog* log, const StalenessOptions& options) {
  auto forced = forced_jobs(dag, options);
  if (!forced) return forced.error();
  return StalenessPass(dag, stats, log, options).run(*forced);
}

}  // namespace flow::plan
