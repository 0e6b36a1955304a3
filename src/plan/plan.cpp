#include "flow/plan/plan.h"

#include <algorithm>

namespace flow::plan {

Plan::Plan(const dag::Dag& dag, const Staleness& staleness)
    : m_dag(dag),
      m_runs(dag.jobs().size(), false),
      m_waiting_on(dag.jobs().size(), 0),
      m_chain(dag.jobs().size(), 0),
      m_cancelled_jobs(dag.jobs().size(), false) {
  for (const auto& job : dag.jobs())
    m_runs[job.id.index()] = staleness.runs(job.id);
  // Ids are topological, so dependents have larger ids: one backward pass gives chains.
  for (std::size_t i = dag.jobs().size(); i-- > 0;) {
    if (!m_runs[i]) continue;
    std::uint32_t longest = 0;
    for (JobId dependent : dag.jobs()[i].dependents) {
      if (m_runs[dependent.index()]) longest = std::max(longest, m_chain[dependent.index()]);
    }
    m_chain[i] = longest + 1;
  }
  for (const auto& job : dag.jobs()) {
    if (!m_runs[job.id.index()]) continue;
    ++m_total;
    for (JobId dependency : job.dependencies)
      m_waiting_on[job.id.index()] += m_runs[dependency.index()];
    if (m_waiting_on[job.id.index()] == 0) m_ready.insert(key(job.id));
  }
}

Plan::ReadyKey Plan::key(JobId job) const {
  return {m_dag.rule_of(job).priority, m_chain[job.index()], job.value};
}

std::vector<JobId> Plan::ready() const {
  std::vector<JobId> jobs;
  jobs.reserve(m_ready.size());
  for (const auto& k : m_ready)
    jobs.push_back(JobId(k.id));
  return jobs;
}

std::vector<JobId> Plan::ready(std::size_t limit) const {
  std::vector<JobId> jobs;
  for (auto it = m_ready.begin(); it != m_ready.end() && jobs.size() < limit; ++it)
    jobs.push_back(JobId(it->id));
  return jobs;
}

bool Plan::is_ready(JobId job) const {
  return m_ready.contains(key(job));
}

void Plan::mark_started(JobId job) {
  m_ready.erase(key(job));
}

std::vector<JobId> Plan::job_finished(JobId job, bool succeeded) {
  std::vector<JobId> now_ready;
  if (!succeeded) {
    ++m_failed;
    cancel_downstream(job);
    return now_ready;
  }
  ++m_finished;
  for (JobId dependent : m_dag.job(job).dependents) {
    std::size_t d = dependent.index();
    if (!m_runs[d] || m_cancelled_jobs[d]) continue;
    if (--m_waiting_on[d] == 0) {
      m_ready.insert(key(dependent));
      now_ready.push_back(dependent);
    }
  }
  return now_ready;
}

void Plan::cancel_downstream(JobId job) {
  std::vector<JobId> work(m_dag.job(job).dependents.begin(), m_dag.job(job).dependents.end());
  while (!work.empty()) {
    JobId next = work.back();
    work.pop_back();
    std::size_t n = next.index();
    if (!m_runs[n] || m_cancelled_jobs[n]) continue;
    m_cancelled_jobs[n] = true;
    ++m_cancelled;
    m_ready.erase(key(next));
    work.insert(work.end(), m_dag.job(next).dependents.begin(), m_dag.job(next).dependents.end());
  }
}

}  // namespace flow::plan
