// Tracking submitted jobs: one status call per interval for all of them, the exit marker
// as the only source of truth, and the latency wait for markers (spec §4).

#include <algorithm>

#include <fmt/format.h>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "exec/job_script.h"
#include "flow/base/strings.h"
#include "flow/exec/cluster_executor.h"

namespace flow::exec {
namespace {

constexpr std::size_t k_max_output_bytes = 256 * 1024;

std::string read_tail(const sys::Filesystem& fs, const std::string& path) {
  auto text = fs.read_file(path);
  if (!text || text->empty()) return {};
  if (text->size() <= k_max_output_bytes) return std::move(*text);
  return fmt::format("[... {} bytes omitted ...]\n", text->size() - k_max_output_bytes) +
         text->substr(text->size() - k_max_output_bytes);
}

double seconds_since(SteadyTime start, SteadyTime now) {
  return std::chrono::duration<double>(now - start).count();
}

// Exit codes the job script itself uses (job_script.cpp).
std::string script_exit_message(int exit_code) {
  if (exit_code == 98) return "the job could not enter its working directory on the compute node";
  if (exit_code == 97) return "the job could not load its envmodules on the compute node";
  return {};
}

}  // namespace

std::string ClusterExecutor::job_output(const ClusterJob& job) const {
  std::string out = read_tail(m_fs, job.files.stdout_path);
  std::string err = read_tail(m_fs, job.files.stderr_path);
  if (!out.empty() && !err.empty() && out.back() != '\n') out += '\n';
  return out + err;
}

std::optional<JobCompletion> ClusterExecutor::read_marker(const ClusterJob& job) {
  auto stat = m_fs.stat(job.files.marker);
  if (!stat || !stat->exists) return std::nullopt;
  auto text = m_fs.read_file(job.files.marker);
  if (!text) return std::nullopt;
  auto marker = parse_marker(*text, job.token);
  if (!marker) return std::nullopt;  // another submission's marker: not ours
  ++m_stats.marker_reads;
  JobCompletion done;
  done.id = job.id;
  done.status = marker->exit_code == 0 ? CompletionStatus::succeeded : CompletionStatus::failed;
  done.exit_code = marker->exit_code;
  done.wall_seconds = marker->wall_seconds >= 0
                          ? marker->wall_seconds
                          : seconds_since(job.submitted, m_clock.steady_now());
  done.cpu_seconds = marker->cpu_seconds;
  done.output = job_output(job);
  done.message = script_exit_message(marker->exit_code);
  return done;
}

JobCompletion ClusterExecutor::lost_completion(const ClusterJob& job) const {
  JobCompletion lost;
  lost.id = job.id;
  lost.status = CompletionStatus::lost;
  lost.wall_seconds = seconds_since(job.submitted, m_clock.steady_now());
  lost.output = job_output(job);
  std::string where = relative_to(job.files.stderr_path, job.workdir);
  std::string tail;
  if (auto text = m_fs.read_file(job.files.stderr_path)) {
    tail = last_lines(*text, m_options.stderr_tail_lines);
  }
  lost.message = fmt::format(
      "job {} vanished without an exit marker (killed by the scheduler? walltime? qdel?); {}",
      job.external_id,
      tail.empty() ? fmt::format("{} is empty or missing", where)
                   : fmt::format("last lines of {}:\n{}", where, tail));
  return lost;
}

void ClusterExecutor::finish(std::size_t index, JobCompletion completion,
                             std::vector<JobCompletion>& done) {
  // The completion is delivered: nothing is left to re-attach to.
  forget(m_jobs[index]);
  deliver(m_jobs[index], std::move(completion), done);
  m_jobs.erase(m_jobs.begin() + static_cast<std::ptrdiff_t>(index));
}

void ClusterExecutor::forget(const ClusterJob& job) {
  (void)m_fs.remove(job.files.record);
  for (const auto& member : job.members)
    (void)m_fs.remove(member.files.record);
}

std::vector<std::string> ClusterExecutor::settle_by_markers(std::vector<JobCompletion>& done) {
  // A marker settles a job whatever the scheduler says, and costs a stat, not a qstat.
  std::vector<std::string> unsettled;
  for (std::size_t i = 0; i < m_jobs.size();) {
    if (m_jobs[i].phase != JobPhase::active) {
      ++i;
    } else if (auto completion = read_marker(m_jobs[i])) {
      finish(i, std::move(*completion), done);
    } else {
      unsettled.push_back(m_jobs[i++].external_id);
    }
  }
  return unsettled;
}

std::optional<std::vector<StatusRow>> ClusterExecutor::query_status(
    const std::vector<std::string>& ids) {
  ++m_stats.status_calls;
  auto argv = m_backend->status_argv(ids);
  auto result = sys::run_command(m_spawner, scheduler_request(argv, {}));
  auto rows = result ? m_backend->parse_status(*result) : std::nullopt;
  if (!rows) note_status_failure(argv, result);
  return rows;
}

void ClusterExecutor::note_status_failure(const std::vector<std::string>& argv,
                                          const Result<sys::CommandResult>& result) {
  ++m_stats.status_failures;
  m_stats.last_status_error =
      result ? fmt::format("{} exited with {}: {}", argv.front(), result->exit_code,
                           last_lines(result->error_output + result->output, 3))
             : result.error().message;
}

void ClusterExecutor::poll_if_due(std::vector<JobCompletion>& done) {
  SteadyTime now = m_clock.steady_now();
  auto is_active = [](const ClusterJob& job) { return job.phase == JobPhase::active; };
  if (now < m_next_poll || std::none_of(m_jobs.begin(), m_jobs.end(), is_active)) return;
  m_next_poll = now + m_options.poll_interval;
  std::vector<std::string> ids = settle_by_markers(done);
  if (ids.empty()) return;
  auto rows = query_status(ids);
  if (!rows) return;  // unknown is not failed: ask again next interval
  StatusTable table(*rows);
  bool none_finishing = std::none_of(m_jobs.begin(), m_jobs.end(), [](const ClusterJob& job) {
    return job.phase == JobPhase::finishing;
  });
  for (auto& job : m_jobs) {
    if (!is_active(job)) continue;
    auto state = table.find(job.external_id);
    if (state && *state == SchedulerState::active) continue;
    job.phase = JobPhase::finishing;
    job.marker_deadline = now + m_options.latency_wait;
  }
  if (none_finishing) m_next_marker_check = now + m_options.marker_interval;
}

void ClusterExecutor::check_finishing(std::vector<JobCompletion>& done) {
  SteadyTime now = m_clock.steady_now();
  auto is_finishing = [](const ClusterJob& job) { return job.phase == JobPhase::finishing; };
  if (now < m_next_marker_check || std::none_of(m_jobs.begin(), m_jobs.end(), is_finishing)) {
    return;
  }
  m_next_marker_check = now + m_options.marker_interval;
  for (std::size_t i = 0; i < m_jobs.size();) {
    ClusterJob& job = m_jobs[i];
    if (!is_finishing(job)) {
      ++i;
      continue;
    }
    m_fs.refresh_dir(job.files.dir);  // network filesystems: look again, not at a cache
    if (auto completion = read_marker(job)) {
      finish(i, std::move(*completion), done);
    } else if (now >= job.marker_deadline) {
      finish(i, lost_completion(job), done);
    } else {
      ++i;
    }
  }
}

}  // namespace flow::exec
