// --default-resources, --set-resources and --set-threads applied to loaded rules.

#include <gtest/gtest.h>

#include "flow/flowfile/resource_overrides.h"
#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

class ResourceOverridesTest : public FlowfileTest {
 protected:
  Flowfile two_rules() {
    return load_ok(R"(
rules:
  align:
    output: a.txt
    threads: 2
    resources: {mem_mb: 500, walltime: "00:10:00"}
    shell: "touch {output}"
  count:
    output: c.txt
    shell: "touch {output}"
)");
  }

  static std::string text_of(const RuleDef& rule, const std::string& name) {
    for (const auto& resource : rule.resources) {
      if (resource.name == name) return resource.text;
    }
    return "(none)";
  }

  static std::string error_of(const ResourceOverrides& overrides, Flowfile file) {
    auto applied = apply_resource_overrides(overrides, file);
    if (applied) return "(no error)";
    return format_error(applied.error(), nullptr);
  }
};

TEST_F(ResourceOverridesTest, DefaultsFillOnlyWhatARuleDoesNotGive) {
  Flowfile file = two_rules();
  ResourceOverrides overrides{{"mem_mb=1000", "runtime=1h30m", "disk_mb=200"}, {}, {}};
  ASSERT_TRUE(apply_resource_overrides(overrides, file).ok());
  const RuleDef& align = rule(file, "align");
  EXPECT_EQ(text_of(align, "mem_mb"), "500");
  // walltime is runtime's alias: the rule's own walltime keeps the default runtime out.
  EXPECT_EQ(text_of(align, "runtime"), "(none)");
  EXPECT_EQ(text_of(align, "disk_mb"), "200");
  const RuleDef& count = rule(file, "count");
  EXPECT_EQ(text_of(count, "mem_mb"), "1000");
  EXPECT_EQ(text_of(count, "runtime"), "1h30m");
}

TEST_F(ResourceOverridesTest, ALaterDefaultReplacesAnEarlierOne) {
  Flowfile file = two_rules();
  ASSERT_TRUE(apply_resource_overrides({{"mem_mb=1", "mem_mb=7"}, {}, {}}, file).ok());
  EXPECT_EQ(text_of(rule(file, "count"), "mem_mb"), "7");
}

TEST_F(ResourceOverridesTest, SetsWinOverTheRuleAndTheDefaults) {
  Flowfile file = two_rules();
  ResourceOverrides overrides{{"mem_mb=1000"}, {"align:mem_mb=8000", "align:runtime=45"}, {}};
  ASSERT_TRUE(apply_resource_overrides(overrides, file).ok());
  const RuleDef& align = rule(file, "align");
  EXPECT_EQ(text_of(align, "mem_mb"), "8000");
  EXPECT_EQ(text_of(align, "runtime"), "45");
  EXPECT_EQ(text_of(align, "walltime"), "(none)");  // replaced, not both
  EXPECT_EQ(text_of(rule(file, "count"), "mem_mb"), "1000");
}

TEST_F(ResourceOverridesTest, ValuesReadAsInTheWorkflowFile) {
  Flowfile file = two_rules();
  ResourceOverrides overrides{{"mem_mb=2000*{attempt}", "tmpdir='/scratch/x'"}, {}, {}};
  ASSERT_TRUE(apply_resource_overrides(overrides, file).ok());
  const RuleDef& count = rule(file, "count");
  for (const auto& resource : count.resources) {
    if (resource.name == "mem_mb") {
      ASSERT_TRUE(resource.formula.has_value());
      EXPECT_EQ(resource.formula->evaluate(2), 4000);
    }
  }
  EXPECT_EQ(text_of(count, "tmpdir"), "/scratch/x");  // Snakemake's Python quotes dropped
}

TEST_F(ResourceOverridesTest, AnUnquotedPathIsAText) {
  Flowfile file = two_rules();
  ASSERT_TRUE(apply_resource_overrides({{"tmpdir=/scratch/me"}, {}, {}}, file).ok());
  EXPECT_EQ(text_of(rule(file, "count"), "tmpdir"), "/scratch/me");
}

TEST_F(ResourceOverridesTest, SetThreads) {
  Flowfile file = two_rules();
  ASSERT_TRUE(apply_resource_overrides({{}, {}, {"count=4", "align=0"}}, file).ok());
  EXPECT_EQ(rule(file, "count").threads, 4);
  EXPECT_EQ(rule(file, "align").threads, 0);
}

TEST_F(ResourceOverridesTest, BadItemsAreNamedWithTheOption) {
  EXPECT_EQ(error_of({{"mem_mb"}, {}, {}}, two_rules()),
            "flow: error: --default-resources 'mem_mb': expected NAME=VALUE\n"
            "  such as --default-resources mem_mb=2000 runtime=30\n");
  EXPECT_EQ(error_of({{"mem_mb=max(2*input.size_mb, 1000)"}, {}, {}}, two_rules()),
            "flow: error: --default-resources 'mem_mb=max(2*input.size_mb, 1000)': Python "
            "expressions are not evaluated\n"
            "  write a whole number, a text such as 1h30m, or a formula over {attempt} "
            "such as '2000*{attempt}'\n");
  EXPECT_EQ(error_of({{"mem_mb=-5"}, {}, {}}, two_rules()),
            "flow: error: --default-resources 'mem_mb=-5': resource 'mem_mb' must not be "
            "negative, not -5\n");
  EXPECT_EQ(error_of({{}, {"alin:mem_mb=1"}, {}}, two_rules()),
            "flow: error: --set-resources 'alin:mem_mb=1': there is no rule 'alin'\n"
            "  did you mean 'align'?\n");
  EXPECT_EQ(error_of({{}, {"mem_mb=1"}, {}}, two_rules()),
            "flow: error: --set-resources 'mem_mb=1': expected RULE:NAME=VALUE\n"
            "  such as --set-resources align:mem_mb=8000\n");
  EXPECT_EQ(error_of({{}, {}, {"count=many"}}, two_rules()),
            "flow: error: --set-threads 'count=many': threads are a whole number, 0 or more\n");
}

TEST_F(ResourceOverridesTest, AutoTakesTheDefaultAsItsFallback) {
  Flowfile file = load_ok(R"(
rules:
  align:
    output: a.txt
    resources: {mem_mb: auto, runtime: auto}
    shell: "touch {output}"
)");
  const RuleDef& before = rule(file, "align");
  ASSERT_EQ(before.resources.size(), 2u);
  EXPECT_EQ(before.resources[0].sizing, ResourceSizing::auto_asked);
  EXPECT_FALSE(before.resources[0].has_value);
  ResourceOverrides overrides{{"mem_mb=1000"}, {}, {}};
  ASSERT_TRUE(apply_resource_overrides(overrides, file).ok());
  const RuleDef& align = rule(file, "align");
  // Still auto (the history decides when it can); 1000 when it cannot.
  EXPECT_EQ(align.resources[0].sizing, ResourceSizing::auto_asked);
  EXPECT_TRUE(align.resources[0].has_value);
  EXPECT_EQ(text_of(align, "mem_mb"), "1000");
  EXPECT_FALSE(align.resources[1].has_value);  // no default runtime
}

TEST_F(ResourceOverridesTest, AutoResourcesMakesEveryRulesMemoryAndTimeAuto) {
  Flowfile file = two_rules();
  ResourceOverrides overrides{{}, {}, {}, true};
  ASSERT_TRUE(apply_resource_overrides(overrides, file).ok());
  const RuleDef& align = rule(file, "align");
  // Written values stay as the fallback; walltime is runtime's other name, not added twice.
  ASSERT_EQ(align.resources.size(), 2u);
  for (const auto& resource : align.resources) {
    EXPECT_EQ(resource.sizing, ResourceSizing::auto_option) << resource.name;
    EXPECT_TRUE(resource.has_value) << resource.name;
  }
  EXPECT_EQ(text_of(align, "walltime"), "00:10:00");
  const RuleDef& count = rule(file, "count");
  ASSERT_EQ(count.resources.size(), 2u);
  EXPECT_EQ(count.resources[0].name, "mem_mb");
  EXPECT_EQ(count.resources[1].name, "runtime");
  EXPECT_FALSE(count.resources[0].has_value);
}

TEST_F(ResourceOverridesTest, AutoOnlyForWhatTheHistoryMeasures) {
  EXPECT_EQ(load_error(R"(
rules:
  align:
    output: a.txt
    resources: {disk_mb: auto}
    shell: "touch {output}"
)"),
            "flow: error: flow.yaml:5:26: rule 'align': resource 'disk_mb' cannot be auto: only "
            "mem_mb and runtime (or walltime) are sized from the job history\n"
            "        resources: {disk_mb: auto}\n"
            "                             ^\n"
            "  write a number or a text for it\n");
}

}  // namespace
}  // namespace flow::flowfile
