#include "flow/dag/dag_growth.h"

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "support/workflow_text.h"

namespace flow::dag {
namespace {

// A checkpoint-like workflow: `split` makes a directory, `merge` reads it (and, once the
// checkpoint has run, the counts of its parts), `count` counts one part.
constexpr const char* k_workflow = R"(
rules:
  all: {input: merged.txt}
  split: {output: {path: chunks, directory: true}, shell: "split"}
  merge: {input: chunks, output: merged.txt, shell: "cat {input} > {output}"}
  count: {input: "chunks/{p}", output: "counts/{p}.txt", shell: "wc -l < {input} > {output}"}
)";

class DagGrowthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(k_workflow));
    m_dag = std::make_unique<Dag>(std::move(build_dag(*m_rules, {}, m_fs)).value());
    ASSERT_TRUE(m_dag->mark_pending(job("merge"), job("split")).ok());
  }
  JobId job(const std::string& label) const {
    for (const auto& j : m_dag->jobs()) {
      if (m_dag->label(j.id) == label) return j.id;
    }
    ADD_FAILURE() << "no job " << label;
    return JobId();
  }
  RuleId rule(const std::string& name) const { return *m_rules->find(name); }
  // Adds count p=NAME for every name and closes merge with their outputs.
  DagGrowth counts(const std::vector<std::string>& parts) {
    DagGrowth growth(*m_dag);
    std::vector<FileRef> inputs;
    for (const auto& part : parts) {
      JobId added = growth.add_rule_job(rule("count"), {part});
      (void)added;
      inputs.push_back({growth.file("counts/" + part + ".txt"), 0, 0});
    }
    growth.close(job("merge"), job("split"), std::move(inputs));
    return growth;
  }
  std::vector<std::string> labels(const std::vector<JobId>& ids) const {
    std::vector<std::string> list;
    for (JobId id : ids)
      list.push_back(m_dag->label(id));
    return list;
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<Dag> m_dag;
};

TEST_F(DagGrowthTest, APendingJobWaitsOnItsCheckpointAsADependency) {
  const Job& merge = m_dag->job(job("merge"));
  EXPECT_TRUE(merge.is_pending());
  EXPECT_EQ(labels(merge.pending_on), std::vector<std::string>{"split"});
  EXPECT_FALSE(m_dag->mark_pending(job("split"), job("all")).ok());  // not a dependency
}

TEST_F(DagGrowthTest, NewJobsAreAppendedAndExistingIdsNeverMove) {
  std::vector<std::string> before;
  for (const auto& j : m_dag->jobs())
    before.push_back(m_dag->label(j.id));
  std::size_t files_before = m_dag->files().size();
  auto extension = m_dag->extend(counts({"aa", "ab"}));
  ASSERT_TRUE(extension.ok()) << extension.error().message;
  EXPECT_EQ(extension->first_job.value, before.size());
  EXPECT_EQ(extension->first_file.value, files_before);
  EXPECT_EQ(labels(extension->closed), std::vector<std::string>{"merge"});
  for (std::size_t i = 0; i < before.size(); ++i)
    EXPECT_EQ(m_dag->label(JobId(static_cast<std::uint32_t>(i))), before[i]);
  EXPECT_EQ(m_dag->jobs().size(), before.size() + 2);
  EXPECT_EQ(m_dag->label(JobId(3)), "count p=aa");
  EXPECT_EQ(m_dag->path(m_dag->job(JobId(3)).inputs[0].file), "chunks/aa");
}

TEST_F(DagGrowthTest, ClosingLinksTheNewEdgesAndEndsTheWait) {
  ASSERT_TRUE(m_dag->extend(counts({"aa", "ab"})).ok());
  const Job& merge = m_dag->job(job("merge"));
  EXPECT_FALSE(merge.is_pending());
  EXPECT_EQ(labels(merge.dependencies),
            (std::vector<std::string>{"split", "count p=aa", "count p=ab"}));
  EXPECT_EQ(merge.inputs.size(), 3u);
  EXPECT_EQ(labels(m_dag->job(job("count p=aa")).dependents), std::vector<std::string>{"merge"});
  auto made = m_dag->find_file("counts/ab.txt");
  ASSERT_TRUE(made.has_value());
  EXPECT_EQ(m_dag->label(m_dag->file(*made).producer), "count p=ab");
  EXPECT_EQ(labels(m_dag->file(*made).consumers), std::vector<std::string>{"merge"});
}

TEST_F(DagGrowthTest, AFileGetsOneProducer) {
  DagGrowth growth(*m_dag);
  growth.add_rule_job(rule("count"), {"aa"});
  growth.add_job(rule("count"), {"again"}, {}, {{growth.file("counts/aa.txt"), 0, 0}});
  auto extension = m_dag->extend(std::move(growth));
  ASSERT_FALSE(extension.ok());
  EXPECT_EQ(extension.error().message,
            "two jobs make 'counts/aa.txt': count p=aa and count p=again");
  EXPECT_EQ(m_dag->jobs().size(), 3u);  // nothing changed
}

TEST_F(DagGrowthTest, AnExistingFileCannotGetANewProducer) {
  DagGrowth growth(*m_dag);
  growth.add_job(rule("count"), {"x"}, {}, {{growth.file("merged.txt"), 0, 0}});
  auto extension = m_dag->extend(std::move(growth));
  ASSERT_FALSE(extension.ok());
  EXPECT_EQ(extension.error().message, "two jobs make 'merged.txt': merge and count p=x");
}

TEST_F(DagGrowthTest, NewJobsComeDependenciesFirst) {
  DagGrowth growth(*m_dag);
  // count p=x reads what count p=y (added after it) makes.
  growth.add_job(rule("count"), {"x"}, {{growth.file("counts/y.txt"), 0, 0}},
                 {{growth.file("counts/x.txt"), 0, 0}});
  growth.add_rule_job(rule("count"), {"y"});
  auto extension = m_dag->extend(std::move(growth));
  ASSERT_FALSE(extension.ok());
  EXPECT_EQ(extension.error().kind, ErrorKind::internal);
}

TEST_F(DagGrowthTest, OnlyAPendingJobCanBeClosed) {
  DagGrowth growth(*m_dag);
  growth.close(job("all"), job("merge"), {});
  EXPECT_FALSE(m_dag->extend(std::move(growth)).ok());
}

TEST_F(DagGrowthTest, AClosedJobCannotNeedItsOwnDownstream) {
  DagGrowth growth(*m_dag);
  // A new job reading merged.txt (merge's output) cannot also be one of merge's inputs.
  growth.add_job(rule("count"), {"loop"}, {{growth.file("merged.txt"), 0, 0}},
                 {{growth.file("counts/loop.txt"), 0, 0}});
  growth.close(job("merge"), job("split"), {{growth.file("counts/loop.txt"), 0, 0}});
  auto extension = m_dag->extend(std::move(growth));
  ASSERT_FALSE(extension.ok());
  EXPECT_EQ(extension.error().message,
            "dependency cycle: merge needs 'counts/loop.txt', made by count p=loop, which needs "
            "merge");
  EXPECT_TRUE(m_dag->job(job("merge")).is_pending());
}

TEST_F(DagGrowthTest, AGrowthBuiltBeforeAnotherIsRefused) {
  DagGrowth first(*m_dag);
  first.add_rule_job(rule("count"), {"aa"});
  DagGrowth second(*m_dag);
  second.add_rule_job(rule("count"), {"ab"});
  ASSERT_TRUE(m_dag->extend(std::move(first)).ok());
  EXPECT_FALSE(m_dag->extend(std::move(second)).ok());
}

}  // namespace
}  // namespace flow::dag
