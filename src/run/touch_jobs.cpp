#include <fmt/format.h>

#include "flow/dag/job_render.h"
#include "flow/run/runner.h"

namespace flow::run {

// -t/--touch: marks the outputs of the jobs that would run as up to date, without running
// anything. Jobs are visited in id order, which is topological, so each output is touched
// after the outputs it depends on and ends up at least as new.
RunStatus touch_jobs(const RunContext& ctx) {
  RunSummary summary;
  summary.total = ctx.staleness.run_count;
  ctx.observer.run_started(summary.total);
  auto started = ctx.clock.steady_now();
  for (const auto& job : ctx.dag.jobs()) {
    if (!ctx.staleness.runs(job.id)) continue;
    std::vector<std::string> touched;
    for (const auto& ref : job.outputs) {
      const std::string& path = ctx.dag.path(ref.file);
      auto stat = ctx.stats.get(ref.file);
      if (!stat || !stat->exists) {
        ctx.observer.warning(
            fmt::format("{}: not touching missing output {}", ctx.dag.label(job.id), path));
        continue;
      }
      if (auto done = ctx.fs.touch(path); !done) {
        ctx.observer.warning(done.error().message);
        continue;
      }
      ctx.stats.invalidate(ref.file);
      touched.push_back(path);
    }
    dag::Fingerprint print = dag::fingerprint(ctx.dag, job.id);
    TimeStamp now = ctx.clock.wall_now();
    state::OutputRecord record{
        ctx.dag.rule_of(job.id).name, print.code, print.params, print.inputs, now, now};
    if (auto recorded = ctx.state.record_complete(touched, record); !recorded) {
      ctx.observer.warning(recorded.error().message);
    }
    ++summary.succeeded;
    ctx.observer.job_succeeded(job.id, nullptr);
  }
  (void)ctx.state.sync();
  summary.seconds = std::chrono::duration<double>(ctx.clock.steady_now() - started).count();
  ctx.observer.run_finished(summary);
  return RunStatus::success;
}

}  // namespace flow::run
