#include "flow/run/runner.h"

#include <signal.h>

#include <algorithm>

#include "flow/sys/interrupt.h"
#include "run/runner_impl.h"

namespace flow::run {
namespace {

// How often the loop wakes with nothing happening: the live status line's refresh.
constexpr auto k_tick = std::chrono::milliseconds(250);
// How often outputs are looked for again while waiting --latency-wait.
constexpr auto k_output_recheck = std::chrono::milliseconds(100);
// How long running jobs get to stop after SIGTERM when flow is interrupted.
constexpr auto k_interrupt_grace = std::chrono::seconds(10);

SpecOptions spec_options(const RunOptions& options) {
  SpecOptions spec;
  spec.cores = options.cores;
  spec.remote = options.remote;
  spec.workdir = options.workdir;
  spec.flow_binary = options.flow_binary;
  spec.state_dir = options.state_dir;
  spec.max_inline_command = options.max_inline_command;
  spec.use_envmodules = options.use_envmodules;
  spec.container_runtime = options.container_runtime;
  spec.uid = options.uid;
  spec.gid = options.gid;
  spec.sizer = options.sizer;
  return spec;
}

}  // namespace

Runner::Runner(const RunContext& context)
    : m_ctx(context),
      m_spec_options(spec_options(context.options)),
      m_files(context.dag, context.fs, context.stats, context.state),
      m_pool(context.options.cores, context.options.resources,
             context.dag.rule_set().rules().size()),
      m_temp(context.dag, context.options.keep_temp),
      m_plan(context.dag, context.staleness),
      m_attempts(context.dag.jobs().size(), 0) {
  for (const auto& job : context.dag.jobs()) {
    if (m_plan.runs(job.id)) m_temp.add_consumer(job.id);
  }
  if (context.units != nullptr && context.options.remote) {
    m_units = *context.units;
    std::vector<std::vector<JobId>> members;
    std::vector<std::vector<JobId>> outside;
    for (const auto& unit : m_units) {
      members.push_back(unit.members);
      outside.emplace_back();
      for (JobId member : unit.members) {
        for (JobId dependency : context.dag.job(member).dependencies) {
          bool inside =
              std::find(unit.members.begin(), unit.members.end(), dependency) != unit.members.end();
          if (!inside && m_plan.runs(dependency)) outside.back().push_back(dependency);
        }
      }
    }
    m_gate = GroupGate(std::move(members), std::move(outside));
  }
}

// Ninja's Builder::Build: start what is ready, wait for something to end, finish it, sync.
RunStatus Runner::run() {
  m_started = m_ctx.clock.steady_now();
  // A cluster job re-attached to below may still run in its scratch; a local flow that died
  // left no job running (the launcher stops them; leftover_jobs stops the rest).
  if (!m_ctx.options.remote) remove_all_shadows();
  m_summary.total = m_plan.total();
  m_ctx.observer.run_started(m_plan.total());
  while (true) {
    if (sys::interrupt_count() > 0) return stop_after_interrupt();
    if (!m_stopping && !journal_failed()) start_ready_jobs();
    if (m_active.empty() && m_awaiting.empty() && (m_stopping || m_restart.empty())) {
      if (m_stopping || (m_plan.ready(1).empty() && m_unit_queue.empty())) break;
      continue;  // step-less jobs just finished and released others
    }
    process_completions(m_ctx.executor.wait(next_wake()));
    check_awaiting();
    m_ctx.observer.tick();
    sync_state();
  }
  if (!m_stopping) fail_stalled();
  bool failed = m_summary.failed > 0 || m_ctx.state.write_failure() != nullptr;
  return finish_run(failed ? RunStatus::failed : RunStatus::success);
}

bool Runner::journal_failed() {
  const Error* failure = m_ctx.state.write_failure();
  if (failure == nullptr) return false;
  // A job started now could not be journalled as incomplete: stop, finish the running ones.
  if (!m_stopping) m_ctx.observer.warning(failure->message);
  m_stopping = true;
  return true;
}

std::optional<Claim> Runner::fit(JobId job, int attempt) {
  const rules::Rule& rule = m_ctx.dag.rule_of(job);
  // A pipe pair runs on this machine, even with a cluster executor (docs/cluster.md).
  bool local = runs_locally(rule, m_ctx.options.remote) || m_plan.pipe_partner(job).has_value();
  bool uses_cores = local && rule.step != rules::StepKind::none;
  std::string warning;
  auto claim = m_pool.fit(
      rule,
      [&](const rules::Resource& resource) {
        return resource_amount(job, resource, attempt, m_spec_options);
      },
      uses_cores, &warning);
  if (!warning.empty()) m_ctx.observer.warning(warning);
  return claim;
}

void Runner::start_ready_jobs() {
  const std::size_t capacity = m_ctx.executor.capacity();
  auto room = [&] { return m_ctx.executor.in_flight() < capacity; };
  while (!m_restart.empty() && room() && !journal_failed()) {
    JobId job = m_restart.back();
    auto claim = fit(job, m_attempts[job.index()]);
    if (!claim) break;
    m_restart.pop_back();
    start_job(job, m_attempts[job.index()], std::move(*claim));
  }
  // Job groups whose outside jobs have ended start as one submission each (spec §9).
  if (m_gate_stale) {
    m_gate_stale = false;
    m_gate.recount([this](JobId job) {
      plan::JobState state = m_plan.state(job);
      return state == plan::JobState::succeeded || state == plan::JobState::failed ||
             state == plan::JobState::cancelled || state == plan::JobState::idle;
    });
  }
  for (std::size_t unit : m_gate.take_ready())
    m_unit_queue.push_back(unit);
  std::size_t next_unit = 0;
  while (next_unit < m_unit_queue.size() && room() && !m_stopping && !journal_failed())
    start_unit(m_unit_queue[next_unit++]);
  m_unit_queue.erase(m_unit_queue.begin(),
                     m_unit_queue.begin() + static_cast<std::ptrdiff_t>(next_unit));
  // Look only as far as could start now (plus slack for jobs that do not fit), so that a
  // ready set of 100,000 jobs costs nothing per loop; members of groups not started yet are
  // skipped, so they do not count.
  std::size_t slack =
      m_ctx.options.remote ? capacity - std::min(capacity, m_ctx.executor.in_flight()) : 0;
  std::size_t limit = static_cast<std::size_t>(std::max(0, m_pool.free_cores())) +
                      std::min<std::size_t>(slack, 4096) + 64 + m_gate.waiting_members();
  for (JobId job : m_plan.ready(limit)) {
    if (!room() || m_stopping || journal_failed()) break;
    if (auto unit = m_gate.unit_of(job); unit && !m_gate.started(*unit)) continue;
    if (auto consumer = m_plan.pipe_consumer(job)) {
      start_pair(job, *consumer);
      continue;
    }
    auto claim = fit(job, 1);
    if (!claim) continue;
    m_plan.mark_started(job);
    start_job(job, 1, std::move(*claim));
  }
}

bool Runner::start_pair(JobId producer, JobId consumer) {
  if (m_ctx.executor.in_flight() + 2 > m_ctx.executor.capacity() && !m_active.empty()) return false;
  auto producer_claim = fit(producer, 1);
  std::optional<Claim> consumer_claim;
  if (producer_claim) {
    m_pool.take(*producer_claim);
    consumer_claim = fit(consumer, 1);
    m_pool.release(*producer_claim);
  }
  if (!producer_claim || !consumer_claim) {
    // Together they need more than -c (or --resources) allows: they cannot run one after the
    // other, so they run alone, taking what is free (decisions.md, "Pipes").
    if (!m_active.empty() || !m_held.empty()) return false;
    Claim all;
    all.cores = std::max(0, m_pool.free_cores());
    producer_claim = all;
    consumer_claim = Claim{};
  }
  m_plan.mark_started(producer);
  start_job(producer, 1, std::move(*producer_claim));
  if (m_active.find(producer.value) == m_active.end()) {
    // It could not start: the plan cancelled the consumer with it.
    m_files.remove_pipes(producer);
    return true;
  }
  m_plan.mark_started(consumer);
  start_job(consumer, 1, std::move(*consumer_claim));
  return true;
}

void Runner::process_completions(std::vector<exec::JobCompletion> completions) {
  for (auto& completion : completions) {
    auto it = m_active.find(completion.id);
    if (it == m_active.end()) continue;  // not ours (cannot happen with one runner)
    Active active = std::move(it->second);
    m_active.erase(it);
    job_ended(std::move(active), std::move(completion));
  }
}

void Runner::check_awaiting() {
  if (m_awaiting.empty()) return;
  SteadyTime now = m_ctx.clock.steady_now();
  std::vector<Awaiting> still;
  for (auto& waiting : m_awaiting) {
    auto problems = m_files.check(waiting.active.job, true);
    if (problems.empty()) {
      succeed(waiting.active, waiting.completion);
    } else if (now >= waiting.deadline) {
      fail(waiting.active, waiting.completion,
           describe(problems) + " (after waiting " +
               std::to_string(static_cast<int>(m_ctx.options.latency_wait)) + "s, --latency-wait)");
    } else {
      still.push_back(std::move(waiting));
    }
  }
  m_awaiting = std::move(still);
}

SteadyTime Runner::next_wake() const {
  SteadyTime now = m_ctx.clock.steady_now();
  return now + (m_awaiting.empty() ? std::chrono::duration_cast<Duration>(k_tick)
                                   : std::chrono::duration_cast<Duration>(k_output_recheck));
}

RunStatus Runner::stop_after_interrupt() {
  m_ctx.observer.interrupted(sys::last_interrupt_signal());
  auto completions =
      m_ctx.executor.cancel_all(std::chrono::duration_cast<Duration>(k_interrupt_grace));
  std::vector<std::string> dropped;
  for (auto& completion : completions) {
    auto it = m_active.find(completion.id);
    if (it == m_active.end()) continue;
    Active active = std::move(it->second);
    m_active.erase(it);
    if (m_plan.pipe_partner(active.job)) {
      // Spec §8: an interrupted pair stops as a whole; neither's outputs count.
      m_pool.release(active.claim);
      auto removed = remove_outputs(active.job);
      m_files.remove_pipes(active.job);
      dropped.insert(dropped.end(), removed.begin(), removed.end());
      continue;
    }
    bool succeeded = completion.status == exec::CompletionStatus::succeeded;
    if (auto closed = close_shadow(active, succeeded); !closed) {
      succeeded = false;
      m_ctx.observer.warning(closed.error().message);
    }
    if (succeeded && m_files.check(active.job, false).empty()) {
      succeed(active, completion);  // it finished just before the signal: keep its work
      continue;
    }
    m_pool.release(active.claim);
    auto removed = remove_outputs(active.job);
    m_summary.removed.insert(m_summary.removed.end(), removed.begin(), removed.end());
  }
  for (auto& waiting : m_awaiting) {
    auto removed = remove_outputs(waiting.active.job);
    m_summary.removed.insert(m_summary.removed.end(), removed.begin(), removed.end());
  }
  m_awaiting.clear();
  drop_held(dropped);
  m_summary.removed.insert(m_summary.removed.end(), dropped.begin(), dropped.end());
  return finish_run(RunStatus::interrupted);
}

void Runner::sync_state() {
  auto interval = std::chrono::duration_cast<Duration>(
      std::chrono::duration<double>(m_ctx.options.sync_interval));
  if (auto synced = m_ctx.state.sync_if_due(m_ctx.clock.steady_now(), interval); !synced)
    m_ctx.observer.warning(synced.error().message);
}

RunStatus Runner::finish_run(RunStatus status) {
  if (m_active.empty()) remove_all_shadows();
  if (auto synced = m_ctx.state.sync(); !synced) m_ctx.observer.warning(synced.error().message);
  m_summary.status = status;
  m_summary.cancelled = m_plan.total() - m_summary.succeeded - m_summary.failed;
  m_summary.seconds = std::chrono::duration<double>(m_ctx.clock.steady_now() - m_started).count();
  m_ctx.observer.run_finished(m_summary);
  return status;
}

RunStatus run_jobs(const RunContext& context) {
  return Runner(context).run();
}

}  // namespace flow::run
