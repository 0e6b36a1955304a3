// Issue 13 item 5: protected outputs in the way of planned jobs are found before any job runs.

#include "flow/plan/protected_outputs.h"

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "support/workflow_text.h"

namespace flow::plan {
namespace {

constexpr const char* k_workflow = R"(
rules:
  all: {input: [p/1.txt, p/2.txt, q.txt]}
  make: {input: in.txt, output: {path: "p/{n}.txt", protected: true}, shell: "cp {input} {output}"}
  plain: {input: in.txt, output: q.txt, shell: "cp {input} {output}"}
)";

class ProtectedOutputsTest : public ::testing::Test {
 protected:
  std::vector<std::string> found(StalenessOptions options = {}) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(k_workflow));
    auto dag = dag::build_dag(*m_rules, {}, m_fs);
    EXPECT_TRUE(dag.ok());
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
    FileStatCache stats(*m_dag, m_fs);
    auto staleness = compute_staleness(*m_dag, stats, nullptr, options);
    EXPECT_TRUE(staleness.ok());
    m_overwrites = find_protected_overwrites(*m_dag, *staleness, stats);
    std::vector<std::string> paths;
    for (const auto& overwrite : m_overwrites)
      paths.push_back(m_dag->path(overwrite.file) + " by " + m_dag->label(overwrite.job));
    return paths;
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;  // the DAG refers to it
  std::unique_ptr<dag::Dag> m_dag;
  std::vector<ProtectedOverwrite> m_overwrites;
};

TEST_F(ProtectedOutputsTest, FindsReadOnlyProtectedOutputsOfJobsThatRun) {
  m_fs.create("in.txt");
  m_fs.set_mtime("in.txt", 100);
  for (const char* path : {"p/1.txt", "p/2.txt", "q.txt"}) {
    m_fs.create(path);
    m_fs.set_mtime(path, 50);  // older than the input: every job runs
  }
  ASSERT_TRUE(m_fs.set_read_only("p/1.txt").ok());
  ASSERT_TRUE(m_fs.set_read_only("q.txt").ok());  // not protected: not in the way
  EXPECT_EQ(found(), std::vector<std::string>{"p/1.txt by make n=1"});
  Error error = protected_overwrite_error(*m_dag, m_overwrites, false);
  EXPECT_EQ(format_error(error, nullptr),
            "flow: error: 1 protected output would be overwritten; nothing was run\n"
            "  'p/1.txt', output of make n=1\n"
            "  a protected output is made once; to make it again, remove it by hand (it is "
            "read-only)\n");
}

TEST_F(ProtectedOutputsTest, AJobThatDoesNotRunIsNotInTheWay) {
  m_fs.create("in.txt");
  m_fs.set_mtime("in.txt", 10);
  for (const char* path : {"p/1.txt", "p/2.txt", "q.txt"}) {
    m_fs.create(path);
    m_fs.set_mtime(path, 50);
    ASSERT_TRUE(m_fs.set_read_only(path).ok());
  }
  EXPECT_TRUE(found().empty());
  StalenessOptions forced;
  forced.force_all = true;
  EXPECT_EQ(found(forced),
            (std::vector<std::string>{"p/1.txt by make n=1", "p/2.txt by make n=2"}));
}

}  // namespace
}  // namespace flow::plan
