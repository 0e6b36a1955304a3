#include <fmt/format.h>

#include "flow/run/output_files.h"
#include "flow/run/runner.h"

namespace flow::run {

// -t/--touch: marks the outputs of the jobs that would run as up to date, without running
// anything. Jobs are visited in id order, which is topological, so each output is touched
// after the outputs it depends on and ends up at least as new.
RunStatus touch_jobs(const RunContext& ctx) {
  OutputFiles files(ctx.dag, ctx.fs, ctx.stats, ctx.state);
  RunSummary summary;
  summary.total = ctx.staleness.run_count;
  summary.touch.emplace();
  ctx.observer.run_started(summary.total);
  auto started = ctx.clock.steady_now();
  for (const auto& job : ctx.dag.jobs()) {
    if (!ctx.staleness.runs(job.id)) continue;
    std::vector<std::string> touched;
    for (const auto& ref : job.outputs) {
      if ((ref.flags & dag::k_flag_pipe) != 0) continue;  // never on disk (spec §8)
      const std::string& path = ctx.dag.path(ref.file);
      auto stat = ctx.stats.get(ref.file);
      if (!stat || !stat->exists) {
        ctx.observer.warning(
            fmt::format("{}: not touching missing output {}", ctx.dag.label(job.id), path));
        summary.touch->missing.push_back(path);
        continue;
      }
      if (auto done = ctx.fs.touch(path); !done) {
        ctx.observer.warning(done.error().message);
        continue;
      }
      ctx.stats.invalidate(ref.file);
      touched.push_back(path);
    }
    summary.touch->touched += touched.size();
    TimeStamp now = ctx.clock.wall_now();
    if (auto recorded = files.record_paths(job.id, touched, now, now); !recorded) {
      ctx.observer.warning(recorded.error().message);
    }
    ++summary.succeeded;
    ctx.observer.job_succeeded(job.id, nullptr);
  }
  if (auto synced = ctx.state.sync(); !synced) ctx.observer.warning(synced.error().message);
  summary.seconds = std::chrono::duration<double>(ctx.clock.steady_now() - started).count();
  ctx.observer.run_finished(summary);
  return RunStatus::success;
}

}  // namespace flow::run
