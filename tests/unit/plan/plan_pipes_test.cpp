// Pipe pairs (spec §8) in the plan and in staleness: started together, up to date together.

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/plan/plan.h"
#include "support/workflow_text.h"

namespace flow::plan {
namespace {

class PipePlanTest : public ::testing::Test {
 protected:
  void build(const std::string& text) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
    auto dag = dag::build_dag(*m_rules, {}, m_fs);
    ASSERT_TRUE(dag.ok()) << format_error(dag.error(), nullptr);
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
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
  std::string reason(const std::string& label) const {
    return m_staleness.reasons[job(label).index()].to_string(*m_dag);
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  std::unique_ptr<FileStatCache> m_stats;
  Staleness m_staleness;
};

// `slow` gates the consumer, `gate` the producer: the pair is ready only after both.
constexpr const char* k_pair = R"(
rules:
  all: {input: counts.txt}
  gate: {output: gate.txt, shell: "x"}
  slow: {output: slow.txt, shell: "x"}
  produce: {input: gate.txt, output: {path: reads.fifo, pipe: true}, shell: "x"}
  consume: {input: [reads.fifo, slow.txt], output: counts.txt, shell: "x"}
)";

TEST_F(PipePlanTest, APairIsReadyAsItsProducerOnceBothSidesAreFree) {
  build(k_pair);
  Plan plan(*m_dag, m_staleness);
  EXPECT_EQ(plan.pipe_partner(job("produce")), job("consume"));
  EXPECT_EQ(plan.pipe_partner(job("consume")), job("produce"));
  EXPECT_EQ(plan.pipe_consumer(job("produce")), job("consume"));
  EXPECT_FALSE(plan.pipe_consumer(job("consume")).has_value());
  EXPECT_EQ(labels(plan.ready(10)), (std::vector<std::string>{"gate", "slow"}));

  plan.mark_started(job("gate"));
  EXPECT_TRUE(plan.job_finished(job("gate"), true).empty());  // the consumer still waits
  EXPECT_EQ(labels(plan.ready(10)), (std::vector<std::string>{"slow"}));
  plan.mark_started(job("slow"));
  EXPECT_EQ(labels(plan.job_finished(job("slow"), true)), (std::vector<std::string>{"produce"}));
  EXPECT_EQ(labels(plan.ready(10)), (std::vector<std::string>{"produce"}));  // never consume

  plan.mark_started(job("produce"));
  plan.mark_started(job("consume"));
  EXPECT_TRUE(plan.job_finished(job("produce"), true).empty());
  EXPECT_EQ(labels(plan.job_finished(job("consume"), true)), (std::vector<std::string>{"all"}));
}

TEST_F(PipePlanTest, AConsumerThatCannotRunCancelsItsProducer) {
  build(k_pair);
  Plan plan(*m_dag, m_staleness);
  plan.mark_started(job("gate"));
  plan.job_finished(job("gate"), true);
  plan.mark_started(job("slow"));
  plan.job_finished(job("slow"), false);
  EXPECT_EQ(plan.state(job("consume")), JobState::cancelled);
  EXPECT_EQ(plan.state(job("produce")), JobState::cancelled);
  EXPECT_TRUE(plan.ready(10).empty());
  EXPECT_EQ(plan.done(), plan.total());
}

TEST_F(PipePlanTest, TheProducerRunsWithItsConsumerAndTheMissingPipeNeverCounts) {
  m_fs.create("gate.txt");
  m_fs.create("slow.txt");
  build(k_pair);
  EXPECT_EQ(reason("consume"), "missing output counts.txt");
  EXPECT_EQ(reason("produce"), "runs with consume, which reads its pipe reads.fifo");

  // The consumer's output exists and is newer than everything: the pair is up to date,
  // although the pipe does not exist (it never does between runs).
  m_fs.tick();
  m_fs.create("counts.txt");
  build(k_pair);
  EXPECT_EQ(m_staleness.run_count, 0u);
  EXPECT_EQ(m_fs.stat_counts().count("reads.fifo"), 0u);  // never statted

  // A leftover FIFO of a killed run changes nothing.
  m_fs.create("reads.fifo", "<fifo>");
  build(k_pair);
  EXPECT_EQ(m_staleness.run_count, 0u);
}

TEST_F(PipePlanTest, AnInputOfTheProducerNewerThanTheConsumersOutputRerunsBoth) {
  m_fs.create("gate.txt");
  m_fs.create("slow.txt");
  m_fs.tick();
  m_fs.create("counts.txt");
  m_fs.tick();
  m_fs.create("gate.txt", "new");
  build(k_pair);
  EXPECT_EQ(reason("consume"), "updated input reads.fifo");
  EXPECT_EQ(reason("produce"), "runs with consume, which reads its pipe reads.fifo");
}

TEST_F(PipePlanTest, TwoReadersOfOnePipeAreRefusedNamingBoth) {
  m_rules = std::make_unique<rules::RuleSet>(test::rules_of(R"(
rules:
  all: {input: [a.txt, b.txt]}
  produce: {output: {path: reads.fifo, pipe: true}, shell: "x"}
  a: {input: reads.fifo, output: a.txt, shell: "x"}
  b: {input: reads.fifo, output: b.txt, shell: "x"}
)"));
  auto dag = dag::build_dag(*m_rules, {}, m_fs);
  ASSERT_FALSE(dag.ok());
  EXPECT_EQ(dag.error().message,
            "pipe 'reads.fifo' (made by produce) is read by two jobs, a and b; a pipe has one "
            "consumer");
}

TEST_F(PipePlanTest, AChainOfPipesIsRefused) {
  m_rules = std::make_unique<rules::RuleSet>(test::rules_of(R"(
rules:
  all: {input: c.txt}
  produce: {output: {path: a.fifo, pipe: true}, shell: "x"}
  middle: {input: a.fifo, output: {path: b.fifo, pipe: true}, shell: "x"}
  last: {input: b.fifo, output: c.txt, shell: "x"}
)"));
  auto dag = dag::build_dag(*m_rules, {}, m_fs);
  ASSERT_FALSE(dag.ok());
  EXPECT_EQ(dag.error().message,
            "pipe 'a.fifo' is read by middle, which writes pipe 'b.fifo' itself: chains of "
            "pipes are not supported (they need job groups)");
}

TEST_F(PipePlanTest, APipeAsATargetIsRefused) {
  m_rules = std::make_unique<rules::RuleSet>(test::rules_of(k_pair));
  auto dag = dag::build_dag(*m_rules, {"reads.fifo"}, m_fs);
  ASSERT_FALSE(dag.ok());
  EXPECT_EQ(dag.error().message,
            "pipe 'reads.fifo' (made by produce) cannot be a target: a pipe is read while it is "
            "written and never kept");
}

}  // namespace
}  // namespace flow::plan
