// The runner with job groups (spec §9) on the fake executor: a unit starts as one
// start_group once what it needs outside has ended; members stay jobs of their own.

#include <gtest/gtest.h>

#include <algorithm>

#include "flow/dag/dag_builder.h"
#include "flow/run/job_groups.h"
#include "flow/run/runner.h"
#include "support/fake_clock.h"
#include "support/fake_executor.h"
#include "support/workflow_text.h"

namespace flow::run {
namespace {

class Observer : public RunObserver {
 public:
  void run_started(std::size_t) override {}
  void job_started(const JobStarted&) override {}
  void job_succeeded(JobId job, const exec::JobCompletion*) override { succeeded.push_back(job); }
  void job_failed(const JobFailed& event) override { failures.push_back(event); }
  void job_skipped(JobId job, const std::string&) override { skipped.push_back(job); }
  void warning(const std::string&) override {}
  void interrupted(int) override {}
  void run_finished(const RunSummary& s) override { summary = s; }
  std::vector<JobId> succeeded, skipped;
  std::vector<JobFailed> failures;
  RunSummary summary;
};

test::FakeBehavior failing(int attempts) {
  test::FakeBehavior behavior;
  behavior.failing_attempts = attempts;
  return behavior;
}

class RunnerGroupsTest : public ::testing::Test {
 protected:
  RunStatus run(const std::string& text, GroupOptions groups = {}, bool remote = true) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
    auto dag = dag::build_dag(*m_rules, {}, m_fs);
    EXPECT_TRUE(dag.ok());
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
    m_stats = std::make_unique<plan::FileStatCache>(*m_dag, m_fs);
    if (!m_state) m_state = std::move(state::StateLog::open(m_fs, ".flow")).value();
    m_staleness = std::move(plan::compute_staleness(*m_dag, *m_stats, m_state.get(), {})).value();
    plan::Plan plan(*m_dag, m_staleness);
    auto units = job_units(*m_dag, plan, groups);
    EXPECT_TRUE(units.ok());
    m_units = std::move(units).value();
    m_observer = Observer();
    m_options.remote = remote;
    RunContext context{*m_dag, m_staleness, *m_stats,   *m_state, m_executor,
                       m_fs,   m_clock,     m_observer, m_options};
    context.units = &m_units;
    return run_jobs(context);
  }
  std::vector<std::string> labels(const std::vector<JobId>& jobs) const {
    std::vector<std::string> out;
    for (JobId job : jobs)
      out.push_back(m_dag->label(job));
    return out;
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
  std::vector<JobUnit> m_units;
};

// prep (ungrouped) -> a{n} -> b{n} in group lane; gather needs every b.
constexpr const char* k_lanes = R"(
rules:
  all: {input: [b1.txt, b2.txt]}
  prep: {output: prep.txt, shell: "touch {output}"}
  a: {input: prep.txt, output: "a{n}.txt", group: lane, shell: "touch {output}"}
  b: {input: "a{n}.txt", output: "b{n}.txt", group: lane, shell: "touch {output}"}
)";

TEST_F(RunnerGroupsTest, AUnitStartsOnceWhatItNeedsOutsideIsDoneAsOneSubmission) {
  EXPECT_EQ(run(k_lanes), RunStatus::success);
  EXPECT_EQ(m_executor.groups(),
            (std::vector<std::vector<std::string>>{{"a n=1", "b n=1"}, {"a n=2", "b n=2"}}));
  // prep ran first, alone; then the two groups; every job succeeded as itself.
  EXPECT_EQ(m_executor.started_rules().front(), "prep");
  EXPECT_EQ(m_observer.summary.succeeded, 6u);
  EXPECT_TRUE(m_fs.exists("b2.txt"));
  EXPECT_FALSE(m_state->is_incomplete("b1.txt"));
}

TEST_F(RunnerGroupsTest, BundledComponentsShareOneSubmission) {
  EXPECT_EQ(run(k_lanes, GroupOptions{{}, {{"lane", 2}}}), RunStatus::success);
  EXPECT_EQ(m_executor.groups(),
            (std::vector<std::vector<std::string>>{
                {"a n=1", "b n=1", "a n=2", "b n=2"}}));  // job (dependency) order
}

TEST_F(RunnerGroupsTest, AFailedMemberFailsItselfAndItsDependentsOnly) {
  m_executor.set_behavior("a", failing(-1));
  m_options.keep_going = true;
  EXPECT_EQ(run(R"(
rules:
  all: {input: [b.txt, c.txt]}
  a: {output: a.txt, group: g, shell: "touch {output}"}
  b: {input: a.txt, output: b.txt, group: g, shell: "touch {output}"}
  c: {output: c.txt, group: g, shell: "touch {output}"}
)",
                GroupOptions{{}, {{"g", 2}}}),
            RunStatus::failed);
  ASSERT_EQ(m_observer.failures.size(), 1u);
  EXPECT_EQ(m_observer.failures[0].label, "a");
  EXPECT_EQ(labels(m_observer.skipped), std::vector<std::string>{"b"});
  EXPECT_EQ(labels(m_observer.succeeded), std::vector<std::string>{"c"});
  EXPECT_EQ(m_observer.summary.failed, 1u);
  EXPECT_EQ(m_observer.summary.cancelled, 2u);  // b and all
  EXPECT_TRUE(m_fs.exists("c.txt"));
  EXPECT_FALSE(m_fs.exists("a.txt"));  // a failed job's outputs are removed
}

TEST_F(RunnerGroupsTest, ARetryOfAFailedMemberIsSubmittedAloneThenWhatItSkippedRuns) {
  m_executor.set_behavior("a", failing(1));  // the first attempt fails
  m_options.retries = 1;
  EXPECT_EQ(run(R"(
rules:
  all: {input: [b.txt]}
  a: {output: a.txt, group: g, shell: "touch {output}"}
  b: {input: a.txt, output: b.txt, group: g, shell: "touch {output}"}
)"),
            RunStatus::success);
  EXPECT_EQ(m_executor.groups().size(), 1u);
  // The group (a, b), then a alone (the retry), then b alone once a succeeded.
  EXPECT_EQ(m_executor.started_rules(), (std::vector<std::string>{"a", "b", "a", "b"}));
  EXPECT_EQ(labels(m_observer.skipped), std::vector<std::string>{"b"});
  EXPECT_EQ(m_observer.summary.succeeded, 3u);
}

TEST_F(RunnerGroupsTest, AUnitWhoseOutsideJobFailedRunsTheMembersThatCanStillRun) {
  m_executor.set_behavior("prep", failing(-1));
  m_options.keep_going = true;
  EXPECT_EQ(run(R"(
rules:
  all: {input: [b.txt, c.txt]}
  prep: {output: prep.txt, shell: "touch {output}"}
  b: {input: prep.txt, output: b.txt, group: g, shell: "touch {output}"}
  c: {output: c.txt, group: g, shell: "touch {output}"}
)",
                GroupOptions{{}, {{"g", 2}}}),
            RunStatus::failed);
  EXPECT_EQ(labels(m_observer.succeeded), std::vector<std::string>{"c"});
  EXPECT_TRUE(m_executor.groups().empty());     // one member left: submitted as itself
  EXPECT_EQ(m_observer.summary.cancelled, 2u);  // b and all
}

TEST_F(RunnerGroupsTest, MembersAnEarlierSubmissionRunsAreReattachedTheOthersRunAlone) {
  // An earlier flow's group submission still runs a n=1 (and may run b n=1): no group of
  // this run may write beside it; b n=1 starts alone once a n=1 succeeded.
  m_executor.set_leftovers({"a n=1"});
  EXPECT_EQ(run(k_lanes), RunStatus::success);
  EXPECT_EQ(m_executor.reattached(), std::vector<std::string>{"a n=1"});
  EXPECT_EQ(m_executor.groups(), (std::vector<std::vector<std::string>>{{"a n=2", "b n=2"}}));
  auto& started = m_executor.started_rules();
  EXPECT_EQ(std::count(started.begin(), started.end(), "a"), 1);  // a n=2 only
  EXPECT_EQ(std::count(started.begin(), started.end(), "b"), 2);
  EXPECT_EQ(m_observer.summary.succeeded, 6u);
  EXPECT_TRUE(m_fs.exists("b1.txt"));
}

TEST_F(RunnerGroupsTest, WithoutAClusterGroupsChangeNothing) {
  EXPECT_EQ(run(k_lanes, {}, false), RunStatus::success);
  EXPECT_TRUE(m_executor.groups().empty());
  EXPECT_EQ(m_observer.summary.succeeded, 6u);
}

}  // namespace
}  // namespace flow::run
