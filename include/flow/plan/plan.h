#pragma once
// Which jobs are ready, in what order (Ninja's Plan): no I/O, no processes. It grows with the
// DAG (extend), for the jobs a growth adds (docs/architecture.md, "A DAG that grows").

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/plan/staleness.h"

namespace flow::plan {

enum class JobState : std::uint8_t {
  idle,       ///< does not run in this run
  waiting,    ///< runs, once what it waits for is done (or, pending, once it is closed)
  ready,      ///< runs, and could start now
  started,    ///< taken by the runner
  succeeded,  ///< done
  failed,     ///< failed for good
  cancelled,  ///< will not run: something upstream failed
};

class Plan {
 public:
  /// Plans the jobs that `staleness` says run.
  Plan(const dag::Dag& dag, const Staleness& staleness);

  /// The first `limit` ready jobs, best first. Of a pipe pair (spec §8) only the producer is
  /// ever ready, once both its and its consumer's other dependencies are done; the runner
  /// starts both (mark_started for each).
  ///
  /// The first `limit` ready jobs, best first: higher rule priority, then the longer chain of
  /// work behind the job (so long chains start early), then the lower id.
  std::vector<JobId> ready(std::size_t limit) const;
  /// The runner took a ready `job` to start it.
  void mark_started(JobId job);
  /// A started job ended. On success, returns the jobs that became ready. On failure, every
  /// job downstream is cancelled (never becomes ready); returns none.
  std::vector<JobId> job_finished(JobId job, bool succeeded);
  /// A started `job` did not run after all (a group member skipped because a member it needs
  /// failed): it waits again for what it needs, and is cancelled with everything downstream
  /// when one of those failed for good. Returns it when it is ready at once.
  std::vector<JobId> requeue(JobId job);

  /// Plans what `extension` added to the DAG, once `staleness` has been extended for it
  /// (extend_staleness, which also says which existing jobs it made run: `flipped`): the new
  /// jobs that run and the flipped ones wait for their planned dependencies, planned jobs
  /// that have not started wait for the flipped ones too, and the closed jobs are counted
  /// again. Returns the jobs that became ready. Costs O(what the extension touches).
  std::vector<JobId> extend(const dag::Extension& extension, const Staleness& staleness,
                            std::span<const JobId> flipped);

  /// The other job of `job`'s pipe pair (its pipe's consumer, or its input pipe's producer),
  /// when both run.
  std::optional<JobId> pipe_partner(JobId job) const {
    auto it = m_partner.find(job.value);
    if (it == m_partner.end()) return std::nullopt;
    return JobId(it->second);
  }
  /// The consumer of `job`'s pipe, when `job` is the producer of a pair.
  std::optional<JobId> pipe_consumer(JobId job) const {
    auto partner = pipe_partner(job);
    if (!partner || *partner < job) return std::nullopt;
    return partner;
  }

  JobState state(JobId job) const { return m_state[job.index()]; }
  /// Jobs that run, in total (it grows with the DAG).
  std::size_t total() const { return m_total; }
  /// Of them, those that succeeded, failed or were cancelled.
  std::size_t done() const { return m_done; }
  bool runs(JobId job) const { return state(job) != JobState::idle; }
  /// Started, whatever happened since (started, succeeded or failed).
  bool has_started(JobId job) const;
  /// The length of the longest chain of running jobs from `job` on (1 for a job nothing
  /// running depends on; 0 for a job that does not run): the critical path.
  std::uint32_t chain(JobId job) const { return m_chain[job.index()]; }

 private:
  struct ReadyKey {
    int priority;
    std::uint32_t chain;
    std::uint32_t id;
    bool operator<(const ReadyKey& other) const {
      if (priority != other.priority) return priority > other.priority;
      if (chain != other.chain) return chain > other.chain;
      return id < other.id;
    }
  };
  ReadyKey key(JobId job) const;
  void grow();
  std::uint32_t longest_chain_after(JobId job) const;
  /// Counts what `job` (newly planned) waits for; cancelled if a dependency failed.
  void count_waits(JobId job);
  void make_ready_if_free(JobId job, std::vector<JobId>& now_ready);
  void cancel_downstream(JobId job);
  /// Pairs `job` (planned) with the consumer of its pipe output, when that runs too.
  void pair_pipes(JobId job);
  /// True when `job` is free to start: waiting, nothing left to wait for, not pending.
  bool free(JobId job) const;

  const dag::Dag& m_dag;
  std::vector<JobState> m_state;
  std::vector<std::uint32_t> m_waiting_on;  // planned dependencies not yet succeeded
  std::vector<std::uint32_t> m_chain;
  std::set<ReadyKey> m_ready;
  /// Both ways, for the pipe pairs (few: a hash map, not a vector per job).
  std::unordered_map<std::uint32_t, std::uint32_t> m_partner;
  std::size_t m_total = 0;
  std::size_t m_done = 0;
};

}  // namespace flow::plan
