// What a DAG that grows while running costs (docs/architecture.md, "A DAG that grows while
// running"; spec §7): CHECKPOINTS checkpoint jobs (`checkpoint: true`), each of which writes
// PARTS files into its directory output; a glob under it in the job that waits on it then
// implies PARTS new jobs. Everything runs through the real runner and the real
// CheckpointGrower (listing, resolving the new files against the rules, extending the DAG,
// deciding and planning what it added), on a FakeExecutor and a FakeFilesystem (no processes,
// no system calls), so the figures are flow's own work; bench/checkpoint_bench.sh measures
// the same on the real filesystem. Prints the CPU time spent growing (the target: under 1 s
// for 1,000 checkpoints of 100 jobs), and the whole run's for comparison.
//
//   grow_bench [CHECKPOINTS [PARTS]]        (default 1000 100)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <time.h>

#include "flow/dag/dag_builder.h"
#include "flow/run/checkpoint_grower.h"
#include "flow/run/runner.h"
#include "flow/sys/allocator_tuning.h"
#include "flow/sys/clock.h"
#include "support/fake_executor.h"
#include "support/workflow_text.h"

namespace {

using namespace flow;

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
  std::string text = "wildcard_constraints: {s: \"s[0-9]+\"}\nconfig:\n  samples: [";
  for (int i = 0; i < checkpoints; ++i)
    text += (i ? ", s" : "s") + std::to_string(i);
  text += R"(]
rules:
  all: {input: {expand: "merged/{s}.txt", s: config.samples}}
  split:
    checkpoint: true
    output: {path: "chunks/{s}", directory: true}
    shell: "split {output}"
  merge:
    input: {glob: "chunks/{s}/{p}.part", expand: "counts/{s}/{p}.txt"}
    output: "merged/{s}.txt"
    shell: "cat {input} > {output}"
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
  plan::FileStatCache stats(dag, fs);
  auto state = std::move(state::StateLog::open(fs, ".flow")).value();
  auto staleness = std::move(plan::compute_staleness(dag, stats, state.get(), {})).value();
  test::FakeExecutor executor(fs);
  test::FakeBehavior split;
  split.make_output = [parts](test::FakeFilesystem& files, const std::string& output) {
    files.create_dir(output);
    for (int p = 0; p < parts; ++p)
      files.create(output + "/p" + std::to_string(p) + ".part");
  };
  executor.set_behavior("split", split);
  CpuClock clock;
  run::RunOptions options;
  options.cores = 2;
  Quiet observer;
  run::CheckpointGrower grower(fs);
  run::RunContext context{dag, staleness, stats,    *state,  executor,
                          fs,  clock,     observer, options, &grower};
  auto status = run::run_jobs(context);
  const auto& s = observer.summary;
  std::printf("checkpoints %d, jobs added per checkpoint %d\n", checkpoints, parts);
  if (s.total != static_cast<std::size_t>(checkpoints) * (parts + 2) + 1) {
    std::fprintf(stderr, "expected %d jobs in the end\n", checkpoints * (parts + 2) + 1);
    return 1;
  }
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
