// Rule keys: types, values and the errors that pin their wording.

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using RuleTest = FlowfileTest;

TEST_F(RuleTest, ReadsEveryRuleKey) {
  Flowfile flowfile = load_ok(R"(
rules:
  count:
    input: words/{book}.txt
    output: counts/{book}.tsv
    log: logs/{book}.log
    benchmark: bench/{book}.tsv
    params: {min: 3, langs: [en, de], flag: true}
    threads: 4
    resources: {mem_mb: 200, walltime: "00:10:00", gpus: "2"}
    priority: -2
    retries: 3
    message: counting {wildcards.book}
    envmodules: [gcc/12, python]
    local: true
    default_target: True
    wildcard_constraints: {book: "\\d+"}
    shell: sort -u {input} | wc -l > {output}
)");
  const RuleDef& count = rule(flowfile, "count");
  EXPECT_EQ(patterns(count.input), std::vector<std::string>{"words/{book}.txt"});
  EXPECT_EQ(patterns(count.output), std::vector<std::string>{"counts/{book}.tsv"});
  EXPECT_EQ(patterns(count.log), std::vector<std::string>{"logs/{book}.log"});
  EXPECT_EQ(patterns(count.benchmark), std::vector<std::string>{"bench/{book}.tsv"});
  ASSERT_EQ(count.params.size(), 3u);
  EXPECT_EQ(count.params[0].first, "min");
  EXPECT_EQ(count.params[0].second.value, "3");
  EXPECT_EQ(count.params[1].second.value, "en de");
  EXPECT_EQ(count.params[2].second.value, "true");
  EXPECT_EQ(count.threads, 4);
  ASSERT_EQ(count.resources.size(), 3u);
  EXPECT_TRUE(count.resources[0].is_int);
  EXPECT_EQ(count.resources[0].number, 200);
  EXPECT_FALSE(count.resources[1].is_int);
  EXPECT_EQ(count.resources[1].text, "00:10:00");
  EXPECT_TRUE(count.resources[2].is_int);  // a quoted number is still a number
  EXPECT_EQ(count.priority, -2);
  EXPECT_EQ(count.retries, 3);
  ASSERT_TRUE(count.message.has_value());
  EXPECT_EQ(count.message->value, "counting {wildcards.book}");
  ASSERT_EQ(count.envmodules.size(), 2u);
  EXPECT_EQ(count.envmodules[0].value, "gcc/12");
  EXPECT_TRUE(count.local);
  EXPECT_TRUE(count.default_target);
  ASSERT_EQ(count.wildcard_constraints.size(), 1u);
  EXPECT_EQ(count.wildcard_constraints[0].second.value, "\\d+");
  ASSERT_TRUE(count.shell.has_value());
  EXPECT_EQ(count.shell->value, "sort -u {input} | wc -l > {output}");
  EXPECT_EQ(count.shell->location.line, 18);
  EXPECT_EQ(count.shell->location.column, 12);
  EXPECT_FALSE(count.builtin.has_value());
  EXPECT_FALSE(count.from_include);
}

TEST_F(RuleTest, HasDefaultsForWhatIsNotGiven) {
  Flowfile flowfile = load_ok("rules:\n  empty:\n  mapping: {}\n");
  for (const auto& name : {"empty", "mapping"}) {
    const RuleDef& r = rule(flowfile, name);
    EXPECT_EQ(r.threads, 1);
    EXPECT_EQ(r.priority, 0);
    EXPECT_FALSE(r.retries.has_value());
    EXPECT_FALSE(r.local);
    EXPECT_FALSE(r.shell.has_value());
    EXPECT_TRUE(r.input.empty());
  }
  EXPECT_EQ(rule(flowfile, "empty").location.line, 2);
}

TEST_F(RuleTest, ReadsABuiltinStepWithItsArguments) {
  Flowfile flowfile = load_ok(R"(
rules:
  download:
    output: books/{book}.txt
    builtin: fetch
    with: {url: "https://example.org/{wildcards.book}.txt", tries: 3, strip: false}
)");
  const RuleDef& download = rule(flowfile, "download");
  ASSERT_TRUE(download.builtin.has_value());
  EXPECT_EQ(download.builtin->value, "fetch");
  ASSERT_EQ(download.with.size(), 3u);
  EXPECT_EQ(download.with[0].second.value, "https://example.org/{wildcards.book}.txt");
  EXPECT_EQ(download.with[1].second.value, "3");
  EXPECT_EQ(download.with[2].second.value, "false");
}

TEST_F(RuleTest, ReportsUnknownRuleKeysWithASuggestion) {
  EXPECT_EQ(load_error("rules:\n  count:\n    inputs: a.txt\n"),
            "flow: error: flow.yaml:3:5: rule 'count': unknown key 'inputs'\n"
            "        inputs: a.txt\n"
            "        ^\n"
            "  did you mean 'input'?\n");
}

TEST_F(RuleTest, ReadsShadowAndReportsABadModeWithASuggestion) {
  Flowfile flowfile = load_ok("rules:\n  a: {output: a.txt, shadow: full, shell: x}\n");
  ASSERT_TRUE(rule(flowfile, "a").shadow.has_value());
  EXPECT_EQ(rule(flowfile, "a").shadow->value, "full");
  EXPECT_EQ(load_error("rules:\n  count:\n    shadow: minimall\n"),
            "flow: error: flow.yaml:3:13: rule 'count': 'shadow' must be minimal, shallow or "
            "full, not 'minimall'\n"
            "        shadow: minimall\n"
            "                ^\n"
            "  did you mean 'minimal'?\n");
  EXPECT_EQ(load_error("rules:\n  count:\n    shadow: [full]\n"),
            "flow: error: flow.yaml:3:13: rule 'count': 'shadow' must be a string, not a list\n"
            "        shadow: [full]\n"
            "                ^\n");
}

TEST_F(RuleTest, ReadsGroupAndReportsAListForIt) {
  Flowfile flowfile = load_ok("rules:\n  a: {output: a.txt, group: lane, shell: x}\n");
  ASSERT_TRUE(rule(flowfile, "a").group.has_value());
  EXPECT_EQ(rule(flowfile, "a").group->value, "lane");
  EXPECT_EQ(load_error("rules:\n  count:\n    group: [a]\n"),
            "flow: error: flow.yaml:3:12: rule 'count': 'group' must be a string, not a list\n"
            "        group: [a]\n"
            "               ^\n");
  EXPECT_EQ(load_error("rules:\n  count:\n    gruop: a\n"),
            "flow: error: flow.yaml:3:5: rule 'count': unknown key 'gruop'\n"
            "        gruop: a\n"
            "        ^\n"
            "  did you mean 'group'?\n");
}

TEST_F(RuleTest, ReportsDuplicateKeysInsideARule) {
  EXPECT_EQ(load_error("rules:\n  count:\n    threads: 2\n    shell: x\n    threads: 3\n"),
            "flow: error: flow.yaml:5:5: duplicate key 'threads'\n"
            "        threads: 3\n"
            "        ^\n"
            "  first given at flow.yaml:3:5\n");
}

TEST_F(RuleTest, ReportsWrongTypesAtTheValue) {
  EXPECT_EQ(load_error(R"(rules:
  a:
    threads: abc
    priority: [1]
    retries: -1
    local: yes
    shell: {cmd: x}
    params: [a, b]
    resources: {mem_mb: [1]}
    envmodules: {a: b}
)"),
            "flow: error: flow.yaml:3:14: rule 'a': 'threads' must be an integer, not 'abc'\n"
            "        threads: abc\n"
            "                 ^\n"
            "flow: error: flow.yaml:4:15: rule 'a': 'priority' must be an integer, not a list\n"
            "        priority: [1]\n"
            "                  ^\n"
            "flow: error: flow.yaml:5:14: rule 'a': 'retries' must be at least 0, not -1\n"
            "        retries: -1\n"
            "                 ^\n"
            "flow: error: flow.yaml:6:12: rule 'a': 'local' must be true or false, not 'yes'\n"
            "        local: yes\n"
            "               ^\n"
            "flow: error: flow.yaml:7:12: rule 'a': 'shell' must be a string, not a mapping\n"
            "        shell: {cmd: x}\n"
            "               ^\n"
            "flow: error: flow.yaml:8:13: rule 'a': 'params' must be a mapping of names to "
            "values, not a list\n"
            "        params: [a, b]\n"
            "                ^\n"
            "flow: error: flow.yaml:9:25: rule 'a': 'resources.mem_mb' must be a string, not a "
            "list\n"
            "        resources: {mem_mb: [1]}\n"
            "                            ^\n"
            "flow: error: flow.yaml:10:17: rule 'a': 'envmodules' must be a string or a list of "
            "strings, not a mapping\n"
            "        envmodules: {a: b}\n"
            "                    ^\n");
}

// Spec §9: `container:` is a rule key (did-you-mean reaches it) and a top-level default.
TEST_F(RuleTest, ReadsContainerAndReportsItsMistakesAtTheirPlace) {
  auto loaded = parse_flowfile(
      "container: base:1\nrules:\n  a: {output: a.txt, container: tools:2, shell: x}\n",
      "flow.yaml", m_fs, {}, m_texts);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.value().container->value, "base:1");
  EXPECT_EQ(loaded.value().rules[0].container->value, "tools:2");
  EXPECT_EQ(load_error("rules:\n  a:\n    contaner: x\n    shell: x\n"),
            "flow: error: flow.yaml:3:5: rule 'a': unknown key 'contaner'\n"
            "        contaner: x\n"
            "        ^\n"
            "  did you mean 'container'?\n");
  EXPECT_EQ(load_error("rules:\n  a:\n    container: [x]\n    shell: x\n"),
            "flow: error: flow.yaml:3:16: rule 'a': 'container' must be a string, not a list\n"
            "        container: [x]\n"
            "                   ^\n");
  EXPECT_EQ(load_error("rules:\n  a:\n    singularity: x\n    shell: x\n"),
            "flow: error: flow.yaml:3:5: rule 'a': unknown key 'singularity': flow calls this "
            "`container`\n"
            "        singularity: x\n"
            "        ^\n"
            "  write `container: IMAGE`\n");
}

TEST_F(RuleTest, ReportsAnEmptyValueAtItsKey) {
  EXPECT_EQ(load_error("rules:\n  a:\n    threads:\n    shell: x\n"),
            "flow: error: flow.yaml:3:5: rule 'a': 'threads' must be an integer, not empty\n"
            "        threads:\n"
            "        ^\n");
}

TEST_F(RuleTest, RefusesNegativeThreads) {
  EXPECT_EQ(load_error("rules:\n  a: {threads: -1}\n"),
            "flow: error: flow.yaml:2:16: rule 'a': 'threads' must be at least 0, not -1\n"
            "      a: {threads: -1}\n"
            "                   ^\n");
}

TEST_F(RuleTest, ReadsAScriptRelativeToItsFileOncePerPath) {
  m_fs.create("wf/s/plot.py", "print(1)\n");
  auto loaded = parse_flowfile(
      "rules:\n  a: {output: a.txt, script: s/plot.py}\n  b: {output: b.txt, script: s/plot.py}\n",
      "wf/flow.yaml", m_fs, {}, m_texts);
  ASSERT_TRUE(loaded.ok());
  const auto& rules = loaded.value().rules;
  EXPECT_EQ(rules[0].script->value, "wf/s/plot.py");
  EXPECT_EQ(*rules[0].script_text, "print(1)\n");
  EXPECT_EQ(rules[0].script_text, rules[1].script_text);  // one read, shared
}

TEST_F(RuleTest, RejectsAMissingScriptAtItsValue) {
  EXPECT_EQ(load_error("rules:\n  a:\n    script: s/no.py\n"),
            "flow: error: flow.yaml:3:13: rule 'a': cannot read the script 's/no.py'\n"
            "        script: s/no.py\n"
            "                ^\n"
            "  cannot read 's/no.py': No such file or directory\n");
}

TEST_F(RuleTest, RejectsShellTogetherWithScript) {
  m_fs.create("s.py");
  EXPECT_EQ(load_error("rules:\n  a:\n    shell: cat x\n    script: s.py\n"),
            "flow: error: flow.yaml:4:5: rule 'a': 'shell' and 'script' cannot both be given\n"
            "        script: s.py\n"
            "        ^\n"
            "  a rule runs one step: a shell command, a built-in step or a script\n");
}

TEST_F(RuleTest, RejectsShellTogetherWithBuiltin) {
  EXPECT_EQ(load_error("rules:\n  a:\n    shell: cat x\n    builtin: words\n"),
            "flow: error: flow.yaml:4:5: rule 'a': 'shell' and 'builtin' cannot both be given\n"
            "        builtin: words\n"
            "        ^\n"
            "  a rule runs either a shell command or a built-in step\n");
}

TEST_F(RuleTest, RejectsWithWithoutBuiltin) {
  EXPECT_EQ(load_error("rules:\n  a:\n    shell: cat x\n    with: {n: 1}\n"),
            "flow: error: flow.yaml:4:5: rule 'a': 'with' needs 'builtin'\n"
            "        with: {n: 1}\n"
            "        ^\n"
            "  'with' gives the arguments of a built-in step\n");
}

TEST_F(RuleTest, RequiresIdentifiersAsNames) {
  EXPECT_EQ(load_error("rules:\n  a:\n    params: {my-param: 1}\n"),
            "flow: error: flow.yaml:3:14: rule 'a': names in 'params' must be identifiers, not "
            "'my-param'\n"
            "        params: {my-param: 1}\n"
            "                 ^\n");
}

TEST_F(RuleTest, RejectsListsInWith) {
  EXPECT_EQ(load_error("rules:\n  a:\n    builtin: x\n    with: {n: [1, 2]}\n"),
            "flow: error: flow.yaml:4:15: rule 'a': 'with.n' must be a string, not a list\n"
            "        with: {n: [1, 2]}\n"
            "                  ^\n");
}

}  // namespace
}  // namespace flow::flowfile
