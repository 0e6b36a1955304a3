#include "flow/plan/plan.h"

#include <algorithm>

namespace flow::plan {

Plan::Plan(const dag::Dag& dag, const Staleness& staleness) : m_dag(dag) {
  grow();
  for (const auto& job : dag.jobs()) {
    if (staleness.runs(job.id)) m_state[job.id.index()] = JobState::waiting;
  }
  // Before any growth ids are topological, so dependents have larger ids: one backward pass
  // gives the chains.
  for (std::size_t i = dag.jobs().size(); i-- > 0;) {
    if (m_state[i] != JobState::idle) m_chain[i] = longest_chain_after(JobId(i)) + 1;
  }
  for (const auto& job : dag.jobs()) {
    if (m_state[job.id.index()] != JobState::idle) pair_pipes(job.id);
  }
  std::vector<JobId> unused;
  for (const auto& job : dag.jobs()) {
    if (m_state[job.id.index()] == JobState::idle) continue;
    ++m_total;
    count_waits(job.id);
    make_ready_if_free(job.id, unused);
  }
}

void Plan::pair_pipes(JobId job) {
  for (const auto& ref : m_dag.job(job).outputs) {
    const dag::FileNode& node = m_dag.file(ref.file);
    if ((node.output_flags & dag::k_flag_pipe) == 0 || node.consumers.size() != 1) continue;
    JobId consumer = node.consumers.front();
    if (consumer.index() >= m_state.size() || m_state[consumer.index()] == JobState::idle) continue;
    m_partner[job.value] = consumer.value;
    m_partner[consumer.value] = job.value;
  }
}

void Plan::grow() {
  std::size_t size = m_dag.jobs().size();
  m_state.resize(size, JobState::idle);
  m_waiting_on.resize(size, 0);
  m_chain.resize(size, 0);
}

std::uint32_t Plan::longest_chain_after(JobId job) const {
  std::uint32_t longest = 0;
  for (JobId dependent : m_dag.job(job).dependents) {
    if (m_state[dependent.index()] != JobState::idle)
      longest = std::max(longest, m_chain[dependent.index()]);
  }
  return longest;
}

void Plan::count_waits(JobId job) {
  std::uint32_t waits = 0;
  bool doomed = false;
  auto partner = pipe_partner(job);
  for (JobId dependency : m_dag.job(job).dependencies) {
    if (partner && dependency == *partner) continue;  // they start together
    switch (m_state[dependency.index()]) {
      case JobState::waiting:
      case JobState::ready:
      case JobState::started:
        ++waits;
        break;
      case JobState::failed:
      case JobState::cancelled:
        doomed = true;
        break;
      case JobState::idle:
      case JobState::succeeded:
        break;
    }
  }
  m_waiting_on[job.index()] = waits;
  if (doomed) {
    m_state[job.index()] = JobState::cancelled;
    ++m_done;
  }
}

bool Plan::free(JobId job) const {
  // A pending job is never ready: its inputs are not all known (docs/architecture.md).
  return m_state[job.index()] == JobState::waiting && m_waiting_on[job.index()] == 0 &&
         !m_dag.job(job).is_pending();
}

void Plan::make_ready_if_free(JobId job, std::vector<JobId>& now_ready) {
  if (auto partner = pipe_partner(job)) {
    // A pipe pair is ready as its producer, once both are free (spec §8).
    if (!free(job) || !free(*partner)) return;
    if (*partner < job) job = *partner;
  } else if (!free(job)) {
    return;
  }
  m_state[job.index()] = JobState::ready;
  m_ready.insert(key(job));
  now_ready.push_back(job);
}

Plan::ReadyKey Plan::key(JobId job) const {
  return {m_dag.rule_of(job).priority, m_chain[job.index()], job.value};
}

std::vector<JobId> Plan::ready(std::size_t limit) const {
  std::vector<JobId> jobs;
  for (auto it = m_ready.begin(); it != m_ready.end() && jobs.size() < limit; ++it)
    jobs.push_back(JobId(it->id));
  return jobs;
}

void Plan::mark_started(JobId job) {
  m_ready.erase(key(job));
  m_state[job.index()] = JobState::started;
}

bool Plan::has_started(JobId job) const {
  // A job of a growth the plan has not been extended by yet has not started (staleness asks
  // about the new dependents of old jobs before Plan::extend).
  if (job.index() >= m_state.size()) return false;
  JobState state = m_state[job.index()];
  return state == JobState::started || state == JobState::succeeded || state == JobState::failed;
}

std::vector<JobId> Plan::job_finished(JobId job, bool succeeded) {
  std::vector<JobId> now_ready;
  ++m_done;
  if (!succeeded) {
    m_state[job.index()] = JobState::failed;
    cancel_downstream(job);
    return now_ready;
  }
  m_state[job.index()] = JobState::succeeded;
  for (JobId dependent : m_dag.job(job).dependents) {
    std::size_t d = dependent.index();
    if (m_state[d] != JobState::waiting) continue;
    --m_waiting_on[d];
    make_ready_if_free(dependent, now_ready);
  }
  return now_ready;
}

std::vector<JobId> Plan::requeue(JobId job) {
  std::vector<JobId> now_ready;
  if (m_state[job.index()] != JobState::started) return now_ready;
  m_state[job.index()] = JobState::waiting;
  count_waits(job);
  if (m_state[job.index()] == JobState::cancelled) {
    cancel_downstream(job);
  } else {
    make_ready_if_free(job, now_ready);
  }
  return now_ready;
}

void Plan::cancel_downstream(JobId job) {
  std::vector<JobId> work(m_dag.job(job).dependents.begin(), m_dag.job(job).dependents.end());
  while (!work.empty()) {
    JobId next = work.back();
    work.pop_back();
    JobState& state = m_state[next.index()];
    if (state != JobState::waiting && state != JobState::ready) continue;
    if (state == JobState::ready) m_ready.erase(key(next));
    state = JobState::cancelled;
    ++m_done;
    work.insert(work.end(), m_dag.job(next).dependents.begin(), m_dag.job(next).dependents.end());
    // A consumer that cannot run takes its pipe's producer with it (nothing would read it).
    if (auto partner = pipe_partner(next)) work.push_back(*partner);
  }
}

std::vector<JobId> Plan::extend(const dag::Extension& extension, const Staleness& staleness,
                                std::span<const JobId> flipped) {
  grow();
  // The newly planned jobs, in topological order: flipped jobs are older than the new ones
  // and never depend on them (invariant 2 of docs/architecture.md).
  std::vector<JobId> planned(flipped.begin(), flipped.end());
  std::sort(planned.begin(), planned.end());
  for (std::uint32_t i = extension.first_job.value; i < m_dag.jobs().size(); ++i) {
    if (staleness.runs(JobId(i))) planned.push_back(JobId(i));
  }
  for (JobId job : planned)
    m_state[job.index()] = JobState::waiting;
  for (JobId job : planned)
    pair_pipes(job);
  for (auto it = planned.rbegin(); it != planned.rend(); ++it)
    m_chain[it->index()] = longest_chain_after(*it) + 1;
  std::vector<JobId> now_ready;
  for (JobId job : planned) {
    ++m_total;
    count_waits(job);
    if (m_state[job.index()] == JobState::cancelled) cancel_downstream(job);
  }
  // Jobs planned before now also wait for the newly planned jobs they depend on.
  auto is_new = [&](JobId job) {
    return job.value >= extension.first_job.value ||
           std::binary_search(flipped.begin(), flipped.end(), job);
  };
  std::vector<JobId> recount(extension.closed.begin(), extension.closed.end());
  for (JobId job : flipped) {
    for (JobId dependent : m_dag.job(job).dependents) {
      if (!is_new(dependent)) recount.push_back(dependent);
    }
  }
  std::sort(recount.begin(), recount.end());
  recount.erase(std::unique(recount.begin(), recount.end()), recount.end());
  for (JobId job : recount) {
    JobState& state = m_state[job.index()];
    if (state != JobState::waiting && state != JobState::ready) continue;
    if (state == JobState::ready) m_ready.erase(key(job));
    state = JobState::waiting;
    count_waits(job);
    if (m_state[job.index()] == JobState::cancelled) cancel_downstream(job);
  }
  for (JobId job : planned)
    make_ready_if_free(job, now_ready);
  for (JobId job : recount)
    make_ready_if_free(job, now_ready);
  return now_ready;
}

}  // namespace flow::plan
