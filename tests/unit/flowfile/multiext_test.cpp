// `multiext` items (spec §8): one prefix, several suffixes, positional or named.

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using MultiextTest = FlowfileTest;

std::vector<std::string> names(const std::vector<FileItem>& items) {
  std::vector<std::string> result;
  for (const auto& item : items)
    result.push_back(item.name);
  return result;
}

TEST_F(MultiextTest, AppendsEachSuffixToThePrefix) {
  Flowfile flowfile = load_ok(R"(
rules:
  index:
    input: ref/{genome}.fa
    output:
      - multiext: ["ref/{genome}", ".bwt", ".sa", ""]
        protected: true
      - log.txt
)");
  const auto& output = rule(flowfile, "index").output;
  EXPECT_EQ(patterns(output), (std::vector<std::string>{"ref/{genome}.bwt", "ref/{genome}.sa",
                                                        "ref/{genome}", "log.txt"}));
  EXPECT_EQ(output[0].flags, k_flag_protected);
  EXPECT_EQ(output[3].flags, 0);
}

TEST_F(MultiextTest, NamesPathsByNamedSuffixesOrByTheItemsName) {
  Flowfile flowfile = load_ok(R"(
rules:
  a:
    input:
      idx: {multiext: [ref, .bwt, .sa]}
    output:
      - multiext: [out/x, {bam: .bam, bai: .bam.bai}]
)");
  EXPECT_EQ(names(rule(flowfile, "a").input), (std::vector<std::string>{"idx", "idx"}));
  EXPECT_EQ(patterns(rule(flowfile, "a").output),
            (std::vector<std::string>{"out/x.bam", "out/x.bam.bai"}));
  EXPECT_EQ(names(rule(flowfile, "a").output), (std::vector<std::string>{"bam", "bai"}));
}

TEST_F(MultiextTest, ReportsBadSuffixesWithTheirPosition) {
  EXPECT_EQ(load_error(R"(
rules:
  a:
    output: {multiext: [ref, .bwt, sub/.sa]}
)"),
            "flow: error: flow.yaml:4:36: rule 'a': multiext suffix 'sub/.sa' has a '/': "
            "suffixes extend the prefix's file name (put directories in the prefix)\n"
            "        output: {multiext: [ref, .bwt, sub/.sa]}\n"
            "                                       ^\n");
  EXPECT_NE(load_error("rules: {a: {output: {multiext: [ref]}}}\n")
                .find("'multiext' needs a prefix and its suffixes"),
            std::string::npos);
  EXPECT_NE(load_error("rules: {a: {output: {multiext: [ref, .a, {b: .b}]}}}\n")
                .find("not a mix (as Snakemake)"),
            std::string::npos);
  EXPECT_NE(load_error("rules: {a: {output: {x: {multiext: [ref, {b: .b}]}}}}\n")
                .find("the named item 'output.x' cannot hold named multiext suffixes"),
            std::string::npos);
  EXPECT_NE(load_error("rules: {a: {output: {multiext: [ref, .a], tmp: true}}}\n")
                .find("unknown key 'tmp' in a multiext item of 'output'"),
            std::string::npos);
}

}  // namespace
}  // namespace flow::flowfile
