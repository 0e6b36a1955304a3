// Cancelling every job in flight (Ctrl-C), and re-attaching to jobs that an earlier, killed
// flow submitted (issue 5 §4, docs/cluster.md).

#include <algorithm>
#include <csignal>
#include <utility>

#include <fmt/format.h>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "flow/exec/cluster_executor.h"
#include "flow/sys/interrupt.h"

namespace flow::exec {

JobCompletion ClusterExecutor::cancelled_completion(const ClusterJob& job) {
  JobCompletion cancelled;
  if (auto marker = read_marker(job)) cancelled = std::move(*marker);  // it ended just before
  cancelled.id = job.id;
  cancelled.status = job.phase == JobPhase::waiting_to_submit ? CompletionStatus::not_started
                                                              : CompletionStatus::failed;
  if (cancelled.output.empty() && job.phase != JobPhase::waiting_to_submit) {
    cancelled.output = job_output(job);
  }
  cancelled.message =
      job.phase == JobPhase::waiting_to_submit
          ? std::string("cancelled before submission")
          : fmt::format("cancelled ({} {})", m_backend->cancel_argv({job.external_id}).front(),
                        job.external_id);
  return cancelled;
}

std::vector<JobCompletion> ClusterExecutor::cancel_all(Duration grace) {
  SteadyTime deadline = m_clock.steady_now() + grace;
  std::vector<JobCompletion> done = std::exchange(m_undecided, {});
  for (std::size_t i = 0; i < m_jobs.size();) {
    if (m_jobs[i].phase == JobPhase::waiting_to_submit) {
      finish(i, cancelled_completion(m_jobs[i]), done);
    } else {
      ++i;
    }
  }
  m_local.signal_all(SIGTERM);
  // One cancel call for all submitted jobs; one that ended meanwhile is no error.
  std::vector<std::string> ids;
  for (const auto& job : m_jobs)
    ids.push_back(job.external_id);
  if (!ids.empty()) {
    ++m_stats.cancel_calls;
    (void)sys::run_command(m_spawner, scheduler_request(m_backend->cancel_argv(ids), {}));
  }
  wait_for_cancelled(deadline, done);
  auto killed = m_local.kill_remaining();
  done.insert(done.end(), killed.begin(), killed.end());
  while (!m_jobs.empty())
    finish(0, cancelled_completion(m_jobs.front()), done);
  return done;
}

void ClusterExecutor::wait_for_cancelled(SteadyTime deadline, std::vector<JobCompletion>& done) {
  int interrupts = sys::interrupt_count();
  Duration interval = std::min<Duration>(m_options.poll_interval, std::chrono::seconds(1));
  SteadyTime next_poll = m_clock.steady_now() + interval;
  while (!m_jobs.empty() || m_local.in_flight() > 0) {
    SteadyTime now = m_clock.steady_now();
    // A second interrupt asks for an immediate stop.
    if (now >= deadline || sys::interrupt_count() != interrupts) return;
    if (!m_jobs.empty() && now >= next_poll) {
      next_poll = now + interval;
      std::vector<std::string> ids;
      for (const auto& job : m_jobs)
        ids.push_back(job.external_id);
      auto rows = query_status(ids);
      StatusTable table(rows ? *rows : std::vector<StatusRow>());
      for (std::size_t i = 0; rows && i < m_jobs.size();) {
        auto state = table.find(m_jobs[i].external_id);
        if (state && *state == SchedulerState::active) {
          ++i;
        } else {
          finish(i, cancelled_completion(m_jobs[i]), done);
        }
      }
    }
    if (m_jobs.empty() && m_local.in_flight() == 0) return;
    SteadyTime wake = m_jobs.empty() ? deadline : std::min(deadline, next_poll);
    auto ended = m_local.wait_cancelled(wake);
    done.insert(done.end(), ended.begin(), ended.end());
  }
}

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
  if (!found) {
    // A second copy could write the same outputs at the same time: better not to run it.
    JobCompletion undecided;
    undecided.id = job.id;
    undecided.status = CompletionStatus::not_started;
    undecided.message = fmt::format(
        "an earlier flow was submitting this job (scheduler name '{}') when it stopped, and the "
        "scheduler's jobs cannot be listed now ({}), so flow cannot tell whether it is queued; "
        "not submitted again, to avoid a second copy: run flow again when the scheduler answers",
        job.scheduler_name, m_stats.last_status_error);
    m_undecided.push_back(std::move(undecided));
    return Liveness::unknown;
  }
  if (!*found) return Liveness::gone;  // never submitted, or gone without a trace
  job.external_id = (*found)->id;
  JobRecord record{std::string(m_backend->name()), job.external_id, job.token, job.display_name,
                   job.scheduler_name};
  (void)write_fresh(m_fs, job.files.record, format_record(record));
  return (*found)->state == SchedulerState::active ? Liveness::active : Liveness::gone;
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

std::optional<ClusterJob> ClusterExecutor::leftover_job(const JobSpec& spec) {
  JobFiles files = job_files(state_dir_for(spec), spec);
  auto stat = m_fs.stat(files.record);
  if (!stat || !stat->exists) return std::nullopt;
  auto text = m_fs.read_file(files.record);
  auto record = text ? parse_record(*text) : std::nullopt;
  if (!record || record->backend != m_backend->name()) return std::nullopt;
  bool tracked = std::any_of(m_jobs.begin(), m_jobs.end(), [&](const ClusterJob& job) {
    return job.token == record->token || (!record->id.empty() && job.external_id == record->id);
  });
  if (tracked) return std::nullopt;
  ClusterJob job;
  job.id = spec.id;
  job.display_name = spec.display_name;
  job.workdir = spec.workdir;
  job.files = std::move(files);
  job.token = record->token;
  job.external_id = record->id;
  job.scheduler_name = record->scheduler_name;
  job.phase = JobPhase::active;
  job.submitted = m_clock.steady_now();
  return job;
}

bool ClusterExecutor::reattach(const JobSpec& spec) {
  if (spec.local) return false;
  auto job = leftover_job(spec);
  if (!job) return false;
  bool has_marker = read_marker(*job).has_value();
  bool active = false;
  if (!has_marker && job->external_id.empty()) {
    // flow died while the submit command answered: the job is known by its name only.
    auto liveness = find_id_by_name(*job);
    if (liveness == Liveness::unknown) return true;  // wait() reports it not started
    active = liveness == Liveness::active;
  } else if (!has_marker) {
    // Unknown (the listing failed): assume it still runs rather than risk a twin job.
    active = is_listed_active(job->external_id).value_or(true);
  }
  // A job that ended while the listing ran (Grid Engine's qstat wrapper takes a second) is
  // not listed, but has its marker now: read it again before taking the job for dead.
  if (!has_marker && !active) has_marker = read_marker(*job).has_value();
  if (m_options.cancel_leftovers) {
    if (active) {
      ++m_stats.cancel_calls;
      (void)sys::run_command(m_spawner,
                             scheduler_request(m_backend->cancel_argv({job->external_id}), {}));
    }
    (void)m_fs.remove(job->files.record);
    return false;
  }
  if (!has_marker && !active) {
    (void)m_fs.remove(job->files.record);  // it died with the flow that submitted it
    return false;
  }
  if (has_marker) {
    job->phase = JobPhase::finishing;  // its marker is read on the next check
    job->marker_deadline = job->submitted + m_options.latency_wait;
  }
  track(std::move(*job));
  return true;
}

}  // namespace flow::exec
