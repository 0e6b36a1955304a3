#include "run/resource_pool.h"

#include <gtest/gtest.h>

#include "support/workflow_text.h"

namespace flow::run {
namespace {

class ResourcePoolTest : public ::testing::Test {
 protected:
  const rules::Rule& rule(const std::string& name) { return m_rules.rule(*m_rules.find(name)); }

  rules::RuleSet m_rules = test::rules_of(R"(
rules:
  big: {output: big.txt, threads: 8, resources: {mem_mb: 600, walltime: "1:00"}, shell: "x"}
  small: {output: small.txt, resources: {mem_mb: 100}, shell: "x"}
)");
};

TEST_F(ResourcePoolTest, AJobTakesMinOfThreadsAndCores) {
  ResourcePool pool(4, {}, 2);
  auto claim = pool.fit(rule("big"), 1, true, nullptr);
  ASSERT_TRUE(claim.has_value());
  EXPECT_EQ(claim->cores, 4);
  pool.take(*claim);
  EXPECT_EQ(pool.free_cores(), 0);
  EXPECT_FALSE(pool.fit(rule("small"), 1, true, nullptr).has_value());
  // A job that uses no core here (a cluster job, a rule without a step) still fits.
  EXPECT_TRUE(pool.fit(rule("small"), 1, false, nullptr).has_value());
  pool.release(*claim);
  EXPECT_EQ(pool.free_cores(), 4);
}

TEST_F(ResourcePoolTest, LimitedResourcesAddUpAndStringsAreNotLimited) {
  ResourcePool pool(10, {{"mem_mb", 700}, {"walltime", 1}}, 2);
  auto first = pool.fit(rule("big"), 1, true, nullptr);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->resources, (std::map<std::string, std::int64_t>{{"mem_mb", 600}}));
  pool.take(*first);
  auto second = pool.fit(rule("small"), 1, true, nullptr);
  ASSERT_TRUE(second.has_value());
  pool.take(*second);
  EXPECT_FALSE(pool.fit(rule("small"), 1, true, nullptr).has_value());  // 700 of 700 taken
  pool.release(*first);
  EXPECT_TRUE(pool.fit(rule("big"), 1, true, nullptr).has_value());
}

TEST_F(ResourcePoolTest, AnOversizedJobIsScaledDownWithOneWarningPerRule) {
  ResourcePool pool(10, {{"mem_mb", 500}}, 2);
  std::string warning;
  auto claim = pool.fit(rule("big"), 1, true, &warning);
  ASSERT_TRUE(claim.has_value());
  EXPECT_EQ(claim->resources.at("mem_mb"), 500);
  EXPECT_EQ(warning, "rule 'big' asks for mem_mb=600, more than --resources mem_mb=500; using 500");
  warning.clear();
  EXPECT_TRUE(pool.fit(rule("big"), 1, true, &warning).has_value());
  EXPECT_EQ(warning, "");
}

}  // namespace
}  // namespace flow::run
