// The literal-run shortcut (literal_runs.h) must never change what read_yaml returns: every test
// here compares it with a parse that does not take it.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "flowfile/yaml/literal_runs.h"
#include "flowfile/yaml/reader.h"
#include "yaml_dump.h"

namespace flow::flowfile::yaml {
namespace {

// Parses with and without the shortcut; they must agree. Returns whether the shortcut was used.
bool expect_same_both_ways(const std::string& text) {
  YamlDocument fast = read_yaml(text, "t.yaml", YamlOptions{2, 1000});
  YamlDocument slow = read_yaml(text, "t.yaml", YamlOptions{0, 1000});
  EXPECT_FALSE(slow.literal_runs_used);
  EXPECT_EQ(dump(fast), dump(slow)) << "text:\n" << text;
  return fast.literal_runs_used;
}

TEST(LiteralRunsTest, FindsBlockAndFlowRuns) {
  std::string text = "a:\n  - 1\n  - two\n  - 3\nb: [x, y,\n  z]  # c\nc: d\n";
  ReducedText reduced = reduce_literal_runs(text, 2);
  ASSERT_EQ(reduced.runs.size(), 2u);
  EXPECT_EQ(reduced.runs[0].items.size(), 3u);
  EXPECT_EQ(reduced.runs[1].items.size(), 3u);
  // fmt::format, not "a:..." + token: GCC 12's -Wrestrict false positive at -O3.
  EXPECT_EQ(reduced.text, fmt::format("a:\n  - {}\nb: [{}]  # c\nc: d\n", reduced.runs[0].token,
                                      reduced.runs[1].token));
  // Positions after a cut map back to the original text.
  EXPECT_EQ(reduced.to_original({2, 3}), (TextPosition{4, 3}));  // "b" -> line 5 ("b: [x")
  EXPECT_EQ(reduced.to_original({2, 4 + static_cast<int>(reduced.runs[1].token.size())}),
            (TextPosition{5, 3}));                               // the "]" after "z"
  EXPECT_EQ(reduced.to_original({3, 0}), (TextPosition{6, 0}));  // "c"
  EXPECT_EQ(reduced.to_original({0, 0}), (TextPosition{0, 0}));
}

TEST(LiteralRunsTest, LeavesShortRunsAndUnsafeItemsAlone) {
  EXPECT_TRUE(reduce_literal_runs("a: [1, 2]\n", 3).runs.empty());
  EXPECT_TRUE(reduce_literal_runs("a: [1, null, 2]\n", 2).runs.empty() ||
              reduce_literal_runs("a: [1, null, 2]\n", 2).runs[0].items.size() < 3);
  EXPECT_TRUE(reduce_literal_runs("a: ['1', '2', '3']\n", 2).runs.empty());
  EXPECT_TRUE(reduce_literal_runs("- a: 1\n- a: 2\n- a: 3\n", 2).runs.empty());
  EXPECT_TRUE(reduce_literal_runs("a: [1, 2, 3]\r\rb: c\n", 2).runs.empty());  // bare CR
}

TEST(LiteralRunsTest, GivesTheSameTreeAsAFullParse) {
  EXPECT_TRUE(expect_same_both_ways("a:\n  - 1\n  - 2\n  - 3\nb: x\n"));
  EXPECT_TRUE(expect_same_both_ways("a: [1, 2, 3] # c\nb: [x, y]\n"));
  EXPECT_TRUE(expect_same_both_ways("a: [\n  1,\n  2,\n  3\n]\nb: {c: [4, 5, 6]}\n"));
  EXPECT_TRUE(expect_same_both_ways("a: [[1, 2, 3], [4, 5, 6]]\n"));
  EXPECT_TRUE(expect_same_both_ways("a: &x [1, 2, 3]\nb: *x\n"));
  EXPECT_TRUE(expect_same_both_ways("a:\r\n  - 1\r\n  - 2\r\nb: [x, y]\r\n"));
  EXPECT_TRUE(expect_same_both_ways("- 1\n- 2\n- 3\n"));
  EXPECT_TRUE(expect_same_both_ways("a:\n- 1.5\n- /x/y\n- a-b+c@d%e=f\n- null\n- 7\n- 8\n"));
}

TEST(LiteralRunsTest, FallsBackWhereARunIsNoList) {
  EXPECT_FALSE(expect_same_both_ways("s: |\n  - 1\n  - 2\n  - 3\n"));   // block scalar
  EXPECT_FALSE(expect_same_both_ways("# [1, 2, 3]\na: 1\n"));           // comment
  EXPECT_FALSE(expect_same_both_ways("a: \"[1, 2, 3]\"\n"));            // quoted
  EXPECT_FALSE(expect_same_both_ways("a: text\n  - 1\n  - 2\n"));       // plain continuation
  EXPECT_FALSE(expect_same_both_ways("a: \"x\n  - 1\n  - 2\n  \"\n"));  // quoted, multi-line
  EXPECT_FALSE(expect_same_both_ways("? [1, 2, 3]\n: v\n"));            // a key
  EXPECT_FALSE(expect_same_both_ways("a: b [1, 2, 3]\n"));              // inside a scalar
  EXPECT_FALSE(expect_same_both_ways("a: [1, 2, 3\nb: [\n"));           // a syntax error
  EXPECT_FALSE(expect_same_both_ways("a: 1\na: [1, 2, 3]\n"));          // a duplicate key
}

// Deterministic mutations of a text full of runs: both parses agree on each, and nothing
// crashes. (std::mt19937's output sequence is fixed by the standard.)
TEST(LiteralRunsTest, AgreesWithAFullParseOnMutatedTexts) {
  const std::string base =
      "config:\n"
      "  books: [11, 84, 1342, 2701]\n"
      "  sizes:\n"
      "    - 50\n"
      "    - 300\n"
      "    - 1000\n"
      "# a comment [x]\n"
      "rules:\n"
      "  all:\n"
      "    input:\n"
      "      - expand: counts/{book}.tsv\n"
      "        book: [a, b, c, d]\n"
      "    shell: |\n"
      "      - 1\n"
      "  other: {x: [1, 2, 3], y: &y [4, 5, 6], z: *y}\n";
  std::mt19937 random(20261122);
  const std::string bytes = "-[]{},:#'\"|>&*! \n\t\r0a.";
  int fast_used = 0;
  for (int round = 0; round < 600; ++round) {
    std::string text = base;
    std::size_t position = random() % text.size();
    switch (random() % 3) {
      case 0:
        text.resize(position);
        break;
      case 1:
        text[position] = bytes[random() % bytes.size()];
        break;
      default:
        text.insert(position, 1, bytes[random() % bytes.size()]);
        break;
    }
    fast_used += expect_same_both_ways(text) ? 1 : 0;
  }
  EXPECT_GT(fast_used, 100);  // the shortcut was really exercised
}

}  // namespace
}  // namespace flow::flowfile::yaml
