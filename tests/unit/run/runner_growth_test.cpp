#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/run/dag_grower.h"
#include "flow/run/runner.h"
#include "support/fake_clock.h"
#include "support/fake_executor.h"
#include "support/workflow_text.h"

namespace flow::run {
namespace {

// A checkpoint without the checkpoint feature: `split` writes chunks/list.txt, and once it
// has run a grower adds a `count` job per part and gives them to `merge`.
constexpr const char* k_workflow = R"(
rules:
  all: {input: merged.txt}
  split: {output: chunks/list.txt, shell: "split"}
  merge: {input: chunks/list.txt, output: merged.txt, shell: "cat {input} > {output}"}
  count: {input: "chunks/{p}.part", output: "counts/{p}.txt", shell: "wc -l < {input} > {output}"}
)";

// Adds jobs when a given job finishes, as a checkpoint will.
class FakeGrower : public DagGrower {
 public:
  FakeGrower(test::FakeFilesystem& fs, std::vector<std::string> parts)
      : m_fs(fs), m_parts(std::move(parts)) {}

  Result<std::optional<dag::DagGrowth>> after_success(const dag::Dag& dag, JobId job) override {
    ++calls;
    if (dag.label(job) != "split" || closes == 0) return std::optional<dag::DagGrowth>();
    --closes;
    if (!error.empty()) return make_error(ErrorKind::workflow, error);
    JobId merge = dag.job(job).dependents.front();
    dag::DagGrowth growth(dag);
    std::vector<dag::FileRef> inputs;
    for (const auto& part : m_parts) {
      m_fs.create("chunks/" + part + ".part", part);  // what the checkpoint wrote
      growth.add_rule_job(*dag.rule_set().find("count"), {part});
      inputs.push_back({growth.file("counts/" + part + ".txt"), 0, 0});
    }
    growth.close(merge, job, std::move(inputs));
    return std::optional<dag::DagGrowth>(std::move(growth));
  }

  int calls = 0;
  int closes = 1;     ///< how many times it still closes merge
  std::string error;  ///< when set, the growth fails with it

 private:
  test::FakeFilesystem& m_fs;
  std::vector<std::string> m_parts;
};

class Observer : public RunObserver {
 public:
  void run_started(std::size_t total) override { totals.push_back(total); }
  void jobs_added(std::size_t total) override { totals.push_back(total); }
  void job_started(const JobStarted& event) override { started.push_back(event.job); }
  void job_succeeded(JobId, const exec::JobCompletion*) override {}
  void job_failed(const JobFailed& event) override { failures.push_back(event); }
  void warning(const std::string& text) override { warnings.push_back(text); }
  void interrupted(int) override {}
  void run_finished(const RunSummary& s) override { summary = s; }

  std::vector<std::size_t> totals;
  std::vector<JobId> started;
  std::vector<JobFailed> failures;
  std::vector<std::string> warnings;
  RunSummary summary;
};

class RunnerGrowthTest : public ::testing::Test {
 protected:
  RunStatus run(FakeGrower& grower) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(k_workflow));
    m_dag = std::make_unique<dag::Dag>(std::move(dag::build_dag(*m_rules, {}, m_fs)).value());
    JobId split = m_dag->file(*m_dag->find_file("chunks/list.txt")).producer;
    JobId merge = m_dag->job(split).dependents.front();
    EXPECT_TRUE(m_dag->mark_pending(merge, split).ok());
    m_stats = std::make_unique<plan::FileStatCache>(*m_dag, m_fs);
    m_state = std::move(state::StateLog::open(m_fs, ".flow")).value();
    m_staleness = std::move(plan::compute_staleness(*m_dag, *m_stats, m_state.get(), {})).value();
    RunContext context{*m_dag, m_staleness, *m_stats,   *m_state,  m_executor,
                       m_fs,   m_clock,     m_observer, m_options, &grower};
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
  Observer m_observer;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  std::unique_ptr<plan::FileStatCache> m_stats;
  std::unique_ptr<state::StateLog> m_state;
  plan::Staleness m_staleness;
};

TEST_F(RunnerGrowthTest, JobsAddedAfterACheckpointRunInTheSameRun) {
  FakeGrower grower(m_fs, {"aa", "ab", "ac"});
  EXPECT_EQ(run(grower), RunStatus::success);
  EXPECT_EQ(started_labels(), (std::vector<std::string>{"split", "count p=aa", "count p=ab",
                                                        "count p=ac", "merge", "all"}));
  EXPECT_EQ(m_observer.totals, (std::vector<std::size_t>{3, 6}));  // the total grows
  EXPECT_EQ(m_observer.summary.total, 6u);
  EXPECT_EQ(m_observer.summary.succeeded, 6u);
  EXPECT_TRUE(m_fs.exists("counts/ab.txt"));
  // merge ran with the new inputs in its command.
  EXPECT_EQ(m_executor.started().back().command_text,
            "cat chunks/list.txt counts/aa.txt counts/ab.txt counts/ac.txt > merged.txt");
  EXPECT_EQ(m_state->find("counts/ac.txt")->rule, "count");
  EXPECT_EQ(grower.calls, 6);  // asked after every job that succeeded
}

TEST_F(RunnerGrowthTest, AGrowthThatFailsFailsTheJobsWaitingOnTheCheckpoint) {
  FakeGrower grower(m_fs, {"aa"});
  grower.error = "no rule can make 'counts/aa.txt'";
  EXPECT_EQ(run(grower), RunStatus::failed);
  ASSERT_EQ(m_observer.failures.size(), 1u);
  EXPECT_EQ(m_observer.failures[0].label, "merge");
  EXPECT_EQ(m_observer.failures[0].what, "no rule can make 'counts/aa.txt'");
  EXPECT_TRUE(m_fs.exists("chunks/list.txt"));  // the checkpoint keeps its outputs
  EXPECT_EQ(m_observer.summary.succeeded, 1u);
  EXPECT_EQ(m_observer.summary.cancelled, 1u);  // all
}

TEST_F(RunnerGrowthTest, AJobLeftWaitingOnACheckpointIsAFailureNotASilentSuccess) {
  FakeGrower grower(m_fs, {"aa"});
  grower.closes = 0;
  EXPECT_EQ(run(grower), RunStatus::failed);
  ASSERT_EQ(m_observer.failures.size(), 1u);
  EXPECT_EQ(m_observer.failures[0].label, "merge");
  EXPECT_EQ(m_observer.failures[0].what,
            "internal error: it still waits on checkpoint split, which has run");
}

}  // namespace
}  // namespace flow::run
