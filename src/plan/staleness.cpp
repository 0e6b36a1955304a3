#include "flow/plan/staleness.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "flow/dag/job_render.h"
#include "flow/dag/rule_or_file.h"
#include "flow/plan/plan.h"

namespace flow::plan {
namespace {

using dag::Dag;
using dag::Job;

constexpr TimeStamp k_no_output = std::numeric_limits<TimeStamp>::max();

// A pipe (spec §8) never exists between runs: it is never statted, and its pair runs or not
// together (decisions.md, "Pipes").
bool is_pipe(const Dag& dag, FileId file) {
  return (dag.file(file).output_flags & dag::k_flag_pipe) != 0;
}

// -F, -f, -R (spec §2 item 1), per job, so that jobs a growth adds are forced alike.
class Forcing {
 public:
  static Result<Forcing> make(const Dag& dag, const StalenessOptions& options) {
    for (const auto& item : options.forcerun) {
      auto matched = dag::match_rule_or_file(dag, "--forcerun", item);
      if (!matched) return matched.error();
    }
    return make_lenient(dag, options);
  }
  /// For a growth: what matches no job yet is no error (jobs it names may come later).
  static Forcing make_lenient(const Dag& dag, const StalenessOptions& options) {
    Forcing forcing(options);
    for (const auto& item : options.forcerun) {
      if (auto rule = dag.rule_set().find(item)) {
        forcing.m_rules.push_back(*rule);
      } else {
        forcing.m_files.push_back(dag::normalize_path(item));
      }
    }
    return forcing;
  }

  bool forced(const Dag& dag, const Job& job) const {
    if (m_options.force_all || (m_options.force_targets && job.is_target)) return true;
    if (std::find(m_rules.begin(), m_rules.end(), job.rule) != m_rules.end()) return true;
    for (const auto& ref : job.outputs) {
      if (std::find(m_files.begin(), m_files.end(), dag.path(ref.file)) != m_files.end())
        return true;
    }
    return false;
  }

 private:
  explicit Forcing(const StalenessOptions& options) : m_options(options) {}
  const StalenessOptions& m_options;
  std::vector<RuleId> m_rules;
  std::vector<std::string> m_files;
};

class StalenessPass {
 public:
  StalenessPass(const Dag& dag, FileStatCache& stats, const state::StateLog* log,
                const StalenessOptions& options, const Forcing& forcing, Staleness& staleness,
                const Plan* plan)
      : m_dag(dag),
        m_stats(stats),
        m_log(log),
        m_options(options),
        m_forcing(forcing),
        m_reasons(staleness.reasons),
        m_newest_input(staleness.newest_input),
        m_staleness(staleness),
        m_plan(plan) {
    m_reasons.resize(dag.jobs().size());
    m_newest_input.resize(dag.jobs().size(), 0);
  }

  // Decides the jobs from `first` on, in id order (topological for them: architecture.md,
  // invariant 3), then spreads; returns the existing jobs (ids below `first`) made to run.
  Result<std::vector<JobId>> run(std::uint32_t first) {
    std::vector<JobId> work;
    for (std::uint32_t i = first; i < m_dag.jobs().size(); ++i) {
      const Job& job = m_dag.jobs()[i];
      if (auto decided = decide(job); !decided) return decided.error();
      if (m_reasons[i].any()) work.push_back(job.id);
    }
    m_first_new = first;
    if (auto spread = spread_runs(std::move(work)); !spread) return spread.error();
    m_staleness.run_count += m_newly_running;
    std::sort(m_flipped.begin(), m_flipped.end());
    return std::move(m_flipped);
  }

 private:
  Result<void> decide(const Job& job) {
    Reason& reason = m_reasons[job.id.index()];
    if (m_forcing.forced(m_dag, job)) reason.bits |= k_forced;
    if (job.is_pending()) {
      // Its inputs are not all known: it runs after the checkpoint (architecture.md).
      reason.bits |= k_after_checkpoint;
      reason.upstream = job.pending_on.front();
      ++m_newly_running;
      return ok_result();
    }
    TimeStamp oldest = k_no_output;
    if (auto checked = check_outputs(job, reason, oldest); !checked) return checked.error();
    if (auto checked = check_inputs(job, reason, oldest); !checked) return checked.error();
    if (!reason.any() && m_log != nullptr) check_records(job, reason);
    if (reason.any()) ++m_newly_running;
    return ok_result();
  }

  // Spec §2 items 2 and 3. A missing temp output counts only when a running job needs it,
  // which spread_runs decides once the other reasons are known.
  Result<void> check_outputs(const Job& job, Reason& reason, TimeStamp& oldest) {
    m_records.clear();
    for (const auto& output : job.outputs) {
      if (is_pipe(m_dag, output.file)) {
        m_records.push_back(nullptr);  // never recorded; the consumer's outputs decide
        continue;
      }
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
      // Spec §1: an ancient input's timestamp never makes anything stale, even when remade in
      // this run (issue 9; Snakemake's test_ancient). The job still waits for its producer.
      if ((input.flags & dag::k_flag_ancient) != 0) continue;
      JobId producer = m_dag.file(input.file).producer;
      if (producer.valid() && m_reasons[producer.index()].any()) {
        if (!reason.has(k_input_remade)) reason.upstream = producer;
        reason.bits |= k_input_remade;
        continue;
      }
      if (producer.valid() && is_pipe(m_dag, input.file)) {
        // As new as what flows into it: the producer's own inputs.
        TimeStamp mtime = m_newest_input[producer.index()];
        newest = std::max(newest, mtime);
        if ((m_options.triggers & k_trigger_mtime) && oldest != k_no_output && mtime > oldest)
          set_reason(reason, k_updated_input, input.file);
        continue;
      }
      auto stat = m_stats.get(input.file);
      if (!stat) return stat.error();
      // A job with no outputs (a target rule such as `all`) has no timestamp to compare: it
      // runs when it lacks an input, as Snakemake's rules without outputs do, so that a
      // missing temp file it asks for is made (issue 9).
      if (!stat->exists && job.outputs.empty()) {
        set_reason(reason, k_missing_input, input.file);
      }
      TimeStamp mtime = stat->exists       ? stat->mtime
                        : producer.valid() ? m_newest_input[producer.index()]
                                           : 0;
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

  // An existing job that did not run is made to run by a growth (architecture.md): allowed
  // only while nothing that depends on it has started, since it remakes their inputs.
  Result<void> flip(JobId job) {
    if (job.value >= m_first_new || m_plan == nullptr) return ok_result();
    for (JobId dependent : m_dag.job(job).dependents) {
      if (m_reasons[dependent.index()].any() && m_plan->has_started(dependent)) {
        return make_error(ErrorKind::workflow,
                          fmt::format("{} would have to run again, but {} has already used its "
                                      "outputs in this run; run flow again",
                                      m_dag.label(job), m_dag.label(dependent)));
      }
    }
    m_flipped.push_back(job);
    return ok_result();
  }

  // Every running job makes its dependents run and needs its missing temp inputs remade;
  // both can flip more jobs, so a worklist carries it to the fixed point (each job once).
  Result<void> spread_runs(std::vector<JobId> work) {
    while (!work.empty()) {
      JobId id = work.back();
      work.pop_back();
      const Job& job = m_dag.job(id);
      for (JobId dependent : job.dependents) {
        Reason& reason = m_reasons[dependent.index()];
        if (reason.any()) continue;
        if (!reads_as_new(dependent, id)) continue;
        reason.bits |= k_input_remade;
        reason.upstream = id;
        ++m_newly_running;
        if (auto flipped = flip(dependent); !flipped) return flipped.error();
        work.push_back(dependent);
      }
      for (const auto& input : job.inputs) {
        JobId producer = m_dag.file(input.file).producer;
        if (!producer.valid()) continue;
        if (m_reasons[producer.index()].any()) {
          if (auto gone = check_not_released(id, producer, input.file); !gone) return gone;
          continue;
        }
        bool pipe = is_pipe(m_dag, input.file);
        if (!pipe) {
          auto stat = m_stats.get(input.file);
          if (!stat) return stat.error();
          if (stat->exists) continue;
        }
        Reason& reason = m_reasons[producer.index()];
        reason.bits |= pipe ? k_pipe_partner : k_temp_needed;
        reason.file = input.file;
        reason.upstream = id;
        ++m_newly_running;
        if (auto flipped = flip(producer); !flipped) return flipped.error();
        work.push_back(producer);
      }
    }
    return ok_result();
  }

  // A job a growth adds may need a temp file whose producer already ran in this run and whose
  // last known consumer is done: it is gone, and its producer cannot run twice in one run.
  Result<void> check_not_released(JobId consumer, JobId producer, FileId file) {
    // A producer that this growth adds has not run: the plan does not know it yet.
    if (m_plan == nullptr || consumer.value < m_first_new || producer.value >= m_first_new)
      return ok_result();
    if (m_plan->state(producer) != JobState::succeeded) return ok_result();
    auto stat = m_stats.get(file);
    if (!stat) return stat.error();
    if (stat->exists) return ok_result();
    return make_error(ErrorKind::workflow,
                      fmt::format("{} needs temp file '{}', which was deleted earlier in this "
                                  "run after its last known consumer; run flow again",
                                  m_dag.label(consumer), m_dag.path(file)));
  }

  // Whether `dependent` takes an output of `producer` other than as an ancient input. Most
  // jobs have no ancient input at all; for those that do, the producers of their other inputs
  // are listed once, so a fan-in of N remade ancient inputs costs N log N, not N squared.
  bool reads_as_new(JobId dependent, JobId producer) {
    const Job& job = m_dag.job(dependent);
    auto cached = m_ancient_readers.find(dependent.value);
    if (cached == m_ancient_readers.end()) {
      bool any_ancient = std::any_of(job.inputs.begin(), job.inputs.end(), [](const auto& input) {
        return (input.flags & dag::k_flag_ancient) != 0;
      });
      if (!any_ancient) return true;
      std::vector<JobId> producers;
      for (const auto& input : job.inputs) {
        JobId made_by = m_dag.file(input.file).producer;
        if ((input.flags & dag::k_flag_ancient) == 0 && made_by.valid())
          producers.push_back(made_by);
      }
      std::sort(producers.begin(), producers.end());
      cached = m_ancient_readers.emplace(dependent.value, std::move(producers)).first;
    }
    return std::binary_search(cached->second.begin(), cached->second.end(), producer);
  }

  static void set_reason(Reason& reason, ReasonBit bit, FileId file) {
    if (!reason.file.valid()) reason.file = file;
    reason.bits |= bit;
  }

  const Dag& m_dag;
  FileStatCache& m_stats;
  const state::StateLog* m_log;
  const StalenessOptions& m_options;
  const Forcing& m_forcing;
  std::vector<Reason>& m_reasons;
  std::vector<TimeStamp>& m_newest_input;
  Staleness& m_staleness;
  const Plan* m_plan;
  std::uint32_t m_first_new = 0;
  std::size_t m_newly_running = 0;
  std::vector<JobId> m_flipped;
  std::vector<const state::OutputRecord*> m_records;  // of the current job's outputs
  /// By job with an ancient input: the producers of its other inputs, sorted.
  std::unordered_map<std::uint32_t, std::vector<JobId>> m_ancient_readers;
};

}  // namespace

Result<Staleness> compute_staleness(const Dag& dag, FileStatCache& stats,
                                    const state::StateLog* log, const StalenessOptions& options) {
  auto forcing = Forcing::make(dag, options);
  if (!forcing) return forcing.error();
  Staleness staleness;
  StalenessPass pass(dag, stats, log, options, *forcing, staleness, nullptr);
  if (auto done = pass.run(0); !done) return done.error();
  return staleness;
}

Result<std::vector<JobId>> extend_staleness(const Dag& dag, const dag::Extension& extension,
                                            FileStatCache& stats, const state::StateLog* log,
                                            const StalenessOptions& options, const Plan& plan,
                                            Staleness& staleness) {
  stats.add_new_files();
  Forcing forcing = Forcing::make_lenient(dag, options);
  StalenessPass pass(dag, stats, log, options, forcing, staleness, &plan);
  return pass.run(extension.first_job.value);
}

}  // namespace flow::plan
