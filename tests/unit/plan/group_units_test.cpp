// Job groups: components of a group, N of them bundled, members in dependency order.

#include <gtest/gtest.h>

#include "flow/plan/group_units.h"

namespace flow::plan {
namespace {

using Members = std::vector<std::size_t>;
using Depends = std::vector<std::vector<std::size_t>>;

std::vector<GroupUnit> units_of(const std::vector<GroupedJob>& jobs,
                                const std::map<std::string, std::size_t>& components = {}) {
  auto units = group_units(jobs, components);
  EXPECT_TRUE(units.ok()) << (units.ok() ? "" : units.error().message);
  return units.ok() ? std::move(units).value() : std::vector<GroupUnit>{};
}

TEST(GroupUnitsTest, ConnectedJobsOfAGroupFormOneUnitInDependencyOrder) {
  // 2 needs 1, 1 needs 0: listed out of order, run 0, 1, 2.
  auto units = units_of({{"g", {1}}, {"g", {2}}, {"g", {}}});
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].group, "g");
  EXPECT_EQ(units[0].members, (Members{2, 1, 0}));
  EXPECT_EQ(units[0].member_depends, (Depends{{}, {0}, {1}}));
}

TEST(GroupUnitsTest, UnconnectedComponentsAreOneUnitEachByDefault) {
  auto units = units_of({{"g", {}}, {"g", {0}}, {"g", {}}, {"g", {2}}});
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].members, (Members{0, 1}));
  EXPECT_EQ(units[1].members, (Members{2, 3}));
  EXPECT_EQ(units[1].member_depends, (Depends{{}, {0}}));
}

TEST(GroupUnitsTest, GroupComponentsBundlesNComponentsPerUnit) {
  std::vector<GroupedJob> jobs(5, GroupedJob{"g", {}});
  auto units = units_of(jobs, {{"g", 2}});
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].members, (Members{0, 1}));
  EXPECT_EQ(units[1].members, (Members{2, 3}));
  EXPECT_EQ(units[2].members, (Members{4}));
  EXPECT_EQ(units[0].member_depends, (Depends{{}, {}}));  // independent: both always run
}

TEST(GroupUnitsTest, UngroupedJobsAndOtherGroupsDoNotJoinComponents) {
  // 0 (g) -> 1 (none) -> 2 (g): two components of g; 3 (h) needs 0 but is its own unit.
  auto units = units_of({{"g", {}}, {"", {0}}, {"g", {1}}, {"h", {0}}});
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].members, (Members{0}));
  EXPECT_EQ(units[1].members, (Members{2}));
  EXPECT_EQ(units[2].group, "h");
  EXPECT_EQ(units[2].members, (Members{3}));
}

TEST(GroupUnitsTest, TwoThousandIndependentJobsHundredPerUnitAreTwentyUnits) {
  std::vector<GroupedJob> jobs(2000, GroupedJob{"tiny", {}});
  auto units = units_of(jobs, {{"tiny", 100}});
  ASSERT_EQ(units.size(), 20u);
  EXPECT_EQ(units[19].members.front(), 1900u);
  EXPECT_EQ(units[19].members.size(), 100u);
}

TEST(GroupUnitsTest, NoGroupsNoUnits) {
  EXPECT_TRUE(units_of({{"", {}}, {"", {0}}}).empty());
}

TEST(GroupUnitsTest, RefusesAUnitThatWouldWaitForItself) {
  // 0 and 2 of g are apart, but bundled into one unit they would need 1, which needs 0.
  std::vector<GroupedJob> jobs = {{"g", {}}, {"", {0}}, {"g", {1}}};
  auto units = group_units(jobs, {{"g", 2}});
  ASSERT_FALSE(units.ok());
  EXPECT_NE(units.error().message.find("could never start"), std::string::npos);
  EXPECT_TRUE(group_units(jobs, {}).ok());  // one component per unit: 0, then 1, then 2
}

TEST(GroupUnitsTest, RefusesADependencyThatIsNotAJobToRun) {
  EXPECT_FALSE(group_units({{"g", {7}}}, {}).ok());
  EXPECT_FALSE(group_units({{"g", {0}}}, {}).ok());
}

}  // namespace
}  // namespace flow::plan
