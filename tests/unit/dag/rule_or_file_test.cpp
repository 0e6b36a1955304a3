#include "flow/dag/rule_or_file.h"

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::dag {
namespace {

// a.txt -> b.txt -> c.txt; "all" needs c.txt. Job indices in the built DAG: a 0, b 1, c 2.
constexpr const char* k_chain = R"(
rules:
  all: {input: "out/c.txt"}
  a: {output: "out/a.txt", shell: "touch {output}"}
  b: {input: "out/a.txt", output: "out/b.txt", shell: "cp {input} {output}"}
  c: {input: "out/b.txt", output: "out/c.txt", shell: "cp {input} {output}"}
  unused: {output: "elsewhere.txt", shell: "touch {output}"}
)";

class RuleOrFileTest : public ::testing::Test {
 protected:
  RuleOrFileTest() : m_rules(test::rules_of(k_chain)) {
    auto dag = build_dag(m_rules, {}, m_fs, {});
    EXPECT_TRUE(dag.ok());
    m_dag = std::make_unique<Dag>(std::move(*dag));
  }
  std::string error_of(std::string_view word) {
    auto matched = match_rule_or_file(*m_dag, "--until", word);
    EXPECT_FALSE(matched.ok());
    if (matched.ok()) return "";
    EXPECT_EQ(matched.error().kind, ErrorKind::usage);
    return format_error(matched.error(), nullptr);
  }

  test::FakeFilesystem m_fs;
  rules::RuleSet m_rules;
  std::unique_ptr<Dag> m_dag;
};

TEST_F(RuleOrFileTest, NormalizesPathsAsUsersWriteThem) {
  EXPECT_EQ(normalize_path("./out//b.txt"), "out/b.txt");
  EXPECT_EQ(normalize_path("././out/b.txt"), "out/b.txt");
  EXPECT_EQ(normalize_path("out/b.txt"), "out/b.txt");
  EXPECT_EQ(normalize_path("./"), "./");
  EXPECT_EQ(normalize_path(""), "");
}

TEST_F(RuleOrFileTest, ARuleNamesAllItsJobsAndAFileTheJobMakingIt) {
  auto rule = match_rule_or_file(*m_dag, "--until", "b");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(*rule, std::vector<std::uint32_t>{1});
  for (const char* path : {"out/c.txt", "./out/c.txt", "out//c.txt", "./out//c.txt"}) {
    auto file = match_rule_or_file(*m_dag, "--until", path);
    ASSERT_TRUE(file.ok()) << path;
    EXPECT_EQ(*file, std::vector<std::uint32_t>{2}) << path;
  }
}

TEST_F(RuleOrFileTest, AWordNamingNoJobIsAUsageErrorWithAHint) {
  EXPECT_EQ(error_of("bb"),
            "flow: error: --until 'bb': no rule or file of this run's DAG has that name\n"
            "  did you mean 'b'?\n");
  EXPECT_EQ(error_of("out/nothing.txt"),
            "flow: error: --until 'out/nothing.txt': no rule or file of this run's DAG has that "
            "name\n");
  EXPECT_EQ(error_of("unused"),
            "flow: error: --until 'unused': rule 'unused' has no job in this run's DAG\n");
}

TEST_F(RuleOrFileTest, ASourceFileNamesNoJob) {
  test::FakeFilesystem fs;
  fs.create("in.txt");
  rules::RuleSet rules = test::rules_of(R"(
rules:
  all: {input: "out.txt"}
  copy: {input: "in.txt", output: "out.txt", shell: "cp {input} {output}"}
)");
  auto dag = build_dag(rules, {}, fs, {});
  ASSERT_TRUE(dag.ok());
  auto matched = match_rule_or_file(*dag, "--omit-from", "in.txt");
  ASSERT_FALSE(matched.ok());
  EXPECT_EQ(format_error(matched.error(), nullptr),
            "flow: error: --omit-from 'in.txt': no rule or file of this run's DAG has that name\n");
}

TEST_F(RuleOrFileTest, TheLookupDecidesWhichJobsAreCandidates) {
  // While the DAG is built, --omit-from picks only among the jobs --until left.
  JobLookup none{[](RuleId) { return std::vector<std::uint32_t>{}; },
                 [](const std::string&) { return std::optional<std::uint32_t>{}; }};
  auto rule = match_rule_or_file(m_rules, "--omit-from", "c", none);
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(format_error(rule.error(), nullptr),
            "flow: error: --omit-from 'c': rule 'c' has no job in this run's DAG\n");
  std::string asked;
  JobLookup recording{[](RuleId) { return std::vector<std::uint32_t>{}; },
                      [&](const std::string& path) {
                        asked = path;
                        return std::optional<std::uint32_t>{7};
                      }};
  auto file = match_rule_or_file(m_rules, "--omit-from", ".//x//y", recording);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(*file, std::vector<std::uint32_t>{7});
  EXPECT_EQ(asked, "x/y");
}

}  // namespace
}  // namespace flow::dag
