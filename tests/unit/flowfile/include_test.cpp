// include: merged files, paths relative to the including file, and their errors (spec §1).

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using IncludeTest = FlowfileTest;

TEST_F(IncludeTest, MergesIncludedFilesInOrderAfterTheMainFile) {
  m_fs.create("rules/one.yaml", R"(
include: sub/two.yaml
config: {from_one: 1}
wildcard_constraints: {book: "\\d+"}
ruleorder: one > main
localrules: [one]
rules:
  one: {input: a}
)");
  m_fs.create("rules/sub/two.yaml", "rules:\n  two: {input: b}\n");
  m_fs.create("three.yaml", "rules:\n  three:\n");
  Flowfile flowfile = load_ok(R"(
include: [rules/one.yaml, three.yaml]
localrules: [main]
rules:
  main: {input: x}
)");
  ASSERT_EQ(flowfile.rules.size(), 4u);
  EXPECT_EQ(flowfile.rules[0].name, "main");
  EXPECT_FALSE(flowfile.rules[0].from_include);
  EXPECT_EQ(flowfile.rules[1].name, "one");
  EXPECT_TRUE(flowfile.rules[1].from_include);
  EXPECT_EQ(flowfile.rules[1].location.file, "rules/one.yaml");
  EXPECT_EQ(flowfile.rules[2].name, "two");  // nested, relative to rules/one.yaml
  EXPECT_EQ(flowfile.rules[2].location.file, "rules/sub/two.yaml");
  EXPECT_EQ(flowfile.rules[3].name, "three");
  EXPECT_TRUE(flowfile.rules[3].from_include);
  ASSERT_EQ(flowfile.localrules.size(), 2u);
  EXPECT_EQ(flowfile.localrules[0].value, "main");
  EXPECT_EQ(flowfile.localrules[1].value, "one");
  ASSERT_EQ(flowfile.ruleorder.size(), 1u);
  ASSERT_EQ(flowfile.wildcard_constraints.size(), 1u);
  EXPECT_EQ(flowfile.wildcard_constraints[0].second.location.file, "rules/one.yaml");
  EXPECT_NE(find_path(flowfile.config, "from_one"), nullptr);
  EXPECT_EQ(m_texts.line("rules/sub/two.yaml", 2), "  two: {input: b}");
}

TEST_F(IncludeTest, IncludedConfigIsADefaultUnderTheIncludingFile) {
  m_fs.create("a.yaml", "include: b.yaml\nconfig: {x: a, y: a}\n");
  m_fs.create("b.yaml", "config: {x: b, y: b, z: b}\n");
  m_fs.create("c.yaml", "config: {y: c}\n");
  Flowfile flowfile = load_ok("include: [a.yaml, c.yaml]\nconfig: {x: main}\n");
  EXPECT_EQ(find_path(flowfile.config, "x")->scalar, "main");
  EXPECT_EQ(find_path(flowfile.config, "y")->scalar, "c");  // a later include wins
  EXPECT_EQ(find_path(flowfile.config, "z")->scalar, "b");
}

TEST_F(IncludeTest, IncludedRulesSeeTheMainConfig) {
  m_fs.create("extra.yaml", "config: {n: 1}\nrules:\n  e: {threads: \"{config.n}\"}\n");
  Flowfile flowfile = load_ok("include: extra.yaml\nconfig: {n: 3}\n");
  EXPECT_EQ(rule(flowfile, "e").threads, 3);
}

TEST_F(IncludeTest, ReportsAMissingInclude) {
  EXPECT_EQ(load_error("include: [rules/extra.yaml]\nrules:\n  all:\n"),
            "flow: error: flow.yaml:1:11: cannot include 'rules/extra.yaml'\n"
            "    include: [rules/extra.yaml]\n"
            "              ^\n"
            "  cannot read 'rules/extra.yaml': No such file or directory\n");
}

TEST_F(IncludeTest, ReportsAnIncludeCycle) {
  m_fs.create("a.yaml", "include: sub/b.yaml\n");
  m_fs.create("sub/b.yaml", "include: ../a.yaml\n");
  EXPECT_EQ(load_error("include: a.yaml\n"),
            "flow: error: sub/b.yaml:1:10: include cycle: a.yaml -> sub/b.yaml -> a.yaml\n"
            "    include: ../a.yaml\n"
            "             ^\n");
  EXPECT_EQ(load_error("include: [./flow.yaml]\n"),
            "flow: error: flow.yaml:1:11: include cycle: flow.yaml -> flow.yaml\n"
            "    include: [./flow.yaml]\n"
            "              ^\n");
}

TEST_F(IncludeTest, ReportsAFileIncludedTwice) {
  m_fs.create("common.yaml", "config: {}\n");
  m_fs.create("a.yaml", "include: common.yaml\n");
  EXPECT_EQ(load_error("include: [a.yaml, common.yaml]\n"),
            "flow: error: flow.yaml:1:19: 'common.yaml' is included twice\n"
            "    include: [a.yaml, common.yaml]\n"
            "                      ^\n"
            "  first included at a.yaml:1:10\n");
}

TEST_F(IncludeTest, ReportsARuleDefinedInTwoFiles) {
  m_fs.create("extra.yaml", "rules:\n  other:\n  count:\n    shell: b\n");
  EXPECT_EQ(load_error("include: extra.yaml\nrules:\n  count:\n    shell: a\n"),
            "flow: error: extra.yaml:3:3: rule 'count' is defined twice\n"
            "      count:\n"
            "      ^\n"
            "  first defined at flow.yaml:3:3\n");
}

TEST_F(IncludeTest, ReportsErrorsInsideIncludedFiles) {
  m_fs.create("extra.yaml", "rules:\n  x: {threads: many}\nbogus: 1\n");
  EXPECT_EQ(
      load_error("include: extra.yaml\n"),
      "flow: error: extra.yaml:3:1: unknown top-level key 'bogus'\n"
      "    bogus: 1\n"
      "    ^\n"
      "  expected one of: config, configfile, include, tables, wildcard_constraints, ruleorder, "
      "localrules, python, container, "
      "rules\n"
      "flow: error: extra.yaml:2:16: rule 'x': 'threads' must be an integer, not 'many'\n"
      "      x: {threads: many}\n"
      "                   ^\n");
}

TEST_F(IncludeTest, ReportsAnIncludeThatIsNoFileName) {
  EXPECT_EQ(load_error("include: {a: b}\n"),
            "flow: error: flow.yaml:1:10: 'include' must be a file name or a list of them, not a "
            "mapping\n"
            "    include: {a: b}\n"
            "             ^\n");
}

}  // namespace
}  // namespace flow::flowfile
