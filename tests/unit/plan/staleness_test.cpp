#include "flow/plan/staleness.h"

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "support/workflow_text.h"

namespace flow::plan {
namespace {

class StalenessTest : public ::testing::Test {
 protected:
  void load(const std::string& text) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
  }

  // The reason text of every job, "label: reason" ("label: -" when up to date).
  std::vector<std::string> reasons(StalenessOptions options = {}) {
    auto dag = dag::build_dag(*m_rules, {}, m_fs);
    EXPECT_TRUE(dag.ok()) << (dag.ok() ? "" : format_error(dag.error(), nullptr));
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
    FileStatCache stats(*m_dag, m_fs);
    auto staleness = compute_staleness(*m_dag, stats, nullptr, options);
    EXPECT_TRUE(staleness.ok());
    m_staleness = std::move(staleness).value();
    std::vector<std::string> lines;
    for (const auto& job : m_dag->jobs()) {
      const Reason& reason = m_staleness.reasons[job.id.index()];
      lines.push_back(m_dag->label(job.id) + ": " +
                      (reason.any() ? reason.to_string(*m_dag, job.id, m_staleness.reasons) : "-"));
    }
    return lines;
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  Staleness m_staleness;
};

constexpr const char* k_chain = R"(
rules:
  all: {input: c.txt}
  b: {input: a.txt, output: b.txt, shell: "cp {input} {output}"}
  c: {input: b.txt, output: c.txt, shell: "cp {input} {output}"}
)";

TEST_F(StalenessTest, MissingOutputsAndRemadeInputs) {
  load(k_chain);
  m_fs.create("a.txt");
  EXPECT_EQ(reasons(), (std::vector<std::string>{"b: missing output b.txt",
                                                 "c: missing output c.txt; input remade by b",
                                                 "all: input remade by c"}));
}

// Issue 13 item 7: every job remaking an input is named, not only the first.
TEST_F(StalenessTest, EveryJobRemakingAnInputIsNamed) {
  load(R"(
rules:
  all: {input: [a.out, b.out, c.out]}
  make: {input: "{x}.in", output: "{x}.out", shell: "cp {input} {output}"}
)");
  m_fs.create("a.in");
  m_fs.create("b.in");
  m_fs.create("c.in");
  m_fs.create("b.out");
  EXPECT_EQ(reasons(), (std::vector<std::string>{"make x=a: missing output a.out", "make x=b: -",
                                                 "make x=c: missing output c.out",
                                                 "all: input remade by make x=a, make x=c"}));
}

TEST_F(StalenessTest, EqualMtimesAreUpToDate) {
  load(k_chain);
  m_fs.create("a.txt");
  m_fs.create("b.txt");
  m_fs.create("c.txt");
  EXPECT_EQ(reasons(), (std::vector<std::string>{"b: -", "c: -", "all: -"}));
  EXPECT_EQ(m_staleness.run_count, 0u);
}

TEST_F(StalenessTest, NewerInputRerunsEverythingDownstream) {
  load(k_chain);
  m_fs.create("b.txt");
  m_fs.create("c.txt");
  m_fs.tick();
  m_fs.create("a.txt");
  EXPECT_EQ(reasons(), (std::vector<std::string>{"b: updated input a.txt", "c: input remade by b",
                                                 "all: input remade by c"}));
}

TEST_F(StalenessTest, AncientInputNeverMakesAJobStale) {
  load(R"(
rules:
  b: {input: {path: a.txt, ancient: true}, output: b.txt, shell: "cp {input} {output}"}
)");
  m_fs.create("b.txt");
  m_fs.tick();
  m_fs.create("a.txt");
  EXPECT_EQ(reasons(), std::vector<std::string>{"b: -"});
}

// Issue 9 semantics 4: not even when an upstream job remakes it in the same run.
TEST_F(StalenessTest, AnAncientInputRemadeInThisRunTriggersNothing) {
  load(R"(
rules:
  all: {input: c.txt}
  b: {input: a.txt, output: b.txt, shell: "cp {input} {output}"}
  c: {input: {path: b.txt, ancient: true}, output: c.txt, shell: "cp {input} {output}"}
)");
  m_fs.create("b.txt");
  m_fs.create("c.txt");
  m_fs.tick();
  m_fs.create("a.txt");
  EXPECT_EQ(reasons(), (std::vector<std::string>{"b: updated input a.txt", "c: -", "all: -"}));
}

TEST_F(StalenessTest, AnotherInputFromTheSameProducerStillTriggers) {
  load(R"(
rules:
  all: {input: c.txt}
  b: {input: a.txt, output: [b.txt, b2.txt], shell: "touch {output}"}
  c:
    input: [{path: b.txt, ancient: true}, b2.txt]
    output: c.txt
    shell: "cat {input} > {output}"
)");
  m_fs.create("b.txt");
  m_fs.create("b2.txt");
  m_fs.create("c.txt");
  m_fs.tick();
  m_fs.create("a.txt");
  EXPECT_EQ(reasons(), (std::vector<std::string>{"b: updated input a.txt", "c: input remade by b",
                                                 "all: input remade by c"}));
}

// A job without outputs (a target rule such as `all`) runs when it lacks an input, so the
// missing temp file it asks for is made (Snakemake's rules without outputs do the same).
TEST_F(StalenessTest, AJobWithoutOutputsRunsWhenAnInputIsMissing) {
  load(R"(
rules:
  all: {input: t.txt}
  make: {output: {path: t.txt, temp: true}, shell: "touch {output}"}
)");
  EXPECT_EQ(reasons(), (std::vector<std::string>{"make: temp output t.txt is needed by all",
                                                 "all: missing input t.txt"}));
  m_fs.create("t.txt");
  EXPECT_EQ(reasons(), (std::vector<std::string>{"make: -", "all: -"}));
}

TEST_F(StalenessTest, ChangeUpstreamOfADeletedTempFileIsSeen) {
  load(R"(
rules:
  c: {input: t.txt, output: c.txt, shell: "cp {input} {output}"}
  t: {input: a.txt, output: {path: t.txt, temp: true}, shell: "cp {input} {output}"}
)");
  m_fs.create("a.txt");
  m_fs.tick();
  m_fs.create("c.txt");  // t.txt was deleted after c was made
  EXPECT_EQ(reasons(), (std::vector<std::string>{"t: -", "c: -"}));
  m_fs.tick();
  m_fs.create("a.txt");
  EXPECT_EQ(reasons(), (std::vector<std::string>{"t: temp output t.txt is needed by c",
                                                 "c: updated input t.txt"}));
}

TEST_F(StalenessTest, ForcerunRunsTheRuleAndEverythingDownstream) {
  load(k_chain);
  m_fs.create("a.txt");
  m_fs.create("b.txt");
  m_fs.create("c.txt");
  EXPECT_EQ(
      reasons(StalenessOptions{false, false, {"b"}, k_all_triggers}),
      (std::vector<std::string>{"b: forced", "c: input remade by b", "all: input remade by c"}));
  EXPECT_EQ(reasons(StalenessOptions{false, true, {}, k_all_triggers}),
            (std::vector<std::string>{"b: -", "c: -", "all: forced"}));
  EXPECT_EQ(m_staleness.run_count, 1u);
}

TEST_F(StalenessTest, ForcerunOfAnUnknownNameIsAUsageError) {
  load(k_chain);
  m_fs.create("a.txt");
  auto dag = dag::build_dag(*m_rules, {}, m_fs);
  FileStatCache stats(*dag, m_fs);
  auto staleness = compute_staleness(*dag, stats, nullptr,
                                     StalenessOptions{false, false, {"nope"}, k_all_triggers});
  ASSERT_FALSE(staleness.ok());
  EXPECT_EQ(staleness.error().kind, ErrorKind::usage);
}

}  // namespace
}  // namespace flow::plan
