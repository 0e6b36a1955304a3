// Cancelling every job in flight (Ctrl-C), and a leftover of an earlier flow
// (--cancel-leftovers) (issue 5 §4, docs/cluster.md).

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
  // Still listed after the grace (or a second Ctrl-C): it may run on and write its outputs.
  // Its record stays, so that the next flow re-attaches to it instead of adding a second
  // writer (and finds it gone, if the cancel took).
  for (const auto& job : m_jobs) {
    JobCompletion completion = cancelled_completion(job);
    completion.message += "; the scheduler still lists it: the next flow re-attaches to it";
    deliver(job, std::move(completion), done);
  }
  m_jobs.clear();
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

void ClusterExecutor::cancel_leftover(const std::string& external_id) {
  if (external_id.empty()) return;
  ++m_stats.cancel_calls;
  (void)sys::run_command(m_spawner, scheduler_request(m_backend->cancel_argv({external_id}), {}));
}

}  // namespace flow::exec
