#include "run/group_gate.h"

#include <gtest/gtest.h>

#include <set>

namespace flow::run {
namespace {

TEST(GroupGateTest, AUnitIsReadyOnceEveryOutsideJobEndedAndOnlyOnce) {
  // Unit 0 = {10, 11} needs 1 and 2 outside; unit 1 = {12} needs nothing.
  GroupGate gate({{JobId(10), JobId(11)}, {JobId(12)}}, {{JobId(1), JobId(2), JobId(1)}, {}});
  EXPECT_EQ(gate.waiting_members(), 3u);
  EXPECT_EQ(gate.take_ready(), std::vector<std::size_t>{1});
  EXPECT_TRUE(gate.take_ready().empty());  // each once
  gate.succeeded(JobId(1));
  EXPECT_TRUE(gate.take_ready().empty());  // 1 was listed twice: counted once
  gate.succeeded(JobId(2));
  EXPECT_EQ(gate.take_ready(), std::vector<std::size_t>{0});
  EXPECT_EQ(gate.unit_of(JobId(11)), 0u);
  EXPECT_FALSE(gate.unit_of(JobId(1)).has_value());
  gate.start(0);
  EXPECT_TRUE(gate.started(0));
  EXPECT_EQ(gate.waiting_members(), 1u);
}

TEST(GroupGateTest, AFailureOutsideFreesTheUnitOnRecount) {
  GroupGate gate({{JobId(10)}}, {{JobId(1), JobId(2)}});
  gate.succeeded(JobId(1));
  std::set<std::uint32_t> ended = {1};
  gate.recount([&](JobId job) { return ended.count(job.value) > 0; });
  EXPECT_TRUE(gate.take_ready().empty());
  ended.insert(2);  // failed or cancelled: the unit's other members may still run
  gate.recount([&](JobId job) { return ended.count(job.value) > 0; });
  EXPECT_EQ(gate.take_ready(), std::vector<std::size_t>{0});
}

}  // namespace
}  // namespace flow::run
