// The cluster executor's main loop: submit, poll, read markers (spec §4, docs/cluster.md).
// cluster_cancel.cpp holds cancel_all and reattach.

#include "flow/exec/cluster_executor.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "exec/job_script.h"
#include "flow/base/state_layout.h"
#include "flow/sys/interrupt.h"

namespace flow::exec {
ClusterExecutor::ClusterExecutor(const ClusterOptions& options,
                                 std::unique_ptr<ClusterBackend> backend,
                                 sys::ProcessSpawner& spawner, sys::Filesystem& fs,
                                 const sys::Clock& clock)
    : m_options(options),
      m_backend(std::move(backend)),
      m_spawner(spawner),
      m_fs(fs),
      m_clock(clock),
      m_local(spawner, clock),
      m_next_poll(clock.steady_now()),
      m_next_marker_check(clock.steady_now()),
      m_submit_tokens(std::max(1.0, options.submit_rate)),
      m_tokens_updated(clock.steady_now()) {}

ClusterExecutor::~ClusterExecutor() = default;

std::size_t ClusterExecutor::capacity() const {
  return std::max<std::size_t>(1, m_options.jobs);
}

void ClusterExecutor::cancel(std::uint32_t job_id) {
  m_local.cancel(job_id);
}

std::size_t ClusterExecutor::in_flight() const {
  return m_jobs.size() + m_local.in_flight() + m_undecided.size();
}

std::string ClusterExecutor::state_dir_for(const JobSpec& spec) const {
  return m_options.state_dir.empty()
             ? fmt::format("{}/{}/{}", spec.workdir, layout::k_state_dir, layout::k_cluster_dir)
             : m_options.state_dir;
}

Result<void> ClusterExecutor::start(const JobSpec& spec) {
  if (spec.local) return m_local.start(spec);
  ClusterJob job;
  job.id = spec.id;
  job.display_name = spec.display_name;
  job.workdir = spec.workdir;
  job.files = job_files(state_dir_for(spec), spec);
  job.token = make_token(spec, m_clock.wall_now(), ++m_token_counter);
  auto submission = m_backend->prepare(spec, job.files, name_tag(job.token));
  if (!submission) return submission.error();
  job.scheduler_name = submission->job_name;
  ScriptContext context{submission->directives, job.token, m_options.path_env,
                        m_options.flow_binary};
  auto script = render_job_script(spec, job.files, context);
  if (!script) return script.error();
  job.submit_argv = std::move(submission->argv);
  return enqueue(std::move(job), *script);
}

Result<void> ClusterExecutor::enqueue(ClusterJob job, const std::string& script) {
  std::vector<const JobFiles*> all = {&job.files};
  for (const auto& member : job.members)
    all.push_back(&member.files);
  for (const JobFiles* files : all) {
    if (auto made = m_fs.make_dirs(files->dir); !made) return made.error();
    // What an earlier submission of this job left must not pass for this one's result.
    for (const auto* old : {&files->marker, &files->stdout_path, &files->stderr_path}) {
      if (auto removed = m_fs.remove(*old); !removed) return removed.error();
    }
  }
  if (auto written = write_fresh(m_fs, job.files.script, script); !written) {
    return written.error();
  }
  bool queue_ahead = std::any_of(m_jobs.begin(), m_jobs.end(), [](const ClusterJob& other) {
    return other.phase == JobPhase::waiting_to_submit;
  });
  if (!queue_ahead && take_submit_token()) {
    if (auto submitted = submit(job); !submitted) return submitted.error();
  }
  m_jobs.push_back(std::move(job));
  return ok_result();
}

bool ClusterExecutor::take_submit_token() {
  if (m_options.submit_rate <= 0) return true;
  SteadyTime now = m_clock.steady_now();
  double elapsed = std::chrono::duration<double>(now - m_tokens_updated).count();
  m_submit_tokens = std::min(std::max(1.0, m_options.submit_rate),
                             m_submit_tokens + elapsed * m_options.submit_rate);
  m_tokens_updated = now;
  if (m_submit_tokens < 1) return false;
  m_submit_tokens -= 1;
  return true;
}

Result<void> ClusterExecutor::submit(ClusterJob& job) {
  bool none_submitted = std::none_of(m_jobs.begin(), m_jobs.end(), [](const ClusterJob& other) {
    return other.phase != JobPhase::waiting_to_submit;
  });
  auto command = m_backend->submit_command();
  // The intent first: a flow killed while qsub answers never learns the id, and the next
  // flow must find this job by its name rather than submit a twin (docs/cluster.md).
  JobRecord intent{
      std::string(m_backend->name()), {}, job.token, job.display_name, job.scheduler_name, {}};
  // A group's members point at its record: a later flow looks for a job by the job's own
  // record, and must find the submission that may still write the member's outputs.
  Result<void> written = ok_result();
  for (const auto& member : job.members) {
    JobRecord pointer{
        std::string(m_backend->name()), {}, job.token, member.display_name, {}, job.files.record};
    if (written) written = write_fresh(m_fs, member.files.record, format_record(pointer));
  }
  if (written) written = write_fresh(m_fs, job.files.record, format_record(intent));
  if (!written) {
    forget(job);
    return make_error(ErrorKind::job, fmt::format("job '{}': not submitted: {}", job.display_name,
                                                  written.error().message));
  }
  ++m_stats.submit_calls;
  auto result = sys::run_command(m_spawner, scheduler_request(job.submit_argv, job.workdir));
  if (!result || result->exit_code != 0) forget(job);  // not submitted
  if (!result) {
    return make_error(ErrorKind::job, fmt::format("job '{}': cannot run {}: {}", job.display_name,
                                                  command, result.error().message));
  }
  if (result->exit_code != 0) {
    // sbatch says why on stderr only, the PBS wrapper on stdout: no empty line between.
    std::string said = result->output;
    if (!said.empty() && !result->error_output.empty() && said.back() != '\n') said += '\n';
    said = last_lines(said + result->error_output, 8);
    return make_error(ErrorKind::job,
                      fmt::format("job '{}': {} failed (exit code {}): {}", job.display_name,
                                  command, result->exit_code, said.empty() ? "no output" : said));
  }
  auto id = m_backend->parse_submit_output(result->output);
  if (!id) {
    // It exited 0: the job may be queued. The intent stays, so the next flow looks for it.
    return make_error(ErrorKind::job,
                      fmt::format("job '{}': {}; if the scheduler queued it anyway, the next "
                                  "flow finds it by its name '{}'",
                                  job.display_name, id.error().message, job.scheduler_name));
  }
  SteadyTime now = m_clock.steady_now();
  job.external_id = *id;
  job.phase = JobPhase::active;
  job.submitted = now;
  // The record is only needed to re-attach after a crash; tracking goes on without it.
  JobRecord record{std::string(m_backend->name()),
                   job.external_id,
                   job.token,
                   job.display_name,
                   job.scheduler_name,
                   {}};
  (void)write_fresh(m_fs, job.files.record, format_record(record));
  // Nothing to learn about a job just submitted: the first poll waits one interval.
  if (none_submitted) m_next_poll = std::max(m_next_poll, now + m_options.poll_interval);
  return ok_result();
}

void ClusterExecutor::submit_queued(std::vector<JobCompletion>& done) {
  for (std::size_t i = 0; i < m_jobs.size();) {
    ClusterJob& job = m_jobs[i];
    if (job.phase != JobPhase::waiting_to_submit) {
      ++i;
      continue;
    }
    if (!take_submit_token()) return;
    if (auto submitted = submit(job); !submitted) {
      JobCompletion failed;
      failed.id = job.id;
      failed.status = CompletionStatus::not_started;
      failed.message = submitted.error().message;
      deliver(job, std::move(failed), done);
      m_jobs.erase(m_jobs.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    ++i;
  }
}

std::vector<JobCompletion> ClusterExecutor::wait(SteadyTime deadline) {
  if (!m_undecided.empty()) return std::exchange(m_undecided, {});
  int interrupts = sys::interrupt_count();
  while (true) {
    std::vector<JobCompletion> done;
    submit_queued(done);
    check_finishing(done);
    poll_if_due(done);
    if (!done.empty()) return done;
    if (m_clock.steady_now() >= deadline) return {};
    // Local jobs end this wait early; otherwise it sleeps until the next thing to do.
    SteadyTime wake = next_wake(deadline);
    std::vector<JobCompletion> local = m_local.wait(wake);
    if (!local.empty()) return local;
    // Back early with nothing: the spawner saw an interrupt.
    if (m_clock.steady_now() < wake || sys::interrupt_count() != interrupts) return {};
  }
}

SteadyTime ClusterExecutor::next_wake(SteadyTime deadline) const {
  SteadyTime wake = deadline;
  for (const auto& job : m_jobs) {
    if (job.phase == JobPhase::active) wake = std::min(wake, m_next_poll);
    if (job.phase == JobPhase::finishing) wake = std::min(wake, m_next_marker_check);
    if (job.phase == JobPhase::waiting_to_submit && m_options.submit_rate > 0) {
      double missing = std::max(0.0, 1.0 - m_submit_tokens) / m_options.submit_rate;
      wake = std::min(wake, m_tokens_updated + std::chrono::duration_cast<Duration>(
                                                   std::chrono::duration<double>(missing)));
    }
  }
  // Never a busy loop: whatever is due now was just done.
  SteadyTime soonest = m_clock.steady_now() + std::chrono::milliseconds(1);
  return std::min(deadline, std::max(wake, soonest));
}

}  // namespace flow::exec
