#include "flow/dag/dag_builder.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "flow/dag/job_render.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::dag {
namespace {

class DagBuilderTest : public ::testing::Test {
 protected:
  void load(const std::string& text) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
  }
  Result<Dag> build(std::vector<std::string> targets = {}, DagOptions options = {}) {
    return build_dag(*m_rules, targets, m_fs, options);
  }
  static std::vector<std::string> labels(const Dag& dag) {
    std::vector<std::string> result;
    for (const auto& job : dag.jobs())
      result.push_back(dag.label(job.id));
    return result;
  }
  static std::string error_text(const Result<Dag>& result) {
    EXPECT_FALSE(result.ok());
    return result.ok() ? "" : format_error(result.error(), nullptr);
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;
};

TEST_F(DagBuilderTest, BuildsBackwardsFromTheDefaultTargetInTopologicalOrder) {
  load(R"(
config: {books: [84, 11]}
rules:
  all: {input: {expand: "counts/{book}.tsv", book: config.books}}
  words: {input: "books/{book}.txt", output: "words/{book}.txt", shell: "tr {input} > {output}"}
  count: {input: "words/{book}.txt", output: "counts/{book}.tsv", shell: "wc {input} > {output}"}
)");
  m_fs.create("books/84.txt");
  m_fs.create("books/11.txt");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  EXPECT_EQ(labels(*dag), (std::vector<std::string>{"words book=84", "count book=84",
                                                    "words book=11", "count book=11", "all"}));
  const Job& all = dag->job(JobId(4));
  EXPECT_TRUE(all.is_target);
  EXPECT_EQ(all.dependencies, (std::vector<JobId>{JobId(1), JobId(3)}));
  EXPECT_EQ(dag->job(JobId(0)).dependents, std::vector<JobId>{JobId(1)});
  EXPECT_FALSE(dag->file(*dag->find_file("books/84.txt")).producer.valid());
}

TEST_F(DagBuilderTest, StatsEachSourceOnce) {
  load(R"(
rules:
  all: {input: ["out/a.txt", "out/b.txt"]}
  copy: {input: "shared.txt", output: "out/{x}.txt", shell: "cp {input} {output}"}
)");
  m_fs.create("shared.txt");
  ASSERT_TRUE(build().ok());
  EXPECT_EQ(m_fs.stat_counts().at("shared.txt"), 1);
}

TEST_F(DagBuilderTest, MissingInputNamesTheFileAndTheChain) {
  load(R"(
rules:
  all: {input: "counts/84.tsv"}
  words: {input: "books/{book}.txt", output: "words/{book}.txt", shell: "tr {input} > {output}"}
  count: {input: "words/{book}.txt", output: "counts/{book}.tsv", shell: "wc {input} > {output}"}
)");
  EXPECT_EQ(error_text(build()),
            "flow: error: missing input file 'books/84.txt'\n"
            "  needed by rule 'words' (book=84) to make 'words/84.txt'\n"
            "  needed by rule 'count' (book=84) to make 'counts/84.tsv'\n"
            "  needed by rule 'all'\n");
}

TEST_F(DagBuilderTest, CandidateWhoseInputsCannotBeMadeIsDropped) {
  load(R"(
rules:
  all: {input: "out.txt"}
  from_csv: {input: "in.csv", output: "{name}.txt", shell: "conv {input} > {output}"}
  from_tsv: {input: "in.tsv", output: "{name}.txt", shell: "conv {input} > {output}"}
)");
  m_fs.create("in.tsv");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  EXPECT_EQ(labels(*dag), (std::vector<std::string>{"from_tsv name=out", "all"}));
}

TEST_F(DagBuilderTest, AmbiguityNamesBothRulesAndTheFile) {
  load(R"(
rules:
  all: {input: "out.txt"}
  a: {output: "{name}.txt", shell: "touch {output}"}
  b: {output: "{name}.txt", shell: "touch {output}"}
)");
  EXPECT_EQ(error_text(build()),
            "flow: error: ambiguous rules for 'out.txt': 'a' and 'b' can both make it\n"
            "  choose with ruleorder, e.g. ruleorder: [\"a > b\"]\n");
}

TEST_F(DagBuilderTest, AnOutputInsideAnotherJobsDirectoryOutputIsRefused) {
  // Issue 14 item 6: it was taken as made whenever the directory held a file of that name.
  load(R"(
rules:
  all: {input: [res, "res/one/x.txt"]}
  a: {output: {path: res, directory: true}, shell: "mkdir -p res"}
  b: {output: "res/{s}/x.txt", shell: "touch {output}"}
)");
  EXPECT_EQ(error_text(build()),
            "flow: error: 'res/one/x.txt' of job b s=one lies inside 'res', the directory "
            "output of job a\n"
            "  a directory output is removed and made whole each time its job runs, so another "
            "job's file inside it would be lost; let one rule make both, or move one\n");
}

TEST_F(DagBuilderTest, OneJobMayMakeADirectoryAndAFileInsideIt) {
  load(R"(
rules:
  all: {input: [res, res/sub/x.txt, out-child]}
  a: {output: [{path: res, directory: true}, res/sub/x.txt], shell: "mkdir -p res/sub; touch {output[1]}"}
  c: {output: out-child, shell: "touch {output}"}
)");
  EXPECT_TRUE(build().ok());
}

TEST_F(DagBuilderTest, RuleorderAndTheNoWildcardPreferenceResolveAmbiguity) {
  load(R"(
ruleorder: ["b > a"]
rules:
  all: {input: ["out.txt", "special.txt"]}
  a: {output: "{name}.txt", shell: "touch {output}"}
  b: {output: "{name}.txt", shell: "touch {output}"}
  special: {output: "special.txt", shell: "touch {output}"}
)");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  // special.txt: b (ruleorder over a) and special (no wildcards) are both better than a;
  // special has no wildcards and is not ordered against b, so it wins.
  EXPECT_EQ(labels(*dag), (std::vector<std::string>{"b name=out", "special", "all"}));
}

TEST_F(DagBuilderTest, CycleIsPrinted) {
  load(R"(
rules:
  all: {input: "a.txt"}
  a: {input: "b.txt", output: "a.txt", shell: "cp {input} {output}"}
  b: {input: "a.txt", output: "b.txt", shell: "cp {input} {output}"}
)");
  EXPECT_EQ(error_text(build()),
            "flow: error: dependency cycle: a -> b -> a\n"
            "  needed by rule 'a' to make 'a.txt'\n"
            "  needed by rule 'all'\n");
}

TEST_F(DagBuilderTest, ExistingFileThatCannotBeRemadeIsASource) {
  load(R"(
rules:
  all: {input: "data.txt"}
  make: {input: "raw.txt", output: "data.txt", shell: "cp {input} {output}"}
)");
  m_fs.create("data.txt");  // raw.txt is gone, but data.txt is there
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  EXPECT_EQ(labels(*dag), std::vector<std::string>{"all"});
}

TEST_F(DagBuilderTest, TwoJobsMakingTheSameFileIsAnError) {
  load(R"(
rules:
  all: {input: ["x.txt", "y.txt"]}
  a: {output: ["x.txt", "shared.txt"], shell: "touch {output}"}
  b: {output: ["y.txt", "shared.txt"], shell: "touch {output}"}
)");
  EXPECT_EQ(error_text(build()), "flow: error: two jobs make 'shared.txt': a and b\n");
}

TEST_F(DagBuilderTest, TargetsAreFilesOrRuleNames) {
  load(R"(
rules:
  all: {input: ["out/1.txt"]}
  copy: {input: "in.txt", output: "out/{n}.txt", shell: "cp {input} {output}"}
  extra: {output: "extra.txt", shell: "touch {output}"}
)");
  m_fs.create("in.txt");
  auto dag = build({"./out//7.txt", "extra"});
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  EXPECT_EQ(labels(*dag), (std::vector<std::string>{"copy n=7", "extra"}));
  EXPECT_TRUE(dag->file(*dag->find_file("out/7.txt")).is_target);
}

TEST_F(DagBuilderTest, RuleWithWildcardsCannotBeATarget) {
  load(R"(
rules:
  copy: {input: "in.txt", output: "out/{n}.txt", shell: "cp {input} {output}"}
)");
  auto dag = build({"copy"});
  ASSERT_FALSE(dag.ok());
  EXPECT_EQ(dag.error().kind, ErrorKind::usage);
  EXPECT_EQ(format_error(dag.error(), nullptr),
            "flow: error: rule 'copy' has wildcards, so it cannot be a target by name\n"
            "  name a file it makes instead, such as one matching 'out/{n}.txt'\n");
}

TEST_F(DagBuilderTest, ADefaultTargetWithWildcardsIsAFaultOfTheFile) {
  load(R"(
rules:
  copy: {input: "in.txt", output: "out/{n}.txt", shell: "cp {input} {output}"}
)");
  auto dag = build({});
  ASSERT_FALSE(dag.ok());
  EXPECT_EQ(dag.error().kind, ErrorKind::flowfile);
  ASSERT_TRUE(dag.error().location.has_value());
  EXPECT_EQ(dag.error().location->line, 3);
  EXPECT_EQ(dag.error().message,
            "rule 'copy' is the default target (the first rule), but it has wildcards");
}

TEST_F(DagBuilderTest, UnknownTargetSuggestsARule) {
  load(R"(
rules:
  count: {output: "c.txt", shell: "touch {output}"}
)");
  auto dag = build({"cuont"});
  ASSERT_FALSE(dag.ok());
  EXPECT_EQ(dag.error().kind, ErrorKind::usage);
  EXPECT_EQ(format_error(dag.error(), nullptr),
            "flow: error: unknown rule or file 'cuont'\n  did you mean 'count'?\n");
  auto file = build({"nothing/makes.this"});
  EXPECT_EQ(file.error().kind, ErrorKind::workflow);
}

TEST_F(DagBuilderTest, UntilAndOmitFromRestrictTheDag) {
  load(R"(
rules:
  all: {input: "c.txt"}
  a: {output: "a.txt", shell: "touch {output}"}
  b: {input: "a.txt", output: "b.txt", shell: "cp {input} {output}"}
  c: {input: "b.txt", output: "c.txt", shell: "cp {input} {output}"}
)");
  auto until = build({}, DagOptions{{"b"}, {}, {}, 0, false, false});
  ASSERT_TRUE(until.ok()) << error_text(until);
  EXPECT_EQ(labels(*until), (std::vector<std::string>{"a", "b"}));
  auto omit = build({}, DagOptions{{}, {"b.txt"}, {}, 0, false, false});
  ASSERT_TRUE(omit.ok()) << error_text(omit);
  EXPECT_EQ(labels(*omit), (std::vector<std::string>{"a"}));
  EXPECT_FALSE(build({}, DagOptions{{"nope"}, {}, {}, 0, false, false}).ok());
}

TEST_F(DagBuilderTest, ChainOfManyJobsNeedsNoDeepRecursion) {
  load(R"(
wildcard_constraints: {n: "[0-9]+"}
rules:
  all: {input: "chain/100000.txt"}
  step: {input: "chain/{n}.prev", output: "chain/{n}.txt", shell: "cp {input} {output}"}
  link: {input: "chain/{n}.txt", output: "chain/{n}.next", shell: "cp {input} {output}"}
)");
  // A long chain cannot be written with wildcards alone, so build one of explicit links:
  // each .prev is made from the previous number's .txt by a generated rule table.
  std::string text = "rules:\n  all: {input: \"c/20000.txt\"}\n";
  for (int i = 1; i <= 20000; ++i) {
    text += fmt::format(
        "  s{}: {{input: \"c/{}.txt\", output: \"c/{}.txt\", shell: \"cp {{input}} "
        "{{output}}\"}}\n",
        i, i - 1, i);
  }
  load(text);
  m_fs.create("c/0.txt");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  EXPECT_EQ(dag->jobs().size(), 20001u);
  EXPECT_EQ(dag->label(JobId(0)), "s1");
}

TEST_F(DagBuilderTest, RendersCommandsWithQuotedPaths) {
  load(R"(
rules:
  all: {input: "out/my file.txt"}
  copy:
    input: {src: "in/{name}.txt"}
    output: "out/{name}.txt"
    params: {level: "{wildcards.name}-x"}
    threads: 4
    shell: "cp {input.src} {output} # {params.level} {threads} {wildcards} {rule} {{literal}}"
)");
  m_fs.create("in/my file.txt");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  const auto& rule = dag->rule_of(JobId(0));
  // Issue 9 faults 3: a wildcard value is quoted like a path, also inside a param.
  EXPECT_EQ(render(*dag, JobId(0), *rule.shell, RenderValues{2, 0, 1}, Quoting::shell),
            "cp 'in/my file.txt' 'out/my file.txt' # 'my file'-x 2 'name=my file' copy {literal}");
  EXPECT_EQ(render(*dag, JobId(0), *rule.shell, RenderValues{2, 0, 1}, Quoting::none),
            "cp in/my file.txt out/my file.txt # my file-x 2 name=my file copy {literal}");
}

TEST_F(DagBuilderTest, QuotingSuffixesQuoteAValueAsOneWordOrLeaveItRaw) {
  load(R"(
rules:
  all: {input: "out/a;b.txt"}
  copy:
    output: "out/{name}.txt"
    params: {level: "--n={wildcards.name}", plain: "x y"}
    shell: "{params.level:q} {params.plain} {params.plain:q} {wildcards.name:raw} {output:raw} {rule:q}"
)");
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  const auto& rule = dag->rule_of(JobId(0));
  EXPECT_EQ(render(*dag, JobId(0), *rule.shell, RenderValues{1, 0, 1}, Quoting::shell),
            "'--n=a;b' x y 'x y' a;b out/a;b.txt copy");
}

}  // namespace
}  // namespace flow::dag
