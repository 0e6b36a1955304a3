// Spec §7, "a checkpoint that is up to date resolves at plan time": when planning finds that
// a checkpoint whose output a glob was read under runs after all, it is named for a second
// build, in which the glob waits.

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/plan/checkpoint_reruns.h"
#include "flow/plan/file_stats.h"
#include "flow/plan/staleness.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::plan {
namespace {

using dag::Dag;
using dag::DagOptions;

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

class CheckpointRerunsTest : public ::testing::Test {
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
  void write_chunks() {
    m_fs.create_dir("chunks/a");
    m_fs.create("chunks/a/x1", "1\n");
    m_fs.create("chunks/a/x0", "0\n");
  }

  test::FakeFilesystem m_fs;
  SourceTexts m_texts;
  std::unique_ptr<rules::RuleSet> m_rules;
};

TEST_F(CheckpointRerunsTest, ACheckpointThatRunsAfterItsGlobWasReadIsNamedForABuildAgain) {
  m_fs.create("data/a.txt");
  write_chunks();
  m_fs.tick();
  m_fs.create("data/a.txt", "changed");  // newer than the checkpoint's output
  load();
  Dag dag = build();
  FileStatCache stats(dag, m_fs);
  auto staleness = compute_staleness(dag, stats, nullptr, {});
  ASSERT_TRUE(staleness.ok());
  EXPECT_EQ(checkpoint_reruns(dag, *staleness), std::vector<std::string>{"chunks/a"});

  DagOptions options;
  options.rerun_checkpoints = {"chunks/a"};
  Dag again = build(options);
  FileStatCache again_stats(again, m_fs);
  auto again_staleness = compute_staleness(again, again_stats, nullptr, {});
  ASSERT_TRUE(again_staleness.ok());
  EXPECT_TRUE(checkpoint_reruns(again, *again_staleness).empty());
}

TEST_F(CheckpointRerunsTest, AnUpToDateCheckpointNeedsNoSecondBuild) {
  m_fs.create("data/a.txt");
  m_fs.tick();
  write_chunks();
  load();
  Dag dag = build();
  FileStatCache stats(dag, m_fs);
  auto staleness = compute_staleness(dag, stats, nullptr, {});
  ASSERT_TRUE(staleness.ok());
  EXPECT_FALSE(staleness->runs(job_of(dag, "split sample=a")));
  EXPECT_TRUE(checkpoint_reruns(dag, *staleness).empty());
}

}  // namespace
}  // namespace flow::plan
