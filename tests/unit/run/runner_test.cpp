#include "flow/run/runner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "flow/dag/dag_builder.h"
#include "support/fake_clock.h"
#include "support/fake_executor.h"
#include "support/workflow_text.h"

namespace flow::run {
namespace {

class RecordingObserver : public RunObserver {
 public:
  void run_started(std::size_t total) override { totals.push_back(total); }
  void job_started(const JobStarted& event) override { started.push_back(event.job); }
  void job_succeeded(JobId job, const exec::JobCompletion*) override { succeeded.push_back(job); }
  void job_failed(const JobFailed& event) override { failures.push_back(event); }
  void warning(const std::string& text) override { warnings.push_back(text); }
  void interrupted(int) override {}
  void run_finished(const RunSummary& s) override { summary = s; }

  std::vector<std::size_t> totals;
  std::vector<JobId> started, succeeded;
  std::vector<JobFailed> failures;
  std::vector<std::string> warnings;
  RunSummary summary;
};

class RunnerTest : public ::testing::Test {
 protected:
  void load_flowfile_text(const std::string& text) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
  }

  RunStatus run_targets(std::vector<std::string> targets = {},
                        plan::StalenessOptions staleness_options = {}) {
    auto dag = dag::build_dag(*m_rules, targets, m_fs);
    EXPECT_TRUE(dag.ok()) << (dag.ok() ? "" : format_error(dag.error(), nullptr));
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
    m_stats = std::make_unique<plan::FileStatCache>(*m_dag, m_fs);
    if (!m_state) m_state = std::move(state::StateLog::open(m_fs, ".flow")).value();
    auto staleness = plan::compute_staleness(*m_dag, *m_stats, m_state.get(), staleness_options);
    EXPECT_TRUE(staleness.ok());
    m_staleness = std::move(staleness).value();
    m_observer = RecordingObserver();
    RunContext context{*m_dag, m_staleness, *m_stats,   *m_state, m_executor,
                       m_fs,   m_clock,     m_observer, m_options};
    return run_jobs(context);
  }

  std::vector<std::string> started_labels() const {
    std::vector<std::string> labels;
    for (JobId job : m_observer.started)
      labels.push_back(m_dag->label(job));
    return labels;
  }

  test::FakeFilesystem m_fs;
  test::FakeClock m_clock;
  test::FakeExecutor m_executor{m_fs};
  RunOptions m_options;
  RecordingObserver m_observer;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  std::unique_ptr<plan::FileStatCache> m_stats;
  std::unique_ptr<state::StateLog> m_state;
  plan::Staleness m_staleness;
};

TEST_F(RunnerTest, RerunsOnlyWhenAnInputIsNewer) {
  load_flowfile_text(R"(
rules:
  all:  {input: b.txt}
  copy: {input: a.txt, output: b.txt, shell: "cp {input} {output}"}
)");
  m_fs.create("a.txt", "x");
  EXPECT_EQ(run_targets({"all"}), RunStatus::success);
  EXPECT_EQ(m_executor.started_rules(), std::vector<std::string>{"copy"});

  m_executor.clear();
  EXPECT_EQ(run_targets({"all"}), RunStatus::success);
  EXPECT_TRUE(m_executor.started_rules().empty());  // up to date

  m_fs.tick();
  m_fs.create("a.txt", "y");
  EXPECT_EQ(run_targets({"all"}), RunStatus::success);
  EXPECT_EQ(m_executor.started_rules(), std::vector<std::string>{"copy"});
}

TEST_F(RunnerTest, RunsDependenciesFirstAndJournalsOutputs) {
  load_flowfile_text(R"(
rules:
  all: {input: c.txt}
  b: {input: a.txt, output: b.txt, shell: "cp {input} {output}"}
  c: {input: b.txt, output: c.txt, shell: "cp {input} {output}"}
)");
  m_fs.create("a.txt");
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_EQ(started_labels(), (std::vector<std::string>{"b", "c", "all"}));
  EXPECT_EQ(m_observer.summary.succeeded, 3u);
  const state::OutputRecord* record = m_state->find("c.txt");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->rule, "c");
  EXPECT_FALSE(m_state->is_incomplete("c.txt"));
}

TEST_F(RunnerTest, AJournalThatCannotBeWrittenStopsTheRun) {
  load_flowfile_text(R"(
rules:
  all: {input: [o/1, o/2, o/3, o/4]}
  make: {output: "o/{n}", shell: "touch {output}"}
)");
  m_state = std::move(state::StateLog::open(m_fs, ".flow")).value();
  // Room for the first job's incomplete mark only: its completion is a short write.
  m_fs.fail_appends_beyond(".flow/state.log", m_fs.contents(".flow/state.log").size() + 12);
  m_options.keep_going = true;
  EXPECT_EQ(run_targets(), RunStatus::failed);
  EXPECT_EQ(m_executor.started_rules(), std::vector<std::string>{"make"});
  ASSERT_FALSE(m_observer.warnings.empty());
  EXPECT_EQ(m_observer.warnings.back(),
            "cannot write '.flow/state.log': No space left on device; flow writes nothing more "
            "into the journal and starts no more jobs in this run");
}

TEST_F(RunnerTest, CoresLimitHowManyJobsRunAtOnce) {
  load_flowfile_text(R"(
rules:
  all: {input: [o/1, o/2, o/3, o/4]}
  make: {output: "o/{n}", shell: "touch {output}"}
)");
  m_options.cores = 2;
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_EQ(m_executor.max_in_flight(), 2u);
}

TEST_F(RunnerTest, ThreadsAreCappedAtTheCores) {
  load_flowfile_text(R"(
rules:
  all: {input: [o/1, o/2]}
  make: {output: "o/{n}", threads: 8, shell: "sort --parallel {threads} > {output}"}
)");
  m_options.cores = 3;
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_EQ(m_executor.max_in_flight(), 1u);
  EXPECT_EQ(m_executor.started().front().threads, 3);
  EXPECT_EQ(m_executor.started().front().command_text, "sort --parallel 3 > o/1");
}

TEST_F(RunnerTest, ResourceLimitsAreRespectedAndOversizedJobsScaled) {
  load_flowfile_text(R"(
rules:
  all: {input: [o/1, o/2, o/3]}
  make: {output: "o/{n}", resources: {mem_mb: 600}, shell: "touch {output}"}
)");
  m_options.cores = 4;
  m_options.resources = {{"mem_mb", 1000}};
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_EQ(m_executor.max_in_flight(), 1u);
  m_options.resources = {{"mem_mb", 500}};
  m_fs.tick();
  EXPECT_EQ(run_targets({}, plan::StalenessOptions{true, false, {}, plan::k_all_triggers}),
            RunStatus::success);
  ASSERT_EQ(m_observer.warnings.size(), 1u);
  EXPECT_EQ(m_observer.warnings[0],
            "rule 'make' asks for mem_mb=600, more than --resources mem_mb=500; using 500");
}

TEST_F(RunnerTest, HigherPriorityStartsFirst) {
  load_flowfile_text(R"(
rules:
  all: {input: [low.txt, high.txt]}
  low: {output: low.txt, shell: "touch {output}"}
  high: {output: high.txt, priority: 5, shell: "touch {output}"}
)");
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_EQ(m_executor.started_rules(), (std::vector<std::string>{"high", "low"}));
}

TEST_F(RunnerTest, AShadowJobRunsInItsScratchAndOnlyItsOutputsAndLogsComeBack) {
  load_flowfile_text(R"(
rules:
  copy: {input: a.txt, output: out/b.txt, log: logs/b.log, shadow: minimal, shell: "cp {input} {output}"}
)");
  m_options.workdir = "/w";
  m_fs.create("a.txt", "x");
  m_fs.create(".flow/shadow/left-by-kill-9/junk", "old");
  m_executor.set_litter("copy", {"junk.txt", "logs/b.log"});
  EXPECT_EQ(run_targets(), RunStatus::success);
  ASSERT_EQ(m_executor.started().size(), 1u);
  const exec::JobSpec& spec = m_executor.started()[0];
  EXPECT_TRUE(spec.rundir.starts_with("/w/.flow/shadow/copy-")) << spec.rundir;
  EXPECT_TRUE(m_fs.exists("out/b.txt"));
  EXPECT_EQ(m_fs.contents("logs/b.log"), "litter");
  EXPECT_FALSE(m_fs.exists("junk.txt"));
  EXPECT_FALSE(m_fs.exists(spec.rundir));
  EXPECT_FALSE(m_fs.exists(spec.rundir + "/junk.txt"));
  EXPECT_FALSE(m_fs.exists(".flow/shadow/left-by-kill-9/junk"));
  EXPECT_TRUE(m_fs.links().empty());
  EXPECT_NE(m_state->find("out/b.txt"), nullptr);
}

TEST_F(RunnerTest, AFailedShadowJobLeavesNoScratchAndNoOutputButItsLog) {
  load_flowfile_text(R"(
rules:
  copy: {input: a.txt, output: b.txt, log: b.log, shadow: full, shell: "cp {input} {output}"}
)");
  m_options.workdir = "/w";
  m_fs.create("a.txt", "x");
  m_executor.set_behavior("copy", {1, -1, true, false, {}});
  // The failing fake writes a partial output, in the scratch.
  EXPECT_EQ(run_targets(), RunStatus::failed);
  const exec::JobSpec& spec = m_executor.started()[0];
  EXPECT_FALSE(m_fs.exists("b.txt"));
  EXPECT_FALSE(m_fs.exists(spec.rundir + "/b.txt"));
  EXPECT_TRUE(m_fs.links().empty());
  ASSERT_EQ(m_observer.failures.size(), 1u);
}

TEST_F(RunnerTest, FailureRemovesOutputsKeepsLogsAndStops) {
  load_flowfile_text(R"(
rules:
  all: {input: [a.txt, b.txt, c.txt]}
  a: {output: a.txt, log: a.log, shell: "false"}
  b: {output: b.txt, shell: "touch {output}"}
  c: {input: a.txt, output: c.txt, shell: "cp {input} {output}"}
)");
  m_executor.set_behavior("a", {2, -1, true, false, {}});
  m_fs.create("a.log", "last words\n");
  EXPECT_EQ(run_targets(), RunStatus::failed);
  ASSERT_EQ(m_observer.failures.size(), 1u);
  const JobFailed& failure = m_observer.failures[0];
  EXPECT_EQ(failure.label, "a");
  EXPECT_EQ(failure.what, "exit code 2");
  EXPECT_EQ(failure.removed, std::vector<std::string>{"a.txt"});
  EXPECT_FALSE(m_fs.exists("a.txt"));
  EXPECT_FALSE(m_state->is_incomplete("a.txt"));
  EXPECT_EQ(m_executor.started_rules(), std::vector<std::string>{"a"});  // nothing new after it
  EXPECT_EQ(m_observer.summary.failed, 1u);
}

TEST_F(RunnerTest, KeepGoingRunsIndependentJobs) {
  load_flowfile_text(R"(
rules:
  all: {input: [a.txt, b.txt, c.txt]}
  a: {output: a.txt, shell: "false"}
  b: {output: b.txt, shell: "touch {output}"}
  c: {input: a.txt, output: c.txt, shell: "cp {input} {output}"}
)");
  m_executor.set_behavior("a", {1, -1, true, false, {}});
  m_options.keep_going = true;
  EXPECT_EQ(run_targets(), RunStatus::failed);
  EXPECT_EQ(m_executor.started_rules(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(m_fs.exists("b.txt"));
  EXPECT_EQ(m_observer.summary.succeeded, 1u);
  EXPECT_EQ(m_observer.summary.cancelled, 2u);  // c and all
}

TEST_F(RunnerTest, RetriesAFailingJob) {
  load_flowfile_text(R"(
rules:
  flaky: {output: x.txt, retries: 2, shell: "touch {output} # {attempt}"}
)");
  m_executor.set_behavior("flaky", {1, 2, true, false, {}});
  EXPECT_EQ(run_targets(), RunStatus::success);
  ASSERT_EQ(m_executor.started().size(), 3u);
  EXPECT_EQ(m_executor.started()[2].command_text, "touch x.txt # 3");
  ASSERT_EQ(m_observer.failures.size(), 2u);
  EXPECT_TRUE(m_observer.failures[0].will_retry);
}

TEST_F(RunnerTest, RetriesRunOut) {
  load_flowfile_text(R"(
rules:
  flaky: {output: x.txt, shell: "touch {output}"}
)");
  m_options.retries = 1;
  m_executor.set_behavior("flaky", {1, -1, true, false, {}});
  EXPECT_EQ(run_targets(), RunStatus::failed);
  EXPECT_EQ(m_executor.started().size(), 2u);
}

TEST_F(RunnerTest, TempOutputIsDeletedAfterItsLastConsumer) {
  load_flowfile_text(R"(
rules:
  all: {input: [c1.txt, c2.txt]}
  make: {output: {path: t.txt, temp: true}, shell: "touch {output}"}
  use: {input: t.txt, output: "c{n}.txt", shell: "cp {input} {output}"}
)");
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_FALSE(m_fs.exists("t.txt"));
  EXPECT_TRUE(m_fs.exists("c1.txt"));
  // A second run needs nothing: the missing temp file is only needed if a consumer runs.
  m_executor.clear();
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_TRUE(m_executor.started_rules().empty());
}

TEST_F(RunnerTest, TempOutputIsKeptWhenItIsATargetOrWithNotemp) {
  load_flowfile_text(R"(
rules:
  use: {input: t.txt, output: c.txt, shell: "cp {input} {output}"}
  make: {output: {path: t.txt, temp: true}, shell: "touch {output}"}
)");
  m_options.keep_temp = true;
  EXPECT_EQ(run_targets({"c.txt"}), RunStatus::success);
  EXPECT_TRUE(m_fs.exists("t.txt"));
  m_options.keep_temp = false;
  ASSERT_TRUE(m_fs.remove("c.txt").ok());
  EXPECT_EQ(run_targets({"c.txt", "t.txt"}), RunStatus::success);
  EXPECT_TRUE(m_fs.exists("t.txt"));
}

TEST_F(RunnerTest, MissingOutputAfterSuccessIsAFailure) {
  load_flowfile_text(R"(
rules:
  lazy: {output: x.txt, shell: "true"}
)");
  m_options.latency_wait = 0;
  m_executor.set_behavior("lazy", {0, 0, false, false, {}});
  EXPECT_EQ(run_targets(), RunStatus::failed);
  ASSERT_EQ(m_observer.failures.size(), 1u);
  EXPECT_EQ(m_observer.failures[0].what, "missing output x.txt");
}

TEST_F(RunnerTest, CommandThatCannotStartFailsTheJob) {
  load_flowfile_text(R"(
rules:
  broken: {output: x.txt, shell: "no-such-tool {output}"}
)");
  m_executor.set_behavior("broken", {0, 0, true, true, {}});
  EXPECT_EQ(run_targets(), RunStatus::failed);
  ASSERT_EQ(m_observer.failures.size(), 1u);
  EXPECT_EQ(m_observer.failures[0].what, "command not found: no-such-tool");
}

TEST_F(RunnerTest, ProtectedOutputIsNotOverwritten) {
  load_flowfile_text(R"(
rules:
  make: {input: in.txt, output: {path: out.txt, protected: true}, shell: "cp {input} {output}"}
)");
  m_fs.create("in.txt");
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_EQ(m_fs.stat("out.txt")->read_only, true);
  m_fs.tick();
  m_fs.create("in.txt");
  m_executor.clear();
  EXPECT_EQ(run_targets(), RunStatus::failed);
  EXPECT_TRUE(m_executor.started_rules().empty());
  ASSERT_EQ(m_observer.failures.size(), 1u);
  EXPECT_EQ(m_observer.failures[0].what,
            "output 'out.txt' is protected; remove it by hand to make it again");
  EXPECT_TRUE(m_fs.exists("out.txt"));
}

TEST_F(RunnerTest, BenchmarkFileGetsAHeaderAndARow) {
  load_flowfile_text(R"(
rules:
  make: {output: x.txt, benchmark: bench/x.tsv, shell: "touch {output}"}
)");
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_EQ(m_fs.contents("bench/x.tsv"),
            "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
            "1.5000\t0:00:02\t2.00\tNA\tNA\tNA\t0.00\t0.00\t0.00\t0.00\n");
}

TEST_F(RunnerTest, IncompleteOutputFromADeadRunIsRemade) {
  load_flowfile_text(R"(
rules:
  make: {output: x.txt, shell: "touch {output}"}
)");
  m_fs.create("x.txt", "half");
  m_state = std::move(state::StateLog::open(m_fs, ".flow")).value();
  ASSERT_TRUE(m_state->mark_incomplete(std::vector<std::string>{"x.txt"}).ok());
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_EQ(m_executor.started_rules(), std::vector<std::string>{"make"});
  EXPECT_FALSE(m_state->is_incomplete("x.txt"));
}

TEST_F(RunnerTest, ChangedParamsRerunTheJob) {
  load_flowfile_text(R"(
rules:
  make: {output: x.txt, params: {n: 1}, shell: "touch {output}"}
)");
  EXPECT_EQ(run_targets(), RunStatus::success);
  load_flowfile_text(R"(
rules:
  make: {output: x.txt, params: {n: 2}, shell: "touch {output}"}
)");
  m_executor.clear();
  EXPECT_EQ(run_targets(), RunStatus::success);
  EXPECT_EQ(m_executor.started_rules(), std::vector<std::string>{"make"});
  EXPECT_TRUE(m_staleness.reasons[0].has(plan::k_params_changed));
  // ... unless params are not a trigger.
  load_flowfile_text(R"(
rules:
  make: {output: x.txt, params: {n: 3}, shell: "touch {output}"}
)");
  m_executor.clear();
  EXPECT_EQ(run_targets({}, plan::StalenessOptions{false, false, {}, plan::k_trigger_mtime}),
            RunStatus::success);
  EXPECT_TRUE(m_executor.started_rules().empty());
}

}  // namespace
}  // namespace flow::run
