#pragma once
// Which jobs are ready, in what order (Ninja's Plan): no I/O, no processes.

#include <cstddef>
#include <set>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/plan/staleness.h"

namespace flow::plan {

class Plan {
 public:
  /// Plans the jobs that `staleness` says run.
  Plan(const dag::Dag& dag, const Staleness& staleness);

  /// Ready jobs, best first: higher rule priority, then longer chain of work behind the
  /// job (so long chains start early), then lower id.
  std::vector<JobId> ready() const;
  /// The first `limit` ready jobs, best first (the runner looks no further than it can start).
  std::vector<JobId> ready(std::size_t limit) const;
  bool is_ready(JobId job) const;
  /// The runner took `job` from the ready set to start it.
  void mark_started(JobId job);
  /// A started job ended. On success, returns the jobs that became ready. On failure, every
  /// job downstream is cancelled (never becomes ready); returns none.
  std::vector<JobId> job_finished(JobId job, bool succeeded);

  /// Jobs that run, in total.
  std::size_t total() const { return m_total; }
  std::size_t finished() const { return m_finished; }
  std::size_t failed() const { return m_failed; }
  /// Jobs cancelled because something upstream failed.
  std::size_t cancelled() const { return m_cancelled; }
  /// Jobs neither finished nor cancelled (ready, running or waiting).
  std::size_t remaining() const { return m_total - m_finished - m_failed - m_cancelled; }
  bool runs(JobId job) const { return m_runs[job.index()]; }

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
  void cancel_downstream(JobId job);

  const dag::Dag& m_dag;
  std::vector<bool> m_runs;
  std::vector<std::uint32_t> m_waiting_on;  // running dependencies not yet finished
  std::vector<std::uint32_t> m_chain;       // length of the longest chain of running jobs from here
  std::vector<bool> m_cancelled_jobs;
  std::set<ReadyKey> m_ready;
  std::size_t m_total = 0;
  std::size_t m_finished = 0;
  std::size_t m_failed = 0;
  std::size_t m_cancelled = 0;
};

}  // namespace flow::plan
