#include "flow/run/output_files.h"

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "support/workflow_text.h"

namespace flow::run {
namespace {

class OutputFilesTest : public ::testing::Test {
 protected:
  void build(const std::string& text) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
    auto dag = dag::build_dag(*m_rules, {}, m_fs);
    ASSERT_TRUE(dag.ok()) << format_error(dag.error(), nullptr);
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
    m_stats = std::make_unique<plan::FileStatCache>(*m_dag, m_fs);
    m_state = std::move(state::StateLog::open(m_fs, ".flow")).value();
    m_files = std::make_unique<OutputFiles>(*m_dag, m_fs, *m_stats, *m_state);
  }
  JobId job(const std::string& label) const {
    for (const auto& j : m_dag->jobs()) {
      if (m_dag->label(j.id) == label) return j.id;
    }
    ADD_FAILURE() << "no job " << label;
    return JobId();
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  std::unique_ptr<plan::FileStatCache> m_stats;
  std::unique_ptr<state::StateLog> m_state;
  std::unique_ptr<OutputFiles> m_files;
};

constexpr const char* k_rules = R"(
rules:
  make:
    output: [out/a.txt, {path: out/d, directory: true}]
    log: logs/make.log
    benchmark: bench/make.tsv
    shell: "x"
)";

TEST_F(OutputFilesTest, CheckSaysWhatIsWrongAsData) {
  build(k_rules);
  m_fs.create_dir("out/a.txt");
  auto problems = m_files->check(job("make"), false);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, OutputProblemKind::wrong_kind);
  EXPECT_EQ(problems[1].kind, OutputProblemKind::missing);
  EXPECT_EQ(describe(problems),
            "output out/a.txt is a directory, but the rule does not declare `directory: true`; "
            "missing output out/d");
  m_fs.fail_stat("out/d");
  problems = m_files->check(job("make"), false);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[1].kind, OutputProblemKind::io);
}

TEST_F(OutputFilesTest, PrepareRemovesOldOutputsMakesParentsAndMarksIncomplete) {
  build(k_rules);
  m_fs.create("out/a.txt", "old");
  m_fs.create("logs/make.log", "old log");
  ASSERT_TRUE(m_files->prepare(job("make")).ok());
  EXPECT_FALSE(m_fs.exists("out/a.txt"));
  EXPECT_FALSE(m_fs.exists("logs/make.log"));
  EXPECT_TRUE(m_state->is_incomplete("out/a.txt"));
  EXPECT_TRUE(m_state->is_incomplete("bench/make.tsv"));
  EXPECT_FALSE(m_state->is_incomplete("logs/make.log"));  // logs are not journalled
}

TEST_F(OutputFilesTest, RemoveKeepsLogsAndForgetsRecords) {
  build(k_rules);
  m_fs.create("out/a.txt");
  m_fs.create("bench/make.tsv");
  m_fs.create("logs/make.log");
  ASSERT_TRUE(m_files->record(job("make"), 1, 2).ok());
  Removal removal = m_files->remove(job("make"));
  EXPECT_EQ(removal.removed, (std::vector<std::string>{"out/a.txt", "bench/make.tsv"}));
  EXPECT_TRUE(removal.problems.empty());
  EXPECT_TRUE(m_fs.exists("logs/make.log"));
  EXPECT_EQ(m_state->find("out/a.txt"), nullptr);
}

TEST_F(OutputFilesTest, AProtectedOutputStopsARerunUntilRemovedByHand) {
  build(R"(
rules:
  make: {output: {path: p.txt, protected: true}, shell: "x"}
)");
  m_fs.create("p.txt");
  EXPECT_TRUE(m_files->check_overwritable(job("make")).ok());  // not read-only yet
  EXPECT_TRUE(m_files->protect(job("make")).empty());
  auto refused = m_files->check_overwritable(job("make"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "output 'p.txt' is protected; remove it by hand to make it again");
}

TEST_F(OutputFilesTest, AFileOutputThatIsADirectoryIsRefusedBeforeAnythingIsTouched) {
  // Issue 14 item 4: removing it "to remake the file" took the user's whole tree.
  build(R"(
rules:
  make: {output: res/d.txt, shell: "x"}
)");
  m_fs.create_dir("res/d.txt");
  m_fs.create("res/d.txt/inner", "keep");
  auto refused = m_files->check_overwritable(job("make"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "output 'res/d.txt' is a directory, but the rule declares a file; flow leaves the "
            "directory alone: remove it by hand, or declare the output `directory: true`");
  EXPECT_EQ(m_fs.contents("res/d.txt/inner"), "keep");
}

TEST_F(OutputFilesTest, PrepareRemovesADeclaredDirectoryOutputWithItsContents) {
  build(R"(
rules:
  make: {output: {path: d, directory: true}, shell: "x"}
)");
  m_fs.create_dir("d");
  m_fs.create("d/old", "stale");
  ASSERT_TRUE(m_files->prepare(job("make")).ok());
  EXPECT_FALSE(m_fs.exists("d"));
  EXPECT_FALSE(m_fs.exists("d/old"));
}

TEST_F(OutputFilesTest, RemovingAFailedJobsOutputsTakesADirectoryItMadeInAFilesPlace) {
  // check_overwritable refused any directory there before the job started, so this one is
  // the failed job's own product (a step that ran `mkdir` on its output).
  build(k_rules);
  m_fs.create_dir("out/a.txt");
  m_fs.create("out/a.txt/inner");
  m_fs.create_dir("out/d");
  m_fs.create("out/d/part");
  Removal removal = m_files->remove(job("make"));
  EXPECT_TRUE(removal.problems.empty());
  EXPECT_FALSE(m_fs.exists("out/a.txt"));
  EXPECT_FALSE(m_fs.exists("out/d/part"));
}

TEST_F(OutputFilesTest, ReleasingATempFileNeverTakesADirectoryInItsPlace) {
  build(R"(
rules:
  make: {output: {path: t.txt, temp: true}, shell: "x"}
)");
  m_fs.create_dir("t.txt");
  m_fs.create("t.txt/inner", "keep");
  auto released = m_files->release_temp(m_dag->find_file("t.txt").value());
  ASSERT_FALSE(released.ok());
  EXPECT_EQ(released.error().message, "'t.txt' is a directory, not a file: flow leaves it alone");
  EXPECT_EQ(m_fs.contents("t.txt/inner"), "keep");
}

}  // namespace
}  // namespace flow::run
