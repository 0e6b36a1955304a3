// config: precedence, --configfile, --config and {config.KEY} substitution (spec §1).

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using ConfigTest = FlowfileTest;

std::string config_text(const Flowfile& flowfile, const std::string& key) {
  const Node* node = find_path(flowfile.config, key);
  return node ? node->scalar : "(missing)";
}

TEST_F(ConfigTest, AppliesIncludeThenMainThenConfigFilesThenAssignments) {
  m_fs.create("extra.yaml",
              "config: {a: include, b: include, c: include, d: include, e: include}\n");
  m_fs.create("over.yaml", "c: file\nd: file\n");
  m_fs.create("over2.yaml", "d: file2\n");
  ConfigOverrides overrides{{"over.yaml", "over2.yaml"}, {"e=assignment"}};
  Flowfile flowfile = load_ok(R"(
include: extra.yaml
config: {b: main, c: main, d: main, e: main}
)",
                              overrides);
  EXPECT_EQ(config_text(flowfile, "a"), "include");
  EXPECT_EQ(config_text(flowfile, "b"), "main");
  EXPECT_EQ(config_text(flowfile, "c"), "file");
  EXPECT_EQ(config_text(flowfile, "d"), "file2");
  EXPECT_EQ(config_text(flowfile, "e"), "assignment");
}

TEST_F(ConfigTest, DeepMergesNestedMappings) {
  m_fs.create("over.yaml", "tool: {threads: 8}\n");
  Flowfile flowfile = load_ok("config:\n  tool: {threads: 2, mem: 100}\n",
                              ConfigOverrides{{"over.yaml"}, {"tool.mem=200", "new.deep.key=1"}});
  EXPECT_EQ(config_text(flowfile, "tool.threads"), "8");
  EXPECT_EQ(config_text(flowfile, "tool.mem"), "200");
  EXPECT_EQ(config_text(flowfile, "new.deep.key"), "1");
}

TEST_F(ConfigTest, ParsesAssignmentValuesAsYaml) {
  Flowfile flowfile = load_ok("config: {books: [1]}\n",
                              ConfigOverrides{{}, {"books=[11, 84]", "n=3", "name=x", "empty="}});
  const Node* books = find_path(flowfile.config, "books");
  ASSERT_NE(books, nullptr);
  ASSERT_TRUE(books->is_sequence());
  ASSERT_EQ(books->items.size(), 2u);
  EXPECT_EQ(books->items[1].scalar, "84");
  EXPECT_EQ(config_text(flowfile, "n"), "3");
  EXPECT_EQ(config_text(flowfile, "name"), "x");
  EXPECT_EQ(config_text(flowfile, "empty"), "");
  EXPECT_TRUE(find_path(flowfile.config, "empty")->is_scalar());
}

TEST_F(ConfigTest, SubstitutionsSeeTheFinalConfig) {
  Flowfile flowfile = load_ok(R"(
config: {books: [1, 2]}
rules:
  all: {input: {expand: "{b}.txt", b: config.books}, shell: "echo {config.books}"}
)",
                              ConfigOverrides{{}, {"books=[7]"}});
  EXPECT_EQ(patterns(rule(flowfile, "all").input), std::vector<std::string>{"7.txt"});
  EXPECT_EQ(rule(flowfile, "all").shell->value, "echo 7");
}

TEST_F(ConfigTest, SubstitutesConfigValuesInEveryKindOfField) {
  Flowfile flowfile = load_ok(R"(
config:
  dir: data
  n: 4
  mem: 300
  yes: true
  tools: {sort: gsort}
  langs: [en, de]
wildcard_constraints: {book: "{config.n}"}
ruleorder: "{config.dir} > b"
localrules: ["{config.dir}"]
rules:
  a:
    input: "{config.dir}/in.txt"
    output: {path: "{config.dir}/out.txt", temp: "{config.yes}"}
    log: ["{config.dir}/a.log"]
    params: {langs: "{config.langs}", list: ["{config.n}", x]}
    threads: "{config.n}"
    priority: "{config.n}"
    retries: "{config.n}"
    resources: {mem_mb: "{config.mem}", queue: "q{config.n}"}
    message: "using {config.tools.sort}"
    envmodules: "tool/{config.n}"
    local: "{config.yes}"
    wildcard_constraints: {x: "{config.n}"}
    shell: "{config.tools.sort} {input} > {output}"
  b:
    builtin: "{config.dir}"
    with: {n: "{config.n}"}
)");
  const RuleDef& a = rule(flowfile, "a");
  EXPECT_EQ(flowfile.wildcard_constraints[0].second.value, "4");
  EXPECT_EQ(flowfile.ruleorder[0].value, "data > b");
  EXPECT_EQ(flowfile.localrules[0].value, "data");
  EXPECT_EQ(a.input[0].pattern, "data/in.txt");
  EXPECT_EQ(a.output[0].pattern, "data/out.txt");
  EXPECT_EQ(a.output[0].flags, k_flag_temp);
  EXPECT_EQ(a.log[0].pattern, "data/a.log");
  EXPECT_EQ(a.params[0].second.value, "en de");
  EXPECT_EQ(a.params[1].second.value, "4 x");
  EXPECT_EQ(a.threads, 4);
  EXPECT_EQ(a.priority, 4);
  EXPECT_EQ(a.retries, 4);
  EXPECT_TRUE(a.resources[0].is_int);
  EXPECT_EQ(a.resources[0].number, 300);
  EXPECT_EQ(a.resources[1].text, "q4");
  EXPECT_EQ(a.message->value, "using gsort");
  EXPECT_EQ(a.envmodules[0].value, "tool/4");
  EXPECT_TRUE(a.local);
  EXPECT_EQ(a.wildcard_constraints[0].second.value, "4");
  EXPECT_EQ(a.shell->value, "gsort {input} > {output}");
  EXPECT_EQ(rule(flowfile, "b").builtin->value, "data");
  EXPECT_EQ(rule(flowfile, "b").with[0].second.value, "4");
}

TEST_F(ConfigTest, LeavesEscapedBracesAlone) {
  Flowfile flowfile = load_ok(R"(
config: {x: 1}
rules:
  a: {shell: "echo {{config.x}} {{{config.x}}} {config.x}}}"}
)");
  EXPECT_EQ(rule(flowfile, "a").shell->value, "echo {{config.x}} {{1}} 1}}");
}

TEST_F(ConfigTest, ReportsAnUnknownConfigKeyAtThePlaceholder) {
  EXPECT_EQ(load_error(R"(config: {threads: 2, tool: {path: /bin}}
rules:
  a:
    shell: "run -t {config.thread} {config.tool.pth}"
)"),
            "flow: error: flow.yaml:4:20: rule 'a': unknown config key 'thread'\n"
            "        shell: \"run -t {config.thread} {config.tool.pth}\"\n"
            "                       ^\n"
            "  did you mean 'threads'?\n"
            "flow: error: flow.yaml:4:36: rule 'a': unknown config key 'tool.pth'\n"
            "        shell: \"run -t {config.thread} {config.tool.pth}\"\n"
            "                                       ^\n"
            "  did you mean 'tool.path'?\n");
}

TEST_F(ConfigTest, RejectsAMappingInsideAString) {
  EXPECT_EQ(load_error("config: {tool: {a: 1}}\nrules:\n  a: {shell: \"x {config.tool}\"}\n"),
            "flow: error: flow.yaml:3:17: rule 'a': config key 'tool' holds a mapping, which "
            "cannot be inserted into a string\n"
            "      a: {shell: \"x {config.tool}\"}\n"
            "                    ^\n");
}

TEST_F(ConfigTest, ConvertsSubstitutedNumbersAndChecksThem) {
  EXPECT_EQ(load_error("config: {n: many}\nrules:\n  a: {threads: \"{config.n}\"}\n"),
            "flow: error: flow.yaml:3:16: rule 'a': 'threads' must be an integer, not 'many'\n"
            "      a: {threads: \"{config.n}\"}\n"
            "                   ^\n");
}

TEST_F(ConfigTest, ReportsBadAssignmentsAsUsageErrors) {
  auto check = [&](const std::string& assignment, const std::string& expected) {
    auto result = load("rules:\n", ConfigOverrides{{}, {assignment}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::usage);
    EXPECT_EQ(format_error(result.error(), &m_texts), expected);
  };
  check("books", "flow: error: --config 'books': expected KEY=VALUE\n");
  check("=3", "flow: error: --config '=3': expected KEY=VALUE\n");
  check("a..b=1", "flow: error: --config 'a..b=1': a part of the key is empty\n");
  check("books=[1, 2",
        "flow: error: --config 'books=[1, 2': the value is not valid YAML\n"
        "  invalid YAML: flow sequence without a closing bracket\n");
}

TEST_F(ConfigTest, ReportsAnUnreadableConfigFileAsAUsageError) {
  auto result = load("rules:\n", ConfigOverrides{{"missing.yaml"}, {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::usage);
  EXPECT_EQ(format_error(result.error(), &m_texts),
            "flow: error: cannot read --configfile 'missing.yaml'\n"
            "  cannot read 'missing.yaml': No such file or directory\n");
}

TEST_F(ConfigTest, ReportsAConfigFileThatIsNoMappingInThatFile) {
  m_fs.create("list.yaml", "- a\n- b\n");
  m_fs.create("bad.yaml", "a: [1\n");
  EXPECT_EQ(load_error("rules:\n", ConfigOverrides{{"list.yaml", "bad.yaml"}, {}}),
            "flow: error: list.yaml:1:1: --configfile 'list.yaml' must hold a mapping, not a list\n"
            "    - a\n"
            "    ^\n"
            "flow: error: bad.yaml:2:1: invalid YAML: flow sequence without a closing bracket\n"
            "    \n"
            "    ^\n");
}

TEST_F(ConfigTest, RejectsAConfigThatIsNoMapping) {
  EXPECT_EQ(load_error("config: [1, 2]\n"),
            "flow: error: flow.yaml:1:9: 'config' must be a mapping, not a list\n"
            "    config: [1, 2]\n"
            "            ^\n");
}

}  // namespace
}  // namespace flow::flowfile
