// Re-attaching to jobs that an earlier, killed flow submitted (issue 5 §4, docs/cluster.md);
// members of its group submissions: cluster_group_reattach.cpp.

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "exec/leftover_group.h"
#include "flow/exec/cluster_executor.h"

namespace flow::exec {

std::optional<bool> ClusterExecutor::is_listed_active(const std::string& external_id) {
  SteadyTime now = m_clock.steady_now();
  // One listing of every job serves all reattach() calls within a poll interval.
  if (!m_leftover_time || now >= *m_leftover_time + m_options.poll_interval) {
    m_leftover_time = now;
    auto rows = query_status({});
    m_leftover_table = rows ? std::make_unique<StatusTable>(*rows) : nullptr;
  }
  if (!m_leftover_table) return std::nullopt;
  auto state = m_leftover_table->find(external_id);
  return state && *state == SchedulerState::active;
}

std::optional<std::optional<StatusRow>> ClusterExecutor::find_by_name(
    const std::string& scheduler_name) {
  SteadyTime now = m_clock.steady_now();
  if (!m_named_time || now >= *m_named_time + m_options.poll_interval) {
    m_named_time = now;
    ++m_stats.status_calls;
    auto argv = m_backend->named_listing_argv();
    auto result = sys::run_command(m_spawner, scheduler_request(argv, {}));
    auto rows = result ? m_backend->parse_named_listing(*result) : std::nullopt;
    m_named_listing = nullptr;
    if (!rows) {
      note_status_failure(argv, result);
    } else {
      m_named_listing = std::make_unique<NamedListing>();
      for (auto& row : *rows) {
        // An active row wins over a finished one of the same name (there should be one).
        auto [it, added] = m_named_listing->by_name.emplace(row.name, row);
        if (!added && row.state == SchedulerState::active) it->second = std::move(row);
      }
    }
  }
  if (!m_named_listing) return std::nullopt;
  auto it = m_named_listing->by_name.find(scheduler_name);
  if (it == m_named_listing->by_name.end()) return std::optional<StatusRow>();
  return std::optional<StatusRow>(it->second);
}

Liveness ClusterExecutor::find_id_by_name(ClusterJob& job) {
  auto found = find_by_name(job.scheduler_name);
  if (!found) return Liveness::unknown;
  if (!*found) return Liveness::gone;  // never submitted, or gone without a trace
  job.external_id = (*found)->id;
  JobRecord record{std::string(m_backend->name()),
                   job.external_id,
                   job.token,
                   job.display_name,
                   job.scheduler_name,
                   {}};
  (void)write_fresh(m_fs, job.files.record, format_record(record));
  return (*found)->state == SchedulerState::active ? Liveness::active : Liveness::gone;
}

JobCompletion ClusterExecutor::undecided_completion(const ClusterJob& job) const {
  // A second copy could write the same outputs at the same time: better not to run it.
  JobCompletion undecided;
  undecided.id = job.id;
  undecided.status = CompletionStatus::not_started;
  undecided.message = fmt::format(
      "an earlier flow was submitting this job (scheduler name '{}') when it stopped, and the "
      "scheduler's jobs cannot be listed now ({}), so flow cannot tell whether it is queued; "
      "not submitted again, to avoid a second copy: run flow again when the scheduler answers",
      job.scheduler_name, m_stats.last_status_error);
  return undecided;
}

void ClusterExecutor::track(ClusterJob job) {
  bool none_submitted = std::none_of(m_jobs.begin(), m_jobs.end(), [](const ClusterJob& other) {
    return other.phase != JobPhase::waiting_to_submit;
  });
  SteadyTime now = m_clock.steady_now();
  if (job.phase == JobPhase::active && none_submitted) {
    m_next_poll = std::max(m_next_poll, now + m_options.poll_interval);
  }
  if (job.phase == JobPhase::finishing) m_next_marker_check = now;
  ++m_stats.reattached;
  m_jobs.push_back(std::move(job));
}

std::optional<JobRecord> ClusterExecutor::read_record(const std::string& path) {
  auto stat = m_fs.stat(path);
  if (!stat || !stat->exists) return std::nullopt;
  auto text = m_fs.read_file(path);
  auto record = text ? parse_record(*text) : std::nullopt;
  if (!record || record->backend != m_backend->name()) return std::nullopt;
  return record;
}

std::optional<ClusterJob> ClusterExecutor::leftover_job(const JobSpec& spec, const JobFiles& files,
                                                        const JobRecord& record) {
  bool tracked = std::any_of(m_jobs.begin(), m_jobs.end(), [&](const ClusterJob& job) {
    return job.token == record.token || (!record.id.empty() && job.external_id == record.id);
  });
  if (tracked) return std::nullopt;
  ClusterJob job;
  job.id = spec.id;
  job.display_name = spec.display_name;
  job.workdir = spec.workdir;
  job.files = files;
  job.token = record.token;
  job.external_id = record.id;
  job.scheduler_name = record.scheduler_name;
  job.phase = JobPhase::active;
  job.submitted = m_clock.steady_now();
  return job;
}

LeftoverState ClusterExecutor::leftover_state(ClusterJob& job) {
  if (read_marker(job)) return LeftoverState::ended;
  bool active = false;
  if (job.external_id.empty()) {
    // flow died while the submit command answered: the job is known by its name only.
    auto liveness = find_id_by_name(job);
    if (liveness == Liveness::unknown) return LeftoverState::undecided;
    active = liveness == Liveness::active;
  } else {
    // Unknown (the listing failed): assume it still runs rather than risk a twin job.
    active = is_listed_active(job.external_id).value_or(true);
  }
  if (active) return LeftoverState::active;
  // A job that ended while the listing ran (Grid Engine's qstat wrapper takes a second) is
  // not listed, but has its marker now: read it again before taking the job for dead.
  return read_marker(job) ? LeftoverState::ended : LeftoverState::gone;
}

bool ClusterExecutor::reattach(const JobSpec& spec) {
  if (spec.local) return false;
  JobFiles files = job_files(state_dir_for(spec), spec);
  auto record = read_record(files.record);
  if (!record) return false;
  if (!record->group.empty()) return reattach_member(spec, files, *record);
  auto job = leftover_job(spec, files, *record);
  if (!job) return false;
  LeftoverState state = leftover_state(*job);
  if (state == LeftoverState::undecided) {
    m_undecided.push_back(undecided_completion(*job));  // wait() reports it not started
    return true;
  }
  if (m_options.cancel_leftovers) {
    if (state == LeftoverState::active) cancel_leftover(job->external_id);
    (void)m_fs.remove(job->files.record);
    return false;
  }
  if (state == LeftoverState::gone) {
    (void)m_fs.remove(job->files.record);  // it died with the flow that submitted it
    return false;
  }
  if (state == LeftoverState::ended) {
    job->phase = JobPhase::finishing;  // its marker is read on the next check
    job->marker_deadline = job->submitted + m_options.latency_wait;
  }
  track(std::move(*job));
  return true;
}

}  // namespace flow::exec
