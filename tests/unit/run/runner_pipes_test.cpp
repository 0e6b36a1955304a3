// Pipe pairs (spec §8) through the real runner on fakes: started together, stopped together,
// nothing of a failed pair counts.

#include <gtest/gtest.h>

#include <algorithm>

#include "flow/dag/dag_builder.h"
#include "flow/run/runner.h"
#include "support/fake_clock.h"
#include "support/fake_executor.h"
#include "support/workflow_text.h"

namespace flow::run {
namespace {

class PipeObserver : public RunObserver {
 public:
  void run_started(std::size_t) override {}
  void job_started(const JobStarted& event) override { started.push_back(event.job); }
  void job_succeeded(JobId job, const exec::JobCompletion*) override { succeeded.push_back(job); }
  void job_failed(const JobFailed& event) override { failures.push_back(event); }
  void warning(const std::string& text) override { warnings.push_back(text); }
  void interrupted(int) override {}
  void run_finished(const RunSummary& s) override { summary = s; }

  std::vector<JobId> started, succeeded;
  std::vector<JobFailed> failures;
  std::vector<std::string> warnings;
  RunSummary summary;
};

constexpr const char* k_pipes = R"(
rules:
  all: {input: counts.txt}
  produce: {input: reads.txt, output: {path: reads.fifo, pipe: true}, shell: "cat {input} > {output}"}
  consume: {input: reads.fifo, output: counts.txt, shell: "wc -l < {input} > {output}"}
)";

test::FakeBehavior failing(int exit_code, int failing_attempts) {
  test::FakeBehavior behavior;
  behavior.exit_code = exit_code;
  behavior.failing_attempts = failing_attempts;
  return behavior;
}

class PipeRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(k_pipes));
    m_fs.create("reads.txt", "a\nb\n");
  }

  RunStatus run() {
    auto dag = dag::build_dag(*m_rules, {}, m_fs);
    EXPECT_TRUE(dag.ok()) << (dag.ok() ? "" : format_error(dag.error(), nullptr));
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
    m_stats = std::make_unique<plan::FileStatCache>(*m_dag, m_fs);
    if (!m_state) m_state = std::move(state::StateLog::open(m_fs, ".flow")).value();
    auto staleness = plan::compute_staleness(*m_dag, *m_stats, m_state.get(), {});
    EXPECT_TRUE(staleness.ok());
    m_staleness = std::move(staleness).value();
    m_observer = PipeObserver();
    m_executor.clear();
    RunContext context{*m_dag, m_staleness, *m_stats,   *m_state, m_executor,
                       m_fs,   m_clock,     m_observer, m_options};
    return run_jobs(context);
  }

  std::vector<std::string> labels(const std::vector<JobId>& jobs) const {
    std::vector<std::string> list;
    for (JobId job : jobs)
      list.push_back(m_dag->label(job));
    return list;
  }
  std::vector<std::string> failure_texts() const {
    std::vector<std::string> list;
    for (const auto& failure : m_observer.failures)
      list.push_back(failure.label + ": " + failure.what);
    return list;
  }

  test::FakeFilesystem m_fs;
  test::FakeClock m_clock;
  test::FakeExecutor m_executor{m_fs};
  RunOptions m_options;
  PipeObserver m_observer;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  std::unique_ptr<plan::FileStatCache> m_stats;
  std::unique_ptr<state::StateLog> m_state;
  plan::Staleness m_staleness;
};

TEST_F(PipeRunnerTest, ProducerAndConsumerStartTogetherAndThePipeIsNeverKept) {
  EXPECT_EQ(run(), RunStatus::success);
  EXPECT_EQ(m_executor.started_rules(), (std::vector<std::string>{"produce", "consume"}));
  EXPECT_EQ(m_executor.max_in_flight(), 2u);  // both at once
  EXPECT_EQ(m_fs.fifos_made(), std::vector<std::string>{"reads.fifo"});
  EXPECT_FALSE(m_fs.exists("reads.fifo"));  // removed after the pair
  EXPECT_TRUE(m_fs.exists("counts.txt"));
  EXPECT_EQ(m_state->find("reads.fifo"), nullptr);  // never journalled
  EXPECT_FALSE(m_state->is_incomplete("reads.fifo"));
  EXPECT_NE(m_state->find("counts.txt"), nullptr);

  // Up to date as a pair, though the pipe is gone.
  EXPECT_EQ(run(), RunStatus::success);
  EXPECT_TRUE(m_executor.started_rules().empty());
}

TEST_F(PipeRunnerTest, AFailedProducerStopsTheConsumerAndNeitherCounts) {
  m_executor.set_behavior("produce", failing(2, -1));
  EXPECT_EQ(run(), RunStatus::failed);
  EXPECT_EQ(m_executor.cancelled().size(), 1u);  // the consumer, asked to stop
  EXPECT_EQ(failure_texts(), (std::vector<std::string>{
                                 "produce: exit code 2",
                                 "consume: stopped: its pipe partner produce failed",
                             }));
  EXPECT_FALSE(m_fs.exists("counts.txt"));
  EXPECT_FALSE(m_fs.exists("reads.fifo"));
  EXPECT_EQ(m_observer.summary.failed, 2u);
  EXPECT_EQ(m_observer.summary.succeeded, 0u);

  // The next run runs both again.
  m_executor.set_behavior("produce", test::FakeBehavior{});
  EXPECT_EQ(run(), RunStatus::success);
  EXPECT_EQ(m_executor.started_rules(), (std::vector<std::string>{"produce", "consume"}));
}

TEST_F(PipeRunnerTest, AFailedConsumerFailsAProducerThatEndedWell) {
  // The fake ends the producer first (well), then the consumer (badly).
  m_executor.set_behavior("consume", failing(1, -1));
  EXPECT_EQ(run(), RunStatus::failed);
  EXPECT_EQ(failure_texts(), (std::vector<std::string>{
                                 "consume: exit code 1",
                                 "produce: its pipe partner consume failed",
                             }));
  EXPECT_TRUE(m_observer.succeeded.empty());
  EXPECT_FALSE(m_fs.exists("counts.txt"));
  EXPECT_FALSE(m_fs.exists("reads.fifo"));
}

TEST_F(PipeRunnerTest, APipePairIsNotRetried) {
  m_options.retries = 2;
  m_executor.set_behavior("produce", failing(1, 1));
  EXPECT_EQ(run(), RunStatus::failed);
  EXPECT_EQ(m_executor.started_rules(), (std::vector<std::string>{"produce", "consume"}));
  ASSERT_EQ(m_observer.failures.size(), 2u);
  EXPECT_FALSE(m_observer.failures[0].will_retry);
  EXPECT_FALSE(m_observer.failures[1].will_retry);
}

TEST_F(PipeRunnerTest, APairLargerThanTheCoresRunsAloneRatherThanNever) {
  m_options.cores = 1;
  EXPECT_EQ(run(), RunStatus::success);
  EXPECT_EQ(m_executor.max_in_flight(), 2u);
  EXPECT_EQ(m_observer.summary.succeeded, 3u);
}

TEST_F(PipeRunnerTest, AStaleRegularFileAtThePipesPathIsRemovedFirst) {
  m_fs.create("reads.fifo", "left by hand");
  EXPECT_EQ(run(), RunStatus::success);
  EXPECT_EQ(m_fs.fifos_made(), std::vector<std::string>{"reads.fifo"});
  EXPECT_FALSE(m_fs.exists("reads.fifo"));
}

}  // namespace
}  // namespace flow::run
