// `glob` input items as the loader reads them (spec §6); their wildcards are checked by rules.

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using GlobItemsTest = FlowfileTest;

TEST_F(GlobItemsTest, ReadsTheGlobItsExpandAndFlags) {
  Flowfile flowfile = load_ok(
      "rules:\n"
      "  all:\n"
      "    input:\n"
      "      - glob: \"raw/{run}.fastq\"\n"
      "        expand: \"qc/{run}.html\"\n"
      "      - {glob: \"books/{book}.txt\", ancient: true}\n"
      "      - plain.txt\n");
  const auto& input = flowfile.rules[0].input;
  ASSERT_EQ(input.size(), 3U);
  EXPECT_EQ(input[0].glob, "raw/{run}.fastq");
  EXPECT_EQ(input[0].pattern, "qc/{run}.html");
  EXPECT_EQ(input[0].location.line, 4);
  EXPECT_EQ(input[0].expand_location.line, 5);
  EXPECT_EQ(input[1].glob, "books/{book}.txt");
  EXPECT_EQ(input[1].pattern, "books/{book}.txt");  // no expand: the files themselves
  EXPECT_EQ(input[1].flags, k_flag_ancient);
  EXPECT_FALSE(input[1].expand_location.known());
  EXPECT_EQ(input[2].glob, "");
}

TEST_F(GlobItemsTest, NamedGlobItemsKeepTheirName) {
  Flowfile flowfile = load_ok("rules:\n  all:\n    input:\n      books: {glob: \"b/{x}.txt\"}\n");
  ASSERT_EQ(flowfile.rules[0].input.size(), 1U);
  EXPECT_EQ(flowfile.rules[0].input[0].name, "books");
}

TEST_F(GlobItemsTest, RejectsUnknownKeysWithASuggestion) {
  EXPECT_EQ(load_error("rules:\n  a:\n    input: {glob: \"b/{x}\", expnd: \"c/{x}\"}\n"),
            "flow: error: flow.yaml:3:28: rule 'a': unknown key 'expnd' in a glob item of "
            "'input'\n"
            "        input: {glob: \"b/{x}\", expnd: \"c/{x}\"}\n"
            "                               ^\n"
            "  did you mean 'expand'?\n");
}

TEST_F(GlobItemsTest, RejectsEmptyPatterns) {
  EXPECT_EQ(load_error("rules:\n  a:\n    input: {glob: \"\"}\n"),
            "flow: error: flow.yaml:3:19: rule 'a': 'input' has an empty glob\n"
            "        input: {glob: \"\"}\n"
            "                      ^\n");
  EXPECT_EQ(load_error("rules:\n  a:\n    input: {glob: \"b/{x}\", expand: \"\"}\n"),
            "flow: error: flow.yaml:3:36: rule 'a': the 'expand' of a glob item is an empty "
            "path\n"
            "        input: {glob: \"b/{x}\", expand: \"\"}\n"
            "                                       ^\n");
}

TEST_F(GlobItemsTest, RejectsAGlobOutsideInput) {
  EXPECT_EQ(load_error("rules:\n  a:\n    output: {glob: \"b/{x}\"}\n"),
            "flow: error: flow.yaml:3:14: rule 'a': a 'glob' item is only allowed in 'input', "
            "not in 'output'\n"
            "        output: {glob: \"b/{x}\"}\n"
            "                 ^\n"
            "  a glob lists files that exist; a rule's outputs are the files it makes\n");
}

TEST_F(GlobItemsTest, RejectsAPathKeyInAGlobItem) {
  EXPECT_EQ(load_error("rules:\n  a:\n    input: {glob: \"b/{x}\", path: c}\n"),
            "flow: error: flow.yaml:3:28: rule 'a': unknown key 'path' in a glob item of "
            "'input'\n"
            "        input: {glob: \"b/{x}\", path: c}\n"
            "                               ^\n"
            "  expected one of: glob, expand, ancient\n");
}

}  // namespace
}  // namespace flow::flowfile
