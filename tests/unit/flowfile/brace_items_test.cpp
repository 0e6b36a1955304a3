// The spec writes wildcards inside flow collections without quotes (`{path: words/{book}.txt,
// temp: true}`): such files load as if the values were quoted, and errors still point into the
// text as written.

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using BraceItemsTest = FlowfileTest;

// The spec's example (flowfile-spec.md §1) without its include.
const char* const k_spec_example = R"(config:
  books: [11, 84, 1342]
rules:
  all:
    input:
      - expand: counts/{book}.tsv
        book: config.books
  download:
    output: books/{book}.txt
    builtin: fetch
    with: {url: "https://www.gutenberg.org/cache/epub/{wildcards.book}/pg{wildcards.book}.txt"}
  words:
    input: books/{book}.txt
    output: {path: words/{book}.txt, temp: true}
    builtin: words
    with: {strip_gutenberg: true}
  count:
    input: words/{book}.txt
    output: counts/{book}.tsv
    resources: {mem_mb: 200, walltime: "00:10:00"}
    shell: sort -u {input} | wc -l > {output} 2> {log}
)";

TEST_F(BraceItemsTest, TheSpecExampleLoads) {
  Flowfile flowfile = load_ok(k_spec_example);
  const RuleDef& words = rule(flowfile, "words");
  ASSERT_EQ(words.output.size(), 1u);
  EXPECT_EQ(words.output[0].pattern, "words/{book}.txt");
  EXPECT_EQ(words.output[0].flags, k_flag_temp);
  EXPECT_EQ(words.output[0].location.line, 14);
  EXPECT_EQ(words.output[0].location.column, 20);  // where the unquoted path starts
  EXPECT_EQ(patterns(rule(flowfile, "all").input),
            (std::vector<std::string>{"counts/11.tsv", "counts/84.tsv", "counts/1342.tsv"}));
}

TEST_F(BraceItemsTest, ReadsUnquotedWildcardsInListsAndNestedLists) {
  Flowfile flowfile = load_ok(R"(rules:
  a:
    input: [books/{book}.txt, x/{a}_{b}.csv, [n/{book}/1.txt, {path: n/{book}/2.txt, ancient: true}]]
    output: [{path: out/{book}.txt, protected: true}, out/{book}-{a}-{b}.log]
)");
  const RuleDef& a = rule(flowfile, "a");
  EXPECT_EQ(patterns(a.input), (std::vector<std::string>{"books/{book}.txt", "x/{a}_{b}.csv",
                                                         "n/{book}/1.txt", "n/{book}/2.txt"}));
  EXPECT_EQ(a.input[3].flags, k_flag_ancient);
  EXPECT_EQ(a.input[2].location.column, 47);
  EXPECT_EQ(a.input[3].location.column, 70);
  EXPECT_EQ(patterns(a.output),
            (std::vector<std::string>{"out/{book}.txt", "out/{book}-{a}-{b}.log"}));
  EXPECT_EQ(a.output[0].flags, k_flag_protected);
  EXPECT_EQ(a.output[1].location.column, 55);
}

TEST_F(BraceItemsTest, ReadsUnquotedWildcardsInNamedItemsAndArguments) {
  Flowfile flowfile = load_ok(R"(rules:
  a:
    input: {text: books/{book}.txt, stops: [stop/{lang}.txt, stop/all.txt]}
    output: {path: "out/{book}/{lang}.txt"}
    params: {label: x_{wildcards.book}}
    builtin: fetch
    with: {url: https://example.org/{wildcards.book}.txt, retries: 3}
)");
  const RuleDef& a = rule(flowfile, "a");
  ASSERT_EQ(a.input.size(), 3u);
  EXPECT_EQ(a.input[0].name, "text");
  EXPECT_EQ(a.input[0].pattern, "books/{book}.txt");
  EXPECT_EQ(a.input[1].name, "stops");
  EXPECT_EQ(a.input[1].pattern, "stop/{lang}.txt");
  ASSERT_EQ(a.params.size(), 1u);
  EXPECT_EQ(a.params[0].second.value, "x_{wildcards.book}");
  ASSERT_EQ(a.with.size(), 2u);
  EXPECT_EQ(a.with[0].second.value, "https://example.org/{wildcards.book}.txt");
  EXPECT_EQ(a.with[0].second.location.column, 17);
  EXPECT_EQ(a.with[1].second.value, "3");
}

TEST_F(BraceItemsTest, ReadsInlineConstraintsWithQuantifiers) {
  Flowfile flowfile = load_ok(
      "rules:\n  a: {output: {path: out/{n,[0-9]{3}}.txt}, shell: touch {output}}\n"
      "  b:\n    output: [{path: x/{s,[a-z]{2,4}}_{t,\\d+}.txt, temp: true}]\n");
  EXPECT_EQ(rule(flowfile, "a").output[0].pattern, "out/{n,[0-9]{3}}.txt");
  EXPECT_EQ(rule(flowfile, "a").shell->value, "touch {output}");
  EXPECT_EQ(rule(flowfile, "b").output[0].pattern, "x/{s,[a-z]{2,4}}_{t,\\d+}.txt");
  EXPECT_EQ(rule(flowfile, "b").output[0].flags, k_flag_temp);
}

TEST_F(BraceItemsTest, APlaceholderErrorInsideAnUnquotedValuePointsAtIt) {
  EXPECT_EQ(load_error("rules:\n  a:\n    output: {path: out/{config.nope}.txt, temp: true}\n"),
            "flow: error: flow.yaml:3:24: rule 'a': unknown config key 'nope'\n"
            "        output: {path: out/{config.nope}.txt, temp: true}\n"
            "                           ^\n");
}

TEST_F(BraceItemsTest, AnErrorAfterAnUnquotedValueOnItsLinePointsAtIt) {
  EXPECT_EQ(load_error("rules:\n  a:\n    output: {path: out/{x}_{y}.txt, temp: maybe}\n"),
            "flow: error: flow.yaml:3:43: rule 'a': 'temp' must be true or false, not 'maybe'\n"
            "        output: {path: out/{x}_{y}.txt, temp: maybe}\n"
            "                                              ^\n");
  std::string error =
      load_error("rules:\n  a:\n    input: [a/{x}.txt, b\"{y}.txt, {path: c.txt, old: 1}]\n");
  EXPECT_EQ(error.substr(0, error.find('\n')),
            "flow: error: flow.yaml:3:49: rule 'a': unknown key 'old' in an item of 'input'");
}

TEST_F(BraceItemsTest, ASyntaxErrorAfterAnUnquotedValueOnItsLinePointsAtIt) {
  std::string error = load_error("rules:\n  a:\n    output: {path: out/{x}.txt, temp: true}}\n");
  EXPECT_EQ(
      error.substr(0, error.find('\n', error.find('^'))),
      "flow: error: flow.yaml:3:44: invalid YAML: flow mapping with invalid extra closing brace\n"
      "        output: {path: out/{x}.txt, temp: true}}\n"
      "                                               ^");
}

TEST_F(BraceItemsTest, AValueThatStartsWithABraceStillNeedsQuotes) {
  std::string error = load_error("rules:\n  a:\n    output: {path: {sample}.txt, temp: true}\n");
  EXPECT_NE(error.find("flow.yaml:3:"), std::string::npos) << error;
  EXPECT_NE(error.find("quote a value that starts with '{' or '['"), std::string::npos) << error;
}

}  // namespace
}  // namespace flow::flowfile
