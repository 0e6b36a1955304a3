#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/dag/dag_growth.h"
#include "flow/plan/plan.h"
#include "flow/plan/staleness.h"
#include "support/workflow_text.h"

namespace flow::plan {
namespace {

// Staleness for what a growth adds: decided like the first pass, for the new part only.
class StalenessGrowthTest : public ::testing::Test {
 protected:
  void build(const std::string& text, std::vector<std::string> targets = {}) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
    auto dag = dag::build_dag(*m_rules, targets, m_fs);
    ASSERT_TRUE(dag.ok()) << format_error(dag.error(), nullptr);
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
    m_stats = std::make_unique<FileStatCache>(*m_dag, m_fs);
    m_staleness = std::move(compute_staleness(*m_dag, *m_stats, nullptr, m_options)).value();
    m_plan = std::make_unique<Plan>(*m_dag, m_staleness);
  }
  JobId job(const std::string& label) const {
    for (const auto& j : m_dag->jobs()) {
      if (m_dag->label(j.id) == label) return j.id;
    }
    ADD_FAILURE() << "no job " << label;
    return JobId();
  }
  std::string reason(const std::string& label) const {
    const Reason& r = m_staleness.reasons[job(label).index()];
    return r.any() ? r.to_string(*m_dag) : "-";
  }
  // Adds a job of `rule` for `wildcards` and decides it.
  Result<std::vector<JobId>> grow(const std::string& rule, std::string value) {
    dag::DagGrowth growth(*m_dag);
    growth.add_rule_job(*m_rules->find(rule), {std::move(value)});
    auto extension = m_dag->extend(std::move(growth));
    EXPECT_TRUE(extension.ok());
    m_extension = *extension;
    return extend_staleness(*m_dag, m_extension, *m_stats, nullptr, m_options, *m_plan,
                            m_staleness);
  }

  test::FakeFilesystem m_fs;
  StalenessOptions m_options;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  std::unique_ptr<FileStatCache> m_stats;
  Staleness m_staleness;
  std::unique_ptr<Plan> m_plan;
  dag::Extension m_extension;
};

constexpr const char* k_temp = R"(
rules:
  use: {input: t.txt, output: used.txt, shell: "x"}
  t: {input: a.txt, output: {path: t.txt, temp: true}, shell: "x"}
  more: {input: ["t.txt", "in/{n}.txt"], output: "more/{n}.txt", shell: "x"}
)";

TEST_F(StalenessGrowthTest, ANewJobIsDecidedLikeAnyOther) {
  m_fs.create("a.txt");
  m_fs.create("t.txt");
  m_fs.create("used.txt");
  m_fs.create("in/1.txt");
  build(k_temp, {"used.txt"});
  EXPECT_EQ(m_staleness.run_count, 0u);
  auto flipped = grow("more", "1");
  ASSERT_TRUE(flipped.ok());
  EXPECT_TRUE(flipped->empty());
  EXPECT_EQ(reason("more n=1"), "missing output more/1.txt");
  EXPECT_EQ(m_staleness.run_count, 1u);
  m_fs.create("more/2.txt");
  m_fs.create("in/2.txt");
  ASSERT_TRUE(grow("more", "2").ok());
  EXPECT_EQ(reason("more n=2"), "-");  // equal mtimes are up to date
}

TEST_F(StalenessGrowthTest, ADeletedTempFileANewJobNeedsMakesItsProducerRun) {
  m_fs.create("a.txt");
  m_fs.create("used.txt");  // t.txt was deleted after use was made
  m_fs.create("in/1.txt");
  build(k_temp, {"used.txt"});
  EXPECT_EQ(reason("t"), "-");
  auto flipped = grow("more", "1");
  ASSERT_TRUE(flipped.ok());
  EXPECT_EQ(reason("t"), "temp output t.txt is needed by more n=1");
  // ... and what depends on it runs too (v1's spreading), as none of it has started.
  EXPECT_EQ(reason("use"), "input remade by t");
  ASSERT_EQ(flipped->size(), 2u);  // the existing jobs made to run, ascending
  EXPECT_EQ(m_dag->label((*flipped)[0]), "t");
  EXPECT_EQ(m_dag->label((*flipped)[1]), "use");
}

TEST_F(StalenessGrowthTest, AJobCannotRunAgainOnceWhatDependsOnItHasStarted) {
  m_fs.create("a.txt");
  m_fs.create("in/1.txt");
  build(k_temp, {"used.txt"});  // t and use run
  m_plan->mark_started(job("t"));
  m_plan->job_finished(job("t"), true);
  m_plan->mark_started(job("use"));
  m_plan->job_finished(job("use"), true);
  // t.txt is released after use; a job added now cannot have it.
  auto flipped = grow("more", "1");
  ASSERT_FALSE(flipped.ok());
  EXPECT_EQ(flipped.error().message,
            "more n=1 needs temp file 't.txt', which was deleted earlier in this run after its "
            "last known consumer; run flow again");
}

TEST_F(StalenessGrowthTest, ForceAllForcesNewJobsToo) {
  m_fs.create("a.txt");
  m_fs.create("t.txt");
  m_fs.create("in/1.txt");
  m_fs.create("more/1.txt");
  m_options.force_all = true;
  build(k_temp, {"used.txt"});
  ASSERT_TRUE(grow("more", "1").ok());
  EXPECT_EQ(reason("more n=1"), "forced; input remade by t");
}

}  // namespace
}  // namespace flow::plan
