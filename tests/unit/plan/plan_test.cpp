#include "flow/plan/plan.h"

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/dag/dag_growth.h"
#include "support/workflow_text.h"

namespace flow::plan {
namespace {

class PlanTest : public ::testing::Test {
 protected:
  void build(const std::string& text) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
    auto dag = dag::build_dag(*m_rules, {}, m_fs);
    ASSERT_TRUE(dag.ok()) << format_error(dag.error(), nullptr);
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
  }
  void decide() {
    m_stats = std::make_unique<FileStatCache>(*m_dag, m_fs);
    m_staleness = std::move(compute_staleness(*m_dag, *m_stats, nullptr, {})).value();
  }
  JobId job(const std::string& label) const {
    for (const auto& j : m_dag->jobs()) {
      if (m_dag->label(j.id) == label) return j.id;
    }
    ADD_FAILURE() << "no job " << label;
    return JobId();
  }
  std::vector<std::string> labels(const std::vector<JobId>& ids) const {
    std::vector<std::string> list;
    for (JobId id : ids)
      list.push_back(m_dag->label(id));
    return list;
  }
  // Starts and finishes `label` successfully; returns what became ready.
  std::vector<std::string> run(Plan& plan, const std::string& label) {
    plan.mark_started(job(label));
    return labels(plan.job_finished(job(label), true));
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  std::unique_ptr<FileStatCache> m_stats;
  Staleness m_staleness;
};

constexpr const char* k_chains = R"(
rules:
  all: {input: [c3.txt, lone.txt, urgent.txt]}
  c1: {output: c1.txt, shell: "x"}
  c2: {input: c1.txt, output: c2.txt, shell: "x"}
  c3: {input: c2.txt, output: c3.txt, shell: "x"}
  lone: {output: lone.txt, shell: "x"}
  urgent: {output: urgent.txt, priority: 3, shell: "x"}
)";

TEST_F(PlanTest, ReadyJobsComeByPriorityThenCriticalPathThenId) {
  build(k_chains);
  decide();
  Plan plan(*m_dag, m_staleness);
  EXPECT_EQ(plan.total(), 6u);
  EXPECT_EQ(plan.chain(job("c1")), 4u);  // c1 -> c2 -> c3 -> all
  EXPECT_EQ(plan.chain(job("lone")), 2u);
  EXPECT_EQ(plan.chain(job("all")), 1u);
  EXPECT_EQ(labels(plan.ready(10)), (std::vector<std::string>{"urgent", "c1", "lone"}));
  EXPECT_EQ(labels(plan.ready(2)), (std::vector<std::string>{"urgent", "c1"}));
}

TEST_F(PlanTest, AFinishedJobReleasesItsDependentsWhenTheyWaitOnNothingElse) {
  build(k_chains);
  decide();
  Plan plan(*m_dag, m_staleness);
  EXPECT_EQ(run(plan, "c1"), std::vector<std::string>{"c2"});
  EXPECT_EQ(run(plan, "c2"), std::vector<std::string>{"c3"});
  EXPECT_EQ(run(plan, "c3"), std::vector<std::string>{});
  EXPECT_EQ(run(plan, "lone"), std::vector<std::string>{});
  EXPECT_EQ(run(plan, "urgent"), std::vector<std::string>{"all"});
  EXPECT_EQ(plan.state(job("c3")), JobState::succeeded);
}

TEST_F(PlanTest, AFailureCancelsEverythingDownstreamAndNothingElse) {
  build(k_chains);
  decide();
  Plan plan(*m_dag, m_staleness);
  plan.mark_started(job("c1"));
  EXPECT_TRUE(plan.job_finished(job("c1"), false).empty());
  EXPECT_EQ(plan.state(job("c1")), JobState::failed);
  for (const char* label : {"c2", "c3", "all"})
    EXPECT_EQ(plan.state(job(label)), JobState::cancelled) << label;
  EXPECT_EQ(labels(plan.ready(10)), (std::vector<std::string>{"urgent", "lone"}));
  EXPECT_TRUE(plan.has_started(job("c1")));
  EXPECT_FALSE(plan.has_started(job("c2")));
}

// A group member started with the job it needs (one submission) and skipped when that failed.
TEST_F(PlanTest, ARequeuedJobWaitsForARetryAndIsCancelledWhenItsNeedFailsForGood) {
  build(k_chains);
  decide();
  Plan plan(*m_dag, m_staleness);
  plan.mark_started(job("c1"));
  plan.mark_started(job("c2"));  // both in one submission
  // c1 failed and will be retried: c2 waits for it again, then is ready once it succeeds.
  EXPECT_TRUE(plan.requeue(job("c2")).empty());
  EXPECT_EQ(plan.state(job("c2")), JobState::waiting);
  EXPECT_EQ(labels(plan.job_finished(job("c1"), true)), std::vector<std::string>{"c2"});

  Plan failing(*m_dag, m_staleness);
  failing.mark_started(job("c1"));
  failing.mark_started(job("c2"));
  EXPECT_TRUE(failing.job_finished(job("c1"), false).empty());
  // A started job is not cancelled by its dependency's failure: requeue decides it.
  EXPECT_EQ(failing.state(job("c2")), JobState::started);
  EXPECT_TRUE(failing.requeue(job("c2")).empty());
  for (const char* label : {"c2", "c3", "all"})
    EXPECT_EQ(failing.state(job(label)), JobState::cancelled) << label;
  EXPECT_EQ(failing.done(), 4u);
  // Only a started job goes back.
  EXPECT_TRUE(failing.requeue(job("lone")).empty());
  EXPECT_EQ(failing.state(job("lone")), JobState::ready);
}

TEST_F(PlanTest, UpToDateJobsAreNotPlannedAndDoNotHoldOthers) {
  build(k_chains);
  m_fs.create("c1.txt");
  m_fs.create("c2.txt");
  decide();
  Plan plan(*m_dag, m_staleness);
  EXPECT_EQ(plan.state(job("c1")), JobState::idle);
  EXPECT_FALSE(plan.runs(job("c2")));
  EXPECT_EQ(labels(plan.ready(10)), (std::vector<std::string>{"urgent", "c3", "lone"}));
}

constexpr const char* k_checkpoint = R"(
rules:
  all: {input: merged.txt}
  split: {output: {path: chunks, directory: true}, shell: "split"}
  merge: {input: chunks, output: merged.txt, shell: "cat"}
  count: {input: "chunks/{p}", output: "counts/{p}.txt", shell: "wc"}
)";

TEST_F(PlanTest, APendingJobIsNeverReadyUntilAGrowthClosesIt) {
  build(k_checkpoint);
  ASSERT_TRUE(m_dag->mark_pending(job("merge"), job("split")).ok());
  decide();
  EXPECT_EQ(m_staleness.reasons[job("merge").index()].to_string(*m_dag), "after checkpoint split");
  Plan plan(*m_dag, m_staleness);
  EXPECT_EQ(run(plan, "split"), std::vector<std::string>{});  // merge still waits
  EXPECT_EQ(plan.state(job("merge")), JobState::waiting);
  dag::DagGrowth growth(*m_dag);
  std::vector<dag::FileRef> inputs;
  for (std::string part : {"aa", "ab"}) {
    growth.add_rule_job(*m_rules->find("count"), {part});
    inputs.push_back({growth.file("counts/" + part + ".txt"), 0, 0});
  }
  growth.close(job("merge"), job("split"), inputs);
  auto extension = m_dag->extend(std::move(growth));
  ASSERT_TRUE(extension.ok());
  auto flipped = extend_staleness(*m_dag, *extension, *m_stats, nullptr, {}, plan, m_staleness);
  ASSERT_TRUE(flipped.ok());
  EXPECT_TRUE(flipped->empty());
  EXPECT_EQ(labels(plan.extend(*extension, m_staleness, *flipped)),
            (std::vector<std::string>{"count p=aa", "count p=ab"}));
  EXPECT_EQ(plan.total(), 5u);
  EXPECT_EQ(plan.chain(job("count p=aa")), 3u);  // count -> merge -> all
  EXPECT_EQ(run(plan, "count p=aa"), std::vector<std::string>{});
  EXPECT_EQ(run(plan, "count p=ab"), std::vector<std::string>{"merge"});
}

TEST_F(PlanTest, AGrowthWithNothingToWaitForReleasesTheClosedJobAtOnce) {
  build(k_checkpoint);
  ASSERT_TRUE(m_dag->mark_pending(job("merge"), job("split")).ok());
  decide();
  Plan plan(*m_dag, m_staleness);
  run(plan, "split");
  dag::DagGrowth growth(*m_dag);  // the checkpoint made no parts
  growth.close(job("merge"), job("split"), {});
  auto extension = m_dag->extend(std::move(growth));
  ASSERT_TRUE(extension.ok());
  auto flipped = extend_staleness(*m_dag, *extension, *m_stats, nullptr, {}, plan, m_staleness);
  ASSERT_TRUE(flipped.ok());
  EXPECT_EQ(labels(plan.extend(*extension, m_staleness, *flipped)),
            std::vector<std::string>{"merge"});
}

}  // namespace
}  // namespace flow::plan
