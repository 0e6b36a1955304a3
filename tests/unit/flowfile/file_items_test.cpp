// input/output/log/benchmark items: positional, named, lists and flags (spec §1).

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using FileItemsTest = FlowfileTest;

TEST_F(FileItemsTest, ReadsOneItemAListAndNestedLists) {
  Flowfile flowfile = load_ok(R"(
rules:
  one: {input: a.txt}
  list: {input: [a.txt, [b.txt, c.txt], d.txt]}
)");
  EXPECT_EQ(patterns(rule(flowfile, "one").input), std::vector<std::string>{"a.txt"});
  EXPECT_EQ(patterns(rule(flowfile, "list").input),
            (std::vector<std::string>{"a.txt", "b.txt", "c.txt", "d.txt"}));
  EXPECT_EQ(rule(flowfile, "list").input[1].location.line, 4);
  EXPECT_EQ(rule(flowfile, "list").input[1].location.column, 26);
}

TEST_F(FileItemsTest, ReadsNamedItemsInOrder) {
  Flowfile flowfile = load_ok(R"(
rules:
  a:
    input:
      text: books/{book}.txt
      stops: [stop/en.txt, stop/de.txt]
      raw: {path: "raw/{book}.bin", ancient: true}
)");
  const auto& input = rule(flowfile, "a").input;
  ASSERT_EQ(input.size(), 4u);
  EXPECT_EQ(input[0].name, "text");
  EXPECT_EQ(input[0].pattern, "books/{book}.txt");
  EXPECT_EQ(input[1].name, "stops");
  EXPECT_EQ(input[2].name, "stops");
  EXPECT_EQ(input[2].pattern, "stop/de.txt");
  EXPECT_EQ(input[3].name, "raw");
  EXPECT_EQ(input[3].flags, k_flag_ancient);
}

TEST_F(FileItemsTest, MixesPositionalAndNamedItemsInAList) {
  Flowfile flowfile = load_ok("rules:\n  a:\n    input: [first.txt, {ref: ref.fa}, last.txt]\n");
  const auto& input = rule(flowfile, "a").input;
  ASSERT_EQ(input.size(), 3u);
  EXPECT_EQ(input[0].name, "");
  EXPECT_EQ(input[1].name, "ref");
  EXPECT_EQ(input[2].pattern, "last.txt");
}

TEST_F(FileItemsTest, ReadsFlagsOfEachSection) {
  Flowfile flowfile = load_ok(R"(
rules:
  a:
    output:
      - {path: out/tmp.txt, temp: true}
      - {path: out/keep.txt, protected: true, touch: false}
      - {path: out/dir, directory: true}
      - {path: out/flag, touch: true, temp: true}
    log: {path: a.log, temp: true}
    benchmark: {path: a.tsv, protected: true}
    input: {path: in.txt, ancient: true}
)");
  const RuleDef& a = rule(flowfile, "a");
  ASSERT_EQ(a.output.size(), 4u);
  EXPECT_EQ(a.output[0].flags, k_flag_temp);
  EXPECT_EQ(a.output[1].flags, k_flag_protected);
  EXPECT_EQ(a.output[2].flags, k_flag_directory);
  EXPECT_EQ(a.output[3].flags, k_flag_touch | k_flag_temp);
  EXPECT_EQ(a.log[0].flags, k_flag_temp);
  EXPECT_EQ(a.benchmark[0].flags, k_flag_protected);
  EXPECT_EQ(a.input[0].flags, k_flag_ancient);
  EXPECT_EQ(a.input[0].pattern, "in.txt");
}

TEST_F(FileItemsTest, APipeIsAnOutputThatIsNothingElse) {
  EXPECT_EQ(load_error("rules:\n  a:\n    output: {path: x, pipe: true, temp: true}\n"),
            "flow: error: flow.yaml:3:23: rule 'a': a pipe output cannot also be 'temp': nothing "
            "is written to disk for a pipe (spec §8)\n"
            "        output: {path: x, pipe: true, temp: true}\n"
            "                          ^\n");
  EXPECT_EQ(load_error("rules:\n  a:\n    log: {path: x, pipe: true}\n"),
            "flow: error: flow.yaml:3:20: rule 'a': flag 'pipe' is not allowed in 'log'\n"
            "        log: {path: x, pipe: true}\n"
            "                       ^\n"
            "  a pipe is an output: `output: {path: reads.fifo, pipe: true}`\n");
}

TEST_F(FileItemsTest, RejectsAFlagOfAnotherSection) {
  EXPECT_EQ(load_error("rules:\n  a:\n    output: {path: x, ancient: true}\n"),
            "flow: error: flow.yaml:3:23: rule 'a': flag 'ancient' is not allowed in 'output'\n"
            "        output: {path: x, ancient: true}\n"
            "                          ^\n"
            "  output flags: temp, protected, directory, touch, report, pipe\n");
  EXPECT_EQ(load_error("rules:\n  a:\n    input: {path: x, temp: true}\n"),
            "flow: error: flow.yaml:3:22: rule 'a': flag 'temp' is not allowed in 'input'\n"
            "        input: {path: x, temp: true}\n"
            "                         ^\n"
            "  input flags: ancient\n");
}

TEST_F(FileItemsTest, RejectsFlagsThatAreNoBooleans) {
  EXPECT_EQ(load_error("rules:\n  a:\n    output: {path: x, temp: 1}\n"),
            "flow: error: flow.yaml:3:29: rule 'a': 'temp' must be true or false, not '1'\n"
            "        output: {path: x, temp: 1}\n"
            "                                ^\n");
}

TEST_F(FileItemsTest, RejectsUnknownKeysInAPathItem) {
  EXPECT_EQ(load_error("rules:\n  a:\n    output: {path: x, tmp: true}\n"),
            "flow: error: flow.yaml:3:23: rule 'a': unknown key 'tmp' in an item of 'output'\n"
            "        output: {path: x, tmp: true}\n"
            "                          ^\n"
            "  did you mean 'temp'?\n");
}

TEST_F(FileItemsTest, RejectsBadNamesAndRepeatedNames) {
  EXPECT_EQ(load_error("rules:\n  a:\n    input: [{x: a}, {1x: b}, {x: c}]\n"),
            "flow: error: flow.yaml:3:22: rule 'a': names in 'input' must be identifiers, not "
            "'1x'\n"
            "        input: [{x: a}, {1x: b}, {x: c}]\n"
            "                         ^\n"
            "flow: error: flow.yaml:3:31: rule 'a': 'input' has two items named 'x'\n"
            "        input: [{x: a}, {1x: b}, {x: c}]\n"
            "                                  ^\n"
            "  the first is at flow.yaml:3:14\n");
}

TEST_F(FileItemsTest, RejectsEmptyItemsAndNestedNames) {
  EXPECT_EQ(load_error("rules:\n  a:\n    input: [a, ~, '']\n    output: {n: {m: x}}\n"),
            "flow: error: flow.yaml:3:16: rule 'a': 'input' has an empty item\n"
            "        input: [a, ~, '']\n"
            "                   ^\n"
            "flow: error: flow.yaml:3:19: rule 'a': 'input' has an empty path\n"
            "        input: [a, ~, '']\n"
            "                      ^\n"
            "flow: error: flow.yaml:4:17: rule 'a': the named item 'output.n' cannot hold named "
            "items (a file item mapping needs 'path' or 'expand')\n"
            "        output: {n: {m: x}}\n"
            "                    ^\n");
}

TEST_F(FileItemsTest, RejectsPathTogetherWithExpand) {
  EXPECT_EQ(load_error("rules:\n  a:\n    input: {path: x, expand: y}\n"),
            "flow: error: flow.yaml:3:12: rule 'a': an item of 'input' has 'path' or 'expand', "
            "not both\n"
            "        input: {path: x, expand: y}\n"
            "               ^\n");
}

}  // namespace
}  // namespace flow::flowfile
