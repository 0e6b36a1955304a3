// Glob items when the DAG is built (spec §6): the job's wildcards first, the files that exist
// fill the rest, constraints apply, and each directory is listed once for all jobs.

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::dag {
namespace {

class GlobDagTest : public ::testing::Test {
 protected:
  void load(const std::string& text) {
    auto rules = test::try_rules(text, &m_texts, &m_fs);
    ASSERT_TRUE(rules.ok()) << format_error(rules.error(), &m_texts);
    m_rules = std::make_unique<rules::RuleSet>(std::move(*rules));
  }
  std::string rules_error(const std::string& text) {
    auto rules = test::try_rules(text, &m_texts, &m_fs);
    EXPECT_FALSE(rules.ok());
    return rules.ok() ? "" : format_error(rules.error(), &m_texts);
  }
  Result<Dag> build(std::vector<std::string> targets = {}) {
    return build_dag(*m_rules, targets, m_fs);
  }
  static std::vector<std::string> inputs(const Dag& dag, JobId job) {
    std::vector<std::string> paths;
    for (const auto& ref : dag.job(job).inputs)
      paths.push_back(dag.path(ref.file));
    return paths;
  }
  static JobId job_of(const Dag& dag, const std::string& label) {
    for (const auto& job : dag.jobs()) {
      if (dag.label(job.id) == label) return job.id;
    }
    ADD_FAILURE() << "no job " << label;
    return JobId(0);
  }

  test::FakeFilesystem m_fs;
  SourceTexts m_texts;
  std::unique_ptr<rules::RuleSet> m_rules;
};

TEST_F(GlobDagTest, TheFilesThatExistFillTheExpand) {
  m_fs.create("books/b.txt");
  m_fs.create("books/a.txt");
  load(R"(
rules:
  all:
    input:
      - glob: "books/{book}.txt"
        expand: "counts/{book}.tsv"
  count: {input: "books/{book}.txt", output: "counts/{book}.tsv", shell: "wc {input} > {output}"}
)");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << format_error(dag.error(), &m_texts);
  JobId all = job_of(*dag, "all");
  EXPECT_EQ(inputs(*dag, all), (std::vector<std::string>{"counts/a.tsv", "counts/b.tsv"}));
  EXPECT_EQ(dag->jobs().size(), 3U);
  ASSERT_EQ(dag->glob_reports().size(), 1U);
  EXPECT_EQ(dag->glob_reports()[0].glob, "books/{book}.txt");
  EXPECT_EQ(dag->glob_reports()[0].rule, "all");
  EXPECT_EQ(dag->glob_reports()[0].count, 2U);
}

TEST_F(GlobDagTest, WithoutExpandTheInputsAreTheFilesThemselves) {
  m_fs.create("books/a.txt");
  m_fs.create("books/b.txt");
  load("rules:\n  all: {input: {glob: \"books/{book}.txt\"}, shell: \"cat {input}\"}\n");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << format_error(dag.error(), &m_texts);
  EXPECT_EQ(inputs(*dag, job_of(*dag, "all")),
            (std::vector<std::string>{"books/a.txt", "books/b.txt"}));
}

TEST_F(GlobDagTest, AGlobThatMatchesNothingGivesNoInputs) {
  load("rules:\n  all: {input: [{glob: \"books/{book}.txt\"}, x.txt], shell: \"true\"}\n");
  m_fs.create("x.txt");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << format_error(dag.error(), &m_texts);
  EXPECT_EQ(inputs(*dag, job_of(*dag, "all")), std::vector<std::string>{"x.txt"});
  ASSERT_EQ(dag->glob_reports().size(), 1U);
  EXPECT_EQ(dag->glob_reports()[0].count, 0U);
}

TEST_F(GlobDagTest, TheJobsWildcardsAreFilledInFirstAndEachDirectoryListedOnce) {
  for (const char* path : {"raw/s1/r1.fq", "raw/s1/r2.fq", "raw/s2/r1.fq", "raw/s3/r9.fq"})
    m_fs.create(path);
  load(R"(
rules:
  all: {input: {expand: "merged/{s}.txt", s: [s1, s2]}}
  merge:
    input:
      - glob: "raw/{s}/{run}.fq"
        expand: "qc/{s}/{run}.txt"
    output: "merged/{s}.txt"
    shell: "cat {input} > {output}"
  qc: {input: "raw/{s}/{run}.fq", output: "qc/{s}/{run}.txt", shell: "cp {input} {output}"}
)");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << format_error(dag.error(), &m_texts);
  EXPECT_EQ(inputs(*dag, job_of(*dag, "merge s=s1")),
            (std::vector<std::string>{"qc/s1/r1.txt", "qc/s1/r2.txt"}));
  EXPECT_EQ(inputs(*dag, job_of(*dag, "merge s=s2")), std::vector<std::string>{"qc/s2/r1.txt"});
  EXPECT_EQ(m_fs.list_counts().count("raw"), 0U);  // the job's {s} is filled in: raw/s1 only
  EXPECT_EQ(m_fs.list_counts().at("raw/s1"), 1);
  EXPECT_EQ(m_fs.list_counts().count("raw/s3"), 0U);
}

TEST_F(GlobDagTest, ConstraintsOfTheRuleAndInlineApply) {
  for (const char* path : {"in/a.txt", "in/b1.txt", "in/sub/c.txt"})
    m_fs.create(path);
  load(R"(
wildcard_constraints: {name: "[a-z]+"}
rules:
  all:
    input:
      - {glob: "in/{name}.txt"}
      - {glob: "in/{other,[a-z]+[0-9]}.txt"}
    shell: "true"
)");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << format_error(dag.error(), &m_texts);
  EXPECT_EQ(inputs(*dag, job_of(*dag, "all")), (std::vector<std::string>{"in/a.txt", "in/b1.txt"}));
}

TEST_F(GlobDagTest, AnUnreadableDirectoryNamesTheJobAndTheGlob) {
  m_fs.create("books/a.txt");
  m_fs.fail_list("books");
  load("rules:\n  all: {input: {glob: \"books/{book}.txt\"}, shell: \"true\"}\n");
  auto dag = build();
  ASSERT_FALSE(dag.ok());
  EXPECT_EQ(format_error(dag.error(), &m_texts),
            "flow: error: flow.yaml:2:23: rule 'all': glob 'books/{book}.txt': cannot list "
            "'books': Permission denied\n"
            "      all: {input: {glob: \"books/{book}.txt\"}, shell: \"true\"}\n"
            "                          ^\n");
}

TEST_F(GlobDagTest, AnExpandWithAWildcardTheGlobLacksIsALoadError) {
  EXPECT_EQ(rules_error("rules:\n  all:\n    input:\n      - glob: \"b/{book}.txt\"\n"
                        "        expand: \"c/{bok}.tsv\"\n"),
            "flow: error: flow.yaml:5:20: rule 'all': the 'expand' of glob 'b/{book}.txt' uses "
            "'{bok}', which the glob does not have\n"
            "            expand: \"c/{bok}.tsv\"\n"
            "                       ^\n"
            "  did you mean '{book}'?\n"
            "  the glob has {book}\n");
}

TEST_F(GlobDagTest, ABadGlobPatternIsALoadError) {
  EXPECT_EQ(rules_error("rules:\n  all:\n    input: {glob: \"b/{book.txt\"}\n"),
            "flow: error: flow.yaml:3:22: rule 'all': unclosed '{' in 'b/{book.txt'\n"
            "        input: {glob: \"b/{book.txt\"}\n"
            "                         ^\n");
}

}  // namespace
}  // namespace flow::dag
