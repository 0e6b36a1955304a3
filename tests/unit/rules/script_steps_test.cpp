// `script:` and `run:` steps as the rules build them (spec §8).

#include <gtest/gtest.h>

#include "flow/rules/rule_set.h"
#include "support/workflow_text.h"

namespace flow::rules {
namespace {

const Rule& find_rule(const RuleSet& rules, const std::string& name) {
  return rules.rule(*rules.find(name));
}

TEST(ScriptStepsTest, ARunBlockIsAPythonScriptStepWithTheHelpersAndTheBlock) {
  auto rules = test::rules_of(R"(python: |
  def mix(a, b): return a + b
rules:
  a:
    output: a.txt
    run: |
      mix(1, 2)
  b:
    output: b.txt
    run: print(2)
)");
  const Rule& a = find_rule(rules, "a");
  EXPECT_EQ(a.step, StepKind::script);
  ASSERT_TRUE(a.script.has_value());
  EXPECT_TRUE(a.script->is_run_block());
  EXPECT_EQ(a.script->interpreter, Interpreter::python);
  EXPECT_EQ(a.script->path, "");
  EXPECT_EQ(a.script->run->block.file, "flow.yaml");
  EXPECT_EQ(a.script->run->block.first_line, 7);
  EXPECT_EQ(a.script->run->block.text, "mix(1, 2)\n");
  ASSERT_EQ(a.script->run->helpers->size(), 1u);
  EXPECT_EQ(a.script->run->helpers->front().first_line, 2);
  // The code trigger sees the helpers and the block.
  EXPECT_EQ(a.code, "def mix(a, b): return a + b\nmix(1, 2)\n");
  const Rule& b = find_rule(rules, "b");
  // Made once: every run: rule shares the helpers and the config.
  EXPECT_EQ(a.script->run->helpers, b.script->run->helpers);
  EXPECT_EQ(a.script->config, b.script->config);
  EXPECT_EQ(b.code, "def mix(a, b): return a + b\nprint(2)\n");
}

TEST(ScriptStepsTest, AScriptStepHasNoRunBlock) {
  test::FakeFilesystem files;
  files.create("s/plot.py", "print(1)\n");
  auto rules = test::rules_of("rules:\n  a: {output: a.txt, script: s/plot.py}\n", &files);
  const Rule& a = find_rule(rules, "a");
  EXPECT_FALSE(a.script->is_run_block());
  EXPECT_EQ(a.script->path, "s/plot.py");
  EXPECT_EQ(a.code, "print(1)\n");
}

}  // namespace
}  // namespace flow::rules
