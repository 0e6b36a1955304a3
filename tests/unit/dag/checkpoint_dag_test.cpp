// Checkpoints (spec §7) as the DAG sees them: a glob under a checkpoint's output waits for
// the checkpoint when it will run, is read at once when its output is there, and is resolved
// by grow_after_checkpoint once the checkpoint ran.

#include <gtest/gtest.h>

#include "flow/dag/checkpoint_growth.h"
#include "flow/dag/dag_builder.h"
#include "flow/dag/dag_growth.h"
#include "flow/dag/job_render.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::dag {
namespace {

constexpr const char* k_workflow = R"(
rules:
  all: {input: ["merged/a.txt"]}
  split:
    checkpoint: true
    input: "data/{sample}.txt"
    output: {path: "chunks/{sample}", directory: true}
    shell: "split {input} {output}/"
  count:
    input: "chunks/{sample}/{part}"
    output: "counts/{sample}/{part}.txt"
    shell: "wc -l < {input} > {output}"
  merge:
    input:
      first: "data/{sample}.txt"
      parts: {glob: "chunks/{sample}/{part}", expand: "counts/{sample}/{part}.txt"}
    output: "merged/{sample}.txt"
    shell: "cat {input} > {output}; echo {input[1]}"
)";

class CheckpointDagTest : public ::testing::Test {
 protected:
  void load(const std::string& text = k_workflow) {
    auto rules = test::try_rules(text, &m_texts, &m_fs);
    ASSERT_TRUE(rules.ok()) << format_error(rules.error(), &m_texts);
    m_rules = std::make_unique<rules::RuleSet>(std::move(*rules));
  }
  Dag build(DagOptions options = {}) {
    auto dag = build_dag(*m_rules, {}, m_fs, options);
    EXPECT_TRUE(dag.ok()) << (dag.ok() ? "" : format_error(dag.error(), &m_texts));
    return dag.ok() ? std::move(*dag) : Dag();
  }
  static JobId job_of(const Dag& dag, const std::string& label) {
    for (const auto& job : dag.jobs()) {
      if (dag.label(job.id) == label) return job.id;
    }
    ADD_FAILURE() << "no job " << label;
    return JobId(0);
  }
  static std::string shell(const Dag& dag, JobId job) {
    return render(dag, job, *dag.rule_of(job).shell, {}, Quoting::shell);
  }
  void write_chunks() {
    m_fs.create_dir("chunks/a");
    m_fs.create("chunks/a/x1", "1\n");
    m_fs.create("chunks/a/x0", "0\n");
  }

  test::FakeFilesystem m_fs;
  SourceTexts m_texts;
  std::unique_ptr<rules::RuleSet> m_rules;
};

TEST_F(CheckpointDagTest, AGlobUnderAMissingCheckpointOutputWaitsForTheCheckpoint) {
  m_fs.create("data/a.txt");
  load();
  Dag dag = build();
  JobId split = job_of(dag, "split sample=a");
  JobId merge = job_of(dag, "merge sample=a");
  EXPECT_EQ(dag.job(merge).pending_on, std::vector<JobId>{split});
  EXPECT_EQ(dag.job(merge).dependencies, std::vector<JobId>{split});
  EXPECT_EQ(dag.jobs().size(), 3U);  // no count job yet
  // The checkpoint's output orders the job but is none of its files.
  EXPECT_EQ(shell(dag, merge), "cat data/a.txt > merged/a.txt; echo ");
}

TEST_F(CheckpointDagTest, AGlobUnderACheckpointOutputThatExistsIsReadAtOnce) {
  m_fs.create("data/a.txt");
  write_chunks();
  load();
  Dag dag = build();
  JobId merge = job_of(dag, "merge sample=a");
  EXPECT_FALSE(dag.job(merge).is_pending());
  EXPECT_EQ(shell(dag, merge),
            "cat data/a.txt counts/a/x0.txt counts/a/x1.txt > merged/a.txt; echo counts/a/x0.txt");
  // Still after the checkpoint, so that a change upstream of it is seen.
  EXPECT_TRUE(std::binary_search(dag.job(merge).dependencies.begin(),
                                 dag.job(merge).dependencies.end(), job_of(dag, "split sample=a")));
  EXPECT_EQ(dag.jobs().size(), 5U);
}

TEST_F(CheckpointDagTest, ACheckpointNamedToRunAgainMakesTheGlobWaitThoughItsOutputExists) {
  m_fs.create("data/a.txt");
  write_chunks();
  load();
  DagOptions options;
  options.rerun_checkpoints = {"chunks/a"};
  Dag dag = build(options);
  EXPECT_TRUE(dag.job(job_of(dag, "merge sample=a")).is_pending());
  EXPECT_EQ(dag.jobs().size(), 3U);
}

TEST_F(CheckpointDagTest, AGlobUnderAnOrdinaryRulesOutputIsReadWhenBuilding) {
  m_fs.create("data/a.txt");
  std::string text = k_workflow;
  text.replace(text.find("    checkpoint: true\n"), 21, "");
  load(text);
  Dag dag = build();
  EXPECT_FALSE(dag.job(job_of(dag, "merge sample=a")).is_pending());
}

TEST_F(CheckpointDagTest, TheGrowthAfterTheCheckpointAddsTheJobsAndClosesTheWaitingJob) {
  m_fs.create("data/a.txt");
  load();
  Dag dag = build();
  JobId split = job_of(dag, "split sample=a");
  JobId merge = job_of(dag, "merge sample=a");
  write_chunks();  // what the checkpoint wrote
  auto growth = grow_after_checkpoint(dag, split, m_fs);
  ASSERT_TRUE(growth.ok()) << growth.error().message;
  ASSERT_TRUE(growth->has_value());
  EXPECT_EQ((*growth)->job_count(), 2U);
  auto extension = dag.extend(std::move(**growth));
  ASSERT_TRUE(extension.ok()) << extension.error().message;
  EXPECT_EQ(extension->closed, std::vector<JobId>{merge});
  EXPECT_FALSE(dag.job(merge).is_pending());
  EXPECT_EQ(dag.label(JobId(3)), "count sample=a,part=x0");
  EXPECT_EQ(dag.label(JobId(4)), "count sample=a,part=x1");
  // In the order written: `first`, then the parts in path order.
  EXPECT_EQ(shell(dag, merge),
            "cat data/a.txt counts/a/x0.txt counts/a/x1.txt > merged/a.txt; echo counts/a/x0.txt");
  // The listed chunks are sources without a stat: the listing showed they exist, and their
  // mtime is statted later only if staleness needs it. The new outputs are not statted here.
  EXPECT_FALSE(dag.file(*dag.find_file("chunks/a/x0")).stat.has_value());
  EXPECT_EQ(m_fs.stat_counts().count("chunks/a/x0"), 0U);
  EXPECT_EQ(m_fs.stat_counts().count("chunks/a/x1"), 0U);
}

TEST_F(CheckpointDagTest, NothingWaitingOnAJobMeansNoGrowth) {
  m_fs.create("data/a.txt");
  load();
  Dag dag = build();
  auto growth = grow_after_checkpoint(dag, job_of(dag, "merge sample=a"), m_fs);
  ASSERT_TRUE(growth.ok());
  EXPECT_FALSE(growth->has_value());
}

TEST_F(CheckpointDagTest, AMatchThatNoRuleCanUseFailsTheGrowthNamingTheCheckpoint) {
  m_fs.create("data/a.txt");
  std::string text = k_workflow;
  text.replace(text.find("expand: \"counts/"), 16, "expand: \"nothing/");
  load(text);
  Dag dag = build();
  write_chunks();
  auto growth = grow_after_checkpoint(dag, job_of(dag, "split sample=a"), m_fs);
  ASSERT_FALSE(growth.ok());
  EXPECT_EQ(growth.error().message,
            "after checkpoint split sample=a: merge sample=a: no rule makes 'nothing/a/x0.txt' "
            "and it does not exist");
}

TEST_F(CheckpointDagTest, CheckpointMustBeABoolean) {
  auto rules = test::try_rules("rules:\n  split: {checkpoint: maybe, output: x, shell: \"true\"}\n",
                               &m_texts, &m_fs);
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(format_error(rules.error(), &m_texts).find("checkpoint"), std::string::npos)
      << format_error(rules.error(), &m_texts);
}

}  // namespace
}  // namespace flow::dag
