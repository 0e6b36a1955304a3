#include "flow/rules/rule_set.h"

#include <gtest/gtest.h>

#include "support/workflow_text.h"

namespace flow::rules {
namespace {

using test::rules_error;
using test::rules_of;

TEST(RuleSetTest, FirstRuleIsTheDefaultTarget) {
  auto rules = rules_of(R"(
rules:
  zeta: {input: a.txt}
  alpha: {output: a.txt, shell: "touch {output}"}
)");
  EXPECT_EQ(rules.rule(rules.default_target()).name, "zeta");
}

TEST(RuleSetTest, DefaultTargetFlagWins) {
  auto rules = rules_of(R"(
rules:
  zeta: {input: a.txt}
  alpha: {output: a.txt, shell: "touch {output}", default_target: true}
)");
  EXPECT_EQ(rules.rule(rules.default_target()).name, "alpha");
}

TEST(RuleSetTest, WildcardsComeFromTheOutputs) {
  auto rules = rules_of(R"(
rules:
  stem:
    input: "words/{book}.txt"
    output: "stems/{book}/{algo}.txt"
    log: "logs/{algo}/{book}.log"
    shell: "stem -a {wildcards.algo} {input} > {output} 2> {log}"
)");
  EXPECT_EQ(rules.rule(RuleId(0)).wildcard_names, (std::vector<std::string>{"book", "algo"}));
}

TEST(RuleSetTest, NoRulesPointsAtTheRulesKeyOrTheFileStart) {
  EXPECT_EQ(rules_error("config: {a: 1}\nrules:\n"),
            "flow: error: flow.yaml:2:1: the workflow has no rules\n"
            "    rules:\n"
            "    ^\n"
            "  a workflow needs a 'rules:' mapping with at least one rule, such as\n"
            "  rules:\n"
            "    hello:\n"
            "      output: hello.txt\n"
            "      shell: echo hello > {output}\n");
  EXPECT_TRUE(rules_error("config: {a: 1}\n")
                  .starts_with("flow: error: flow.yaml:1:1: the workflow has no rules\n    config: "
                               "{a: 1}\n    ^\n"));
}

TEST(RuleSetTest, InputWildcardMissingFromOutputsIsAnError) {
  EXPECT_EQ(rules_error(R"(rules:
  stem:
    input: "words/{sample}.txt"
    output: "stems/{book}.txt"
    shell: "cp {input} {output}"
)"),
            "flow: error: flow.yaml:3:19: rule 'stem': wildcard '{sample}' in input "
            "'words/{sample}.txt' is "
            "not in the outputs\n"
            "        input: \"words/{sample}.txt\"\n"
            "                      ^\n"
            "  the outputs have {book}\n"
            "  write '{{sample}}' for literal braces\n");
}

TEST(RuleSetTest, InconsistentOutputWildcardsAreAnError) {
  std::string error = rules_error(R"(rules:
  split:
    output: ["a/{x}.txt", "b/{y}.txt"]
    shell: "touch {output}"
)");
  EXPECT_NE(error.find("rule 'split': 'b/{y}.txt' has {y}, but 'a/{x}.txt' has {x}"),
            std::string::npos)
      << error;
}

// Issue 9, semantics 1: Snakemake refuses "Duplicate output file pattern".
TEST(RuleSetTest, RefusesAFileListedTwiceAmongWhatItsJobsWrite) {
  EXPECT_EQ(rules_error("rules:\n  a:\n    output: [\"{n}.txt\", \"{n}.txt\"]\n    shell: x\n"),
            "flow: error: flow.yaml:3:25: rule 'a': '{n}.txt' is listed twice among the files "
            "its jobs write\n"
            "        output: [\"{n}.txt\", \"{n}.txt\"]\n"
            "                            ^\n"
            "  first listed at line 3, column 14\n");
  EXPECT_EQ(
      rules_error("rules:\n  a:\n    output: \"{n}.txt\"\n    log: \"{n}.txt\"\n    shell: x\n"),
      "flow: error: flow.yaml:4:10: rule 'a': '{n}.txt' is listed twice among the files "
      "its jobs write\n"
      "        log: \"{n}.txt\"\n"
      "             ^\n"
      "  first listed at line 3, column 13\n");
}

TEST(RuleSetTest, UnknownPlaceholderPointsAtIt) {
  EXPECT_EQ(rules_error(R"(rules:
  stem:
    input: a.txt
    output: b.txt
    shell: flow-stem {inputs} > {output}
)"),
            "flow: error: flow.yaml:5:22: rule 'stem': unknown placeholder '{inputs}'\n"
            "        shell: flow-stem {inputs} > {output}\n"
            "                         ^\n"
            "  did you mean '{input}'?\n");
}

TEST(RuleSetTest, NamedItemPlaceholdersAreChecked) {
  std::string error = rules_error(R"(rules:
  join:
    input: {words: a.txt, stems: b.txt}
    output: c.txt
    shell: cat {input.word} {input.stems} > {output}
)");
  EXPECT_NE(error.find("unknown placeholder '{input.word}': no input named 'word'"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("did you mean '{input.words}'?"), std::string::npos) << error;
}

TEST(RuleSetTest, WildcardAndResourcePlaceholdersAreChecked) {
  std::string error = rules_error(R"(rules:
  count:
    output: "counts/{book}.tsv"
    shell: "echo {wildcards.bok} {resources.mem_mb} > {output}"
)");
  EXPECT_NE(error.find("the outputs have no wildcard 'bok'"), std::string::npos) << error;
  EXPECT_NE(error.find("no resource named 'mem_mb'"), std::string::npos) << error;
}

TEST(RuleSetTest, BadConstraintRegexIsReportedAtTheConstraint) {
  std::string error = rules_error(R"(wildcard_constraints:
  book: "[0-"
rules:
  count:
    output: "counts/{book}.tsv"
    shell: "touch {output}"
)");
  EXPECT_NE(error.find("flow.yaml:2:9: bad regular expression '[0-'"), std::string::npos) << error;
}

TEST(RuleSetTest, UnknownRuleInRuleorder) {
  std::string error = rules_error(R"(ruleorder: ["count > cuont"]
rules:
  count: {output: a.txt, shell: "touch {output}"}
)");
  EXPECT_NE(error.find("ruleorder: unknown rule 'cuont'"), std::string::npos) << error;
  EXPECT_NE(error.find("did you mean 'count'?"), std::string::npos) << error;
}

TEST(RuleSetTest, RuleorderLastChainWins) {
  auto rules = rules_of(R"(
ruleorder: ["a > b", "b > a"]
rules:
  a: {output: x.txt, shell: "touch {output}"}
  b: {output: x.txt, shell: "touch {output}"}
)");
  EXPECT_LT(rules.compare_priority(RuleId(0), RuleId(1)), 0);
  EXPECT_GT(rules.compare_priority(RuleId(1), RuleId(0)), 0);
}

TEST(RuleSetTest, BuiltinArgumentsAreValidated) {
  std::string error = rules_error(R"(rules:
  c:
    input: a.txt
    output: b.txt
    builtin: copy
    with: {sed: 3, mode: quick}
)");
  EXPECT_NE(error.find("built-in 'copy' has no argument 'sed'"), std::string::npos) << error;
  EXPECT_NE(error.find("did you mean 'seed'?"), std::string::npos) << error;
  EXPECT_NE(error.find("argument 'mode' must be one of fast, slow, not 'quick'"), std::string::npos)
      << error;
}

TEST(RuleSetTest, BuiltinRequiredArgumentAndFileCounts) {
  std::string error = rules_error(R"(rules:
  get:
    input: a.txt
    output: b.txt
    builtin: fetch
)");
  EXPECT_NE(error.find("built-in 'fetch' needs the argument 'url'"), std::string::npos) << error;
  EXPECT_NE(error.find("takes no input files, the rule has 1"), std::string::npos) << error;
}

TEST(RuleSetTest, UnknownBuiltinSuggestsOne) {
  std::string error = rules_error(R"(rules:
  get: {output: b.txt, builtin: fetsh, with: {url: x}}
)");
  EXPECT_NE(error.find("unknown built-in step 'fetsh'"), std::string::npos) << error;
  EXPECT_NE(error.find("did you mean 'fetch'?"), std::string::npos) << error;
}

TEST(RuleSetTest, BuiltinDefaultsAreFilledIn) {
  auto rules = rules_of(R"(rules:
  c: {input: a.txt, output: b.txt, builtin: copy}
)");
  const Rule& rule = rules.rule(RuleId(0));
  ASSERT_EQ(rule.with.size(), 1u);
  EXPECT_EQ(rule.with[0].name, "seed");
  EXPECT_EQ(rule.with[0].value.text(), "1");
}

TEST(RuleSetTest, ParamsCannotUseJobidOrOtherParams) {
  std::string error = rules_error(R"(rules:
  c:
    output: b.txt
    params: {a: "{jobid}", b: "{params.a}"}
    shell: "touch {output}"
)");
  EXPECT_NE(error.find("'{jobid}' cannot be used in params"), std::string::npos) << error;
  EXPECT_NE(error.find("params cannot refer to other params"), std::string::npos) << error;
}

TEST(RuleSetTest, OutputIndexFindsCandidatesByPrefix) {
  auto rules = rules_of(R"(rules:
  all: {input: x}
  a: {output: "out/{n}.txt", shell: "touch {output}"}
  b: {output: "out/{n}.csv", shell: "touch {output}"}
  c: {output: ["res/{n}.txt", "res/{n}/{n}.txt"], shell: "touch {output}"}
)");
  std::vector<Candidate> found;
  rules.output_index().find("out/7.txt", found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(rules.rule(found[0].rule).name, "a");
  EXPECT_EQ(found[0].wildcards, std::vector<std::string>{"7"});
  rules.output_index().find("res/a/a.txt", found);
  ASSERT_EQ(found.size(), 1u);
  // Both outputs of c match; the shortest wildcard text wins (n=a, not n="a/a").
  EXPECT_EQ(found[0].wildcards, std::vector<std::string>{"a"});
  rules.output_index().find("other/7.txt", found);
  EXPECT_TRUE(found.empty());
}

TEST(RuleSetTest, OutputIndexNeverMatchesAWildcardValueThatLeavesItsPlace) {
  // Issue 14 item 4: "out/.." matched out/{x} with x="..", the working directory.
  auto rules = rules_of(R"(rules:
  a: {output: "out/{x}", shell: "touch {output}"}
  b: {output: "{name}.txt", shell: "touch {output}"}
)");
  std::vector<Candidate> found;
  for (const char* path :
       {"out/..", "out/.", "out/a/../b", "out/./b", "../up.txt", "/abs.txt", "a/../b.txt"}) {
    rules.output_index().find(path, found);
    EXPECT_TRUE(found.empty()) << path;
  }
  rules.output_index().find("out/a..b/.c", found);  // dots inside a name are fine
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].wildcards, std::vector<std::string>{"a..b/.c"});
}

}  // namespace
}  // namespace flow::rules
