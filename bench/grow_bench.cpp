// What a DAG that grows while running costs (docs/architecture.md, "A DAG that grows while
// running"): CHECKPOINTS checkpoint-like jobs, each of which, once it has run, adds PARTS jobs
// and closes the job that waits on it. Everything runs through the real runner, on a
// FakeExecutor and a FakeFilesystem (no processes), so the figures are flow's own work. Prints
// the CPU time spent growing the DAG and deciding and planning what it added (the target:
// under 1 s for 1,000 checkpoints of 100 jobs), and the whole run's for comparison. The
// growth includes the grower's own work (making each job's paths from its rule's patterns)
// and writing the parts into the fake filesystem.
//
//   grow_bench [CHECKPOINTS [PARTS]]        (default 1000 100)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <time.h>

#include "flow/dag/dag_builder.h"
#include "flow/run/dag_grower.h"
#include "flow/run/runner.h"
#include "flow/sys/allocator_tuning.h"
#include "flow/sys/clock.h"
#include "support/fake_executor.h"
#include "support/workflow_text.h"

namespace {

using namespace flow;

// After split s=N has run: PARTS count jobs for sample N, given to merge s=N.
class PartsGrower : public run::DagGrower {
 public:
  PartsGrower(test::FakeFilesystem& fs, int parts) : m_fs(fs), m_parts(parts) {}

  Result<std::optional<dag::DagGrowth>> after_success(const dag::Dag& dag, JobId job) override {
    const dag::Job& j = dag.job(job);
    if (dag.rule_of(job).name != "split") return std::optional<dag::DagGrowth>();
    const std::string& sample = j.wildcards[0];
    JobId merge = j.dependents.front();
    dag::DagGrowth growth(dag);
    RuleId count = *dag.rule_set().find("count");
    std::vector<dag::FileRef> inputs;
    for (int p = 0; p < m_parts; ++p) {
      std::string part = "p" + std::to_string(p);
      m_fs.create("chunks/" + sample + "/" + part + ".part");  // what the checkpoint wrote
      growth.add_rule_job(count, {sample, part});
      inputs.push_back({growth.file("counts/" + sample + "/" + part + ".txt"), 0, 0});
    }
    growth.close(merge, job, std::move(inputs));
    return std::optional<dag::DagGrowth>(std::move(growth));
  }

 private:
  test::FakeFilesystem& m_fs;
  int m_parts;
};

// The process's CPU time as the runner's monotonic clock: the machine is shared, so wall time
// would count other processes' turns; flow's own work is what is measured.
class CpuClock : public sys::Clock {
 public:
  SteadyTime steady_now() const override {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return SteadyTime(std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec));
  }
  TimeStamp wall_now() const override { return m_real->wall_now(); }

 private:
  std::unique_ptr<sys::Clock> m_real = sys::make_real_clock();
};

class Quiet : public run::RunObserver {
 public:
  void run_started(std::size_t total) override { first_total = total; }
  void job_started(const run::JobStarted&) override {}
  void job_succeeded(JobId, const exec::JobCompletion*) override {}
  void job_failed(const run::JobFailed& event) override {
    std::fprintf(stderr, "failed: %s: %s\n", event.label.c_str(), event.what.c_str());
  }
  void warning(const std::string& text) override { std::fprintf(stderr, "%s\n", text.c_str()); }
  void interrupted(int) override {}
  void run_finished(const run::RunSummary& s) override { summary = s; }

  std::size_t first_total = 0;
  run::RunSummary summary;
};

}  // namespace

int main(int argc, char** argv) {
  sys::tune_allocator(argv);  // as flow does: huge pages for the heap (sys/allocator_tuning.h)
  int checkpoints = argc > 1 ? std::atoi(argv[1]) : 1000;
  int parts = argc > 2 ? std::atoi(argv[2]) : 100;
  std::string text = "config:\n  samples: [";
  for (int i = 0; i < checkpoints; ++i)
    text += (i ? ", s" : "s") + std::to_string(i);
  text += R"(]
rules:
  all: {input: {expand: "merged/{s}.txt", s: config.samples}}
  split: {output: "chunks/{s}/list.txt", shell: "split {output}"}
  merge: {input: "chunks/{s}/list.txt", output: "merged/{s}.txt", shell: "cat {input} > {output}"}
  count: {input: "chunks/{s}/{p}.part", output: "counts/{s}/{p}.txt", shell: "wc {input} {output}"}
)";
  auto rules = test::rules_of(text);
  test::FakeFilesystem fs;
  auto built = dag::build_dag(rules, {}, fs);
  if (!built) {
    std::fprintf(stderr, "%s\n", built.error().message.c_str());
    return 1;
  }
  dag::Dag dag = std::move(built).value();
  for (const auto& job : dag.jobs()) {
    if (dag.rule_of(job.id).name == "merge") {
      if (auto marked = dag.mark_pending(job.id, job.dependencies.front()); !marked) return 1;
    }
  }
  plan::FileStatCache stats(dag, fs);
  auto state = std::move(state::StateLog::open(fs, ".flow")).value();
  auto staleness = std::move(plan::compute_staleness(dag, stats, state.get(), {})).value();
  test::FakeExecutor executor(fs);
  CpuClock clock;
  run::RunOptions options;
  options.cores = 2;
  Quiet observer;
  PartsGrower grower(fs, parts);
  run::RunContext context{dag, staleness, stats,    *state,  executor,
                          fs,  clock,     observer, options, &grower};
  auto status = run::run_jobs(context);
  const auto& s = observer.summary;
  std::printf("checkpoints %d, jobs added per checkpoint %d\n", checkpoints, parts);
  std::printf("jobs: %zu planned at the start, %zu in the end, %zu succeeded\n",
              observer.first_total, s.total, s.succeeded);
  std::printf(
      "growing and re-planning: %.3f s of CPU in total, %.1f us per checkpoint, %.2f us per "
      "added job\n",
      s.growth_seconds, s.growth_seconds * 1e6 / checkpoints,
      s.growth_seconds * 1e6 / (static_cast<double>(checkpoints) * parts));
  std::printf("whole run on fakes: %.3f s of CPU\n", s.seconds);
  std::printf("target: re-planning < 1 s: %s\n", s.growth_seconds < 1.0 ? "met" : "NOT MET");
  return status == run::RunStatus::success ? 0 : 1;
}
