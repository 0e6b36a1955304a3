#include "flow/flowfile/load.h"

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using LoadTest = FlowfileTest;

TEST_F(LoadTest, KeepsRulesInDocumentOrder) {
  Flowfile flowfile = load_ok(R"(
rules:
  zzz_first: {input: a}
  aaa_second: {input: b}
  mmm_third:
)");
  ASSERT_EQ(flowfile.rules.size(), 3u);
  EXPECT_EQ(flowfile.rules[0].name, "zzz_first");  // the default target
  EXPECT_EQ(flowfile.rules[1].name, "aaa_second");
  EXPECT_EQ(flowfile.rules[2].name, "mmm_third");
  EXPECT_EQ(flowfile.rules[0].location.line, 3);
  EXPECT_EQ(flowfile.rules[0].location.column, 3);
  EXPECT_EQ(flowfile.path, "flow.yaml");
}

TEST_F(LoadTest, ReadsTheTopLevelLists) {
  Flowfile flowfile = load_ok(R"(
config: {generic: generic}
wildcard_constraints: {book: "[0-9]+", part: '\w+'}
ruleorder: ["specific > {config.generic}", "a > b > c"]
localrules: [all, download]
rules:
  all:
)");
  ASSERT_EQ(flowfile.wildcard_constraints.size(), 2u);
  EXPECT_EQ(flowfile.wildcard_constraints[0].first, "book");
  EXPECT_EQ(flowfile.wildcard_constraints[0].second.value, "[0-9]+");
  EXPECT_EQ(flowfile.wildcard_constraints[1].second.value, "\\w+");
  ASSERT_EQ(flowfile.ruleorder.size(), 2u);
  EXPECT_EQ(flowfile.ruleorder[0].value, "specific > generic");
  EXPECT_EQ(flowfile.ruleorder[1].value, "a > b > c");
  EXPECT_EQ(flowfile.ruleorder[1].location.line, 4);
  ASSERT_EQ(flowfile.localrules.size(), 2u);
  EXPECT_EQ(flowfile.localrules[1].value, "download");
}

TEST_F(LoadTest, AcceptsSingleStringsForLists) {
  Flowfile flowfile = load_ok("ruleorder: a > b\nlocalrules: all\nrules: {all: }\n");
  ASSERT_EQ(flowfile.ruleorder.size(), 1u);
  EXPECT_EQ(flowfile.ruleorder[0].value, "a > b");
  ASSERT_EQ(flowfile.localrules.size(), 1u);
}

TEST_F(LoadTest, AcceptsAnEmptyFileAndAnEmptyRuleSet) {
  EXPECT_TRUE(load_ok("").rules.empty());
  EXPECT_TRUE(load_ok("rules:\n").rules.empty());
  EXPECT_TRUE(load_ok("config:\nrules:\n").config.is_mapping());
}

TEST_F(LoadTest, IgnoresExtensionKeysThatHoldAnchors) {
  Flowfile flowfile = load_ok(R"(
x-defaults: &defaults {threads: 4, retries: 2}
rules:
  a:
    <<: *defaults
    shell: run
)");
  EXPECT_EQ(rule(flowfile, "a").threads, 4);
  EXPECT_EQ(rule(flowfile, "a").retries, 2);
}

TEST_F(LoadTest, ReportsYamlSyntaxErrors) {
  EXPECT_EQ(
      load_error("rules:\n  a:\n    shell: echo {input}: done\n"),
      "flow: error: flow.yaml:3:24: invalid YAML: invalid nested block mapping on the same line\n"
      "        shell: echo {input}: done\n"
      "                           ^\n"
      "  a ': ' inside a value starts a mapping; quote the whole value\n");
  EXPECT_EQ(m_last_error.kind, ErrorKind::flowfile);
}

// yaml-cpp took a quoted scalar cut off by the end of the file after a line break as ending
// there (issue 9, semantics 9); the brace pre-pass must not help it either.
TEST_F(LoadTest, RefusesAQuotedScalarThatTheEndOfTheFileCutsOff) {
  EXPECT_EQ(load_error("rules:\n  a:\n    output: x\n    shell: \"echo hi > {output}\n"),
            "flow: error: flow.yaml:4:12: invalid YAML: the end of the file comes inside this "
            "double-quoted scalar (its closing \" is missing)\n"
            "        shell: \"echo hi > {output}\n"
            "               ^\n");
  EXPECT_EQ(load_error("rules:\n  a:\n    output: x\n    shell: 'echo it''s\n\n"),
            "flow: error: flow.yaml:4:12: invalid YAML: the end of the file comes inside this "
            "single-quoted scalar (its closing ' is missing)\n"
            "        shell: 'echo it''s\n"
            "               ^\n");
  // Closed ones, with escaped quotes inside, are fine.
  Flowfile flowfile =
      load_ok("rules:\n  a:\n    shell: \"echo \\\" x\"\n  b:\n    shell: 'it''s'\n");
  EXPECT_EQ(rule(flowfile, "a").shell->value, "echo \" x");
  EXPECT_EQ(rule(flowfile, "b").shell->value, "it's");
}

TEST_F(LoadTest, ReportsUnknownTopLevelKeysWithASuggestion) {
  EXPECT_EQ(load_error("rule:\n  all:\n"),
            "flow: error: flow.yaml:1:1: unknown top-level key 'rule'\n"
            "    rule:\n"
            "    ^\n"
            "  did you mean 'rules'?\n");
  EXPECT_EQ(
      load_error("rules:\nfoo: 1\n"),
      "flow: error: flow.yaml:2:1: unknown top-level key 'foo'\n"
      "    foo: 1\n"
      "    ^\n"
      "  expected one of: config, configfile, include, tables, wildcard_constraints, ruleorder, "
      "localrules, python, container, "
      "rules\n");
}

TEST_F(LoadTest, ReportsDuplicateTopLevelKeys) {
  EXPECT_EQ(load_error("rules:\n  a:\nconfig: {}\nrules:\n  b:\n"),
            "flow: error: flow.yaml:4:1: duplicate key 'rules'\n"
            "    rules:\n"
            "    ^\n"
            "  first given at flow.yaml:1:1\n");
}

TEST_F(LoadTest, ReportsAFileThatIsNoMapping) {
  EXPECT_EQ(load_error("- a\n- b\n"),
            "flow: error: flow.yaml:1:1: a workflow file must be a mapping with keys such as "
            "'rules' and 'config', not a list\n"
            "    - a\n"
            "    ^\n");
}

TEST_F(LoadTest, ReportsBadRuleNamesAndShapes) {
  EXPECT_EQ(load_error("rules:\n  my-rule:\n    shell: x\n  ok: [a]\n"),
            "flow: error: flow.yaml:2:3: rule name 'my-rule' is not an identifier\n"
            "      my-rule:\n"
            "      ^\n"
            "  use letters, digits and '_', not starting with a digit\n"
            "flow: error: flow.yaml:4:7: rule 'ok': must be a mapping of keys such as 'input', "
            "'output' and 'shell', not a list\n"
            "      ok: [a]\n"
            "          ^\n");
  EXPECT_EQ(load_error("rules: [a, b]\n"),
            "flow: error: flow.yaml:1:8: 'rules' must be a mapping of rule names to rules, not a "
            "list\n"
            "    rules: [a, b]\n"
            "           ^\n");
}

TEST_F(LoadTest, CollectsManyErrorsAndStopsAtTwenty) {
  std::string text = "rules:\n";
  for (int i = 0; i < 30; ++i)
    text += "  r" + std::to_string(i) + ": {threads: x}\n";
  auto result = load(text);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "rule 'r0': 'threads' must be an integer, not 'x'");
  ASSERT_EQ(result.error().more.size(), 19u);
  EXPECT_EQ(result.error().more.back().message,
            "rule 'r19': 'threads' must be an integer, not 'x'");
  EXPECT_EQ(result.error().more.back().notes,
            std::vector<std::string>{"(stopped after 20 errors)"});
}

TEST_F(LoadTest, LoadsAFileThroughTheFilesystem) {
  m_fs.create("dir/flow.yaml", "rules:\n  all: {input: a}\n");
  auto result = load_flowfile("dir/flow.yaml", m_fs, {}, m_texts);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->path, "dir/flow.yaml");
  EXPECT_EQ(result->rules[0].location.file, "dir/flow.yaml");
  EXPECT_EQ(m_texts.line("dir/flow.yaml", 2), "  all: {input: a}");
}

TEST_F(LoadTest, ReportsAMissingWorkflowFileAsAUsageError) {
  auto result = load_flowfile("nope.yaml", m_fs, {}, m_texts);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::usage);
  EXPECT_EQ(format_error(result.error(), &m_texts),
            "flow: error: cannot read the workflow file 'nope.yaml'\n"
            "  cannot read 'nope.yaml': No such file or directory\n");
}

TEST_F(LoadTest, FindsTheWorkflowFileInItsUsualPlaces) {
  EXPECT_EQ(find_flowfile(m_fs, ""), std::nullopt);
  m_fs.create("workflow/flow.yaml");
  EXPECT_EQ(find_flowfile(m_fs, ""), "workflow/flow.yaml");
  m_fs.create("flow.yml");
  EXPECT_EQ(find_flowfile(m_fs, ""), "flow.yml");
  m_fs.create("flow.yaml");
  EXPECT_EQ(find_flowfile(m_fs, ""), "flow.yaml");
  m_fs.create("proj/flow.yml");
  EXPECT_EQ(find_flowfile(m_fs, "proj"), "proj/flow.yml");
  EXPECT_EQ(find_flowfile(m_fs, "proj/"), "proj/flow.yml");
  m_fs.create_dir("empty/flow.yaml");  // a directory is no workflow file
  EXPECT_EQ(find_flowfile(m_fs, "empty"), std::nullopt);
}

}  // namespace
}  // namespace flow::flowfile
