// `expand` items (spec §1): product order, zip, wildcards kept, config lists, errors.

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using ExpandTest = FlowfileTest;

TEST_F(ExpandTest, MakesTheProductWithTheLastKeyFastestAndKeepsDuplicates) {
  Flowfile flowfile = load_ok(R"(
rules:
  all:
    input:
      expand: "{a}-{b}.txt"
      a: [x, y, x]
      b: [1, 2]
)");
  EXPECT_EQ(
      patterns(rule(flowfile, "all").input),
      (std::vector<std::string>{"x-1.txt", "x-2.txt", "y-1.txt", "y-2.txt", "x-1.txt", "x-2.txt"}));
  EXPECT_EQ(rule(flowfile, "all").input[3].location.line, 5);
  EXPECT_EQ(rule(flowfile, "all").input[3].location.column, 15);
}

TEST_F(ExpandTest, UsesAPlaceholderAsOftenAsItAppears) {
  Flowfile flowfile = load_ok(R"(
rules:
  all: {input: {expand: "{s}/{s}.{n}", s: [a, b], n: 1}}
)");
  EXPECT_EQ(patterns(rule(flowfile, "all").input), (std::vector<std::string>{"a/a.1", "b/b.1"}));
}

TEST_F(ExpandTest, ZipsListsSideBySide) {
  Flowfile flowfile = load_ok(R"(
rules:
  all:
    input:
      - expand: "{book}.{size}"
        book: [11, 84, 1342]
        size: [50, 300, 10]
        zip: true
)");
  EXPECT_EQ(patterns(rule(flowfile, "all").input),
            (std::vector<std::string>{"11.50", "84.300", "1342.10"}));
}

TEST_F(ExpandTest, KeepsDoubledBracesAsWildcards) {
  Flowfile flowfile = load_ok(R"(
rules:
  a:
    input: {expand: "data/{{sample}}/{part}.txt", part: [p1, p2]}
    output: "out/{sample}.txt"
)");
  EXPECT_EQ(patterns(rule(flowfile, "a").input),
            (std::vector<std::string>{"data/{sample}/p1.txt", "data/{sample}/p2.txt"}));
}

TEST_F(ExpandTest, TakesValuesFromConfig) {
  Flowfile flowfile = load_ok(R"(
config:
  books: [11, 84]
  lang: en
  nested: {sizes: [1, 2]}
rules:
  all:
    input:
      - expand: "counts/{book}.{lang}.{size}"
        book: config.books
        lang: config.lang
        size: config.nested.sizes
)");
  EXPECT_EQ(patterns(rule(flowfile, "all").input),
            (std::vector<std::string>{"counts/11.en.1", "counts/11.en.2", "counts/84.en.1",
                                      "counts/84.en.2"}));
}

TEST_F(ExpandTest, GivesNamedItemsAndFlags) {
  Flowfile flowfile = load_ok(R"(
rules:
  a:
    output:
      parts: {expand: "part{n}.txt", n: [1, 2], temp: true}
)");
  const auto& output = rule(flowfile, "a").output;
  ASSERT_EQ(output.size(), 2u);
  EXPECT_EQ(output[0].name, "parts");
  EXPECT_EQ(output[1].name, "parts");
  EXPECT_EQ(output[1].flags, k_flag_temp);
}

TEST_F(ExpandTest, AnEmptyListGivesNoItems) {
  Flowfile flowfile = load_ok("rules:\n  a: {input: {expand: \"{x}.txt\", x: []}}\n");
  EXPECT_TRUE(rule(flowfile, "a").input.empty());
}

TEST_F(ExpandTest, ReportsAMissingConfigList) {
  EXPECT_EQ(load_error(R"(config: {books: [1]}
rules:
  all:
    input: {expand: "c/{book}.tsv", book: config.bokos}
)"),
            "flow: error: flow.yaml:4:43: rule 'all': unknown config key 'bokos'\n"
            "        input: {expand: \"c/{book}.tsv\", book: config.bokos}\n"
            "                                              ^\n"
            "  did you mean 'books'?\n");
}

TEST_F(ExpandTest, ReportsUnequalZipLists) {
  EXPECT_EQ(load_error(R"(rules:
  all:
    input:
      expand: "{a}{b}"
      a: [1, 2, 3]
      b: [1, 2]
      zip: true
)"),
            "flow: error: flow.yaml:7:7: rule 'all': zip needs lists of the same length, but 'a' "
            "has 3 values and 'b' has 2\n"
            "          zip: true\n"
            "          ^\n");
}

TEST_F(ExpandTest, ReportsAKeyThePatternDoesNotUse) {
  EXPECT_EQ(load_error(R"(rules:
  all:
    input:
      expand: "c/{book}.tsv"
      book: [1]
      size: [50]
)"),
            "flow: error: flow.yaml:6:7: rule 'all': expand key 'size' is not used in the pattern "
            "'c/{book}.tsv'\n"
            "          size: [50]\n"
            "          ^\n");
}

TEST_F(ExpandTest, ReportsAPlaceholderWithoutValues) {
  EXPECT_EQ(load_error(R"(rules:
  all:
    input:
      expand: "c/{book}.{size}.tsv"
      book: [1]
)"),
            "flow: error: flow.yaml:4:25: rule 'all': no values for '{size}' in expand\n"
            "          expand: \"c/{book}.{size}.tsv\"\n"
            "                            ^\n"
            "  give them next to 'expand' (size: [...]), or write '{{size}}' to keep a wildcard\n");
}

TEST_F(ExpandTest, ReportsValuesOfTheWrongShape) {
  EXPECT_EQ(load_error(R"(config: {opts: {a: 1}}
rules:
  all:
    input:
      - {expand: "{a}", a: [[1]]}
      - {expand: "{b}", b: config.opts}
      - {expand: "{c}", c: }
)"),
            "flow: error: flow.yaml:5:29: rule 'all': values of expand key 'a' must be strings, "
            "not a list\n"
            "          - {expand: \"{a}\", a: [[1]]}\n"
            "                                ^\n"
            "flow: error: flow.yaml:6:28: rule 'all': expand key 'b': config key 'opts' must hold "
            "a list of values or a single value, not a mapping\n"
            "          - {expand: \"{b}\", b: config.opts}\n"
            "                               ^\n"
            "flow: error: flow.yaml:7:25: rule 'all': expand key 'c' needs values (a list, a "
            "single value, {range: [START, STOP]} or config.KEY), not empty\n"
            "          - {expand: \"{c}\", c: }\n"
            "                            ^\n");
}

TEST_F(ExpandTest, RejectsAProductThatIsTooLarge) {
  std::string values = "[";
  for (int i = 0; i < 1000; ++i)
    values += std::to_string(i) + (i < 999 ? ", " : "]");
  auto result = load("rules:\n  a:\n    input: {expand: \"{x}{y}{z}\", x: " + values +
                     ", y: " + values + ", z: " + values + "}\n");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "rule 'a': expand makes too many paths (more than 10000000)");
}

TEST_F(ExpandTest, FormatsPlaceholdersWithPythonSpecs) {
  Flowfile flowfile = load_ok(R"(
rules:
  all:
    input:
      - expand: "chunk_{i:03d}_{x:.1f}_{s:>3}.txt"
        i: [1, 42]
        x: 0.25
        s: ab
)");
  EXPECT_EQ(patterns(rule(flowfile, "all").input),
            (std::vector<std::string>{"chunk_001_0.2_ ab.txt", "chunk_042_0.2_ ab.txt"}));
}

TEST_F(ExpandTest, TakesValuesFromARangeAsPythonDoes) {
  Flowfile flowfile = load_ok(R"(
config: {n: 3}
rules:
  all:
    input:
      - expand: "a{i}-{j:02d}"
        i: {range: [0, "{config.n}"]}
        j: {range: [10, 4, -3]}
)");
  EXPECT_EQ(patterns(rule(flowfile, "all").input),
            (std::vector<std::string>{"a0-10", "a0-07", "a1-10", "a1-07", "a2-10", "a2-07"}));
  EXPECT_TRUE(patterns(load_ok("rules: {all: {input: {expand: \"{i}\", i: {range: [5, 1]}}}}\n")
                           .rules.front()
                           .input)
                  .empty());
}

TEST_F(ExpandTest, TakesTheKeysOfAConfigMapping) {
  Flowfile flowfile = load_ok(R"(
config:
  samples: {b: {fq: b.fq}, a: {fq: a.fq}}
rules:
  all:
    input: {expand: "out/{sample}.txt", sample: config.samples.keys}
)");
  EXPECT_EQ(patterns(rule(flowfile, "all").input),
            (std::vector<std::string>{"out/b.txt", "out/a.txt"}));
}

TEST_F(ExpandTest, ReportsFormatSpecsRangesAndKeysThatDoNotApply) {
  EXPECT_EQ(load_error(R"(
rules:
  all:
    input: {expand: "c_{i:03d}.txt", i: [a1]}
)"),
            "flow: error: flow.yaml:4:24: rule 'all': expand: cannot format 'a1' with '{i:03d}': "
            "type 'd' needs a number, and 'a1' is a string\n"
            "        input: {expand: \"c_{i:03d}.txt\", i: [a1]}\n"
            "                           ^\n");
  EXPECT_EQ(load_error(R"(
rules:
  all:
    input: {expand: "{i}", i: {range: [0, 10, 0]}}
)"),
            "flow: error: flow.yaml:4:47: rule 'all': expand key 'i': range STEP must not be 0\n"
            "        input: {expand: \"{i}\", i: {range: [0, 10, 0]}}\n"
            "                                                  ^\n");
  EXPECT_NE(load_error("rules: {all: {input: {expand: \"{i}\", i: {range: [0, x]}}}}\n")
                .find("'range STOP' must be an integer, not 'x'"),
            std::string::npos);
  EXPECT_NE(load_error("rules: {all: {input: {expand: \"{i}\", i: {range: [1]}}}}\n")
                .find("expand key 'i': 'range' needs [START, STOP] or [START, STOP, STEP]"),
            std::string::npos);
  EXPECT_NE(
      load_error("config: {s: [a]}\nrules: {all: {input: {expand: \"{i}\", i: config.s.keys}}}\n")
          .find("expand key 'i': 'config.s.keys' needs a mapping, but config key 's' holds a list"),
      std::string::npos);
}

}  // namespace
}  // namespace flow::flowfile
