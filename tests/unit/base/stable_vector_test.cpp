#include "flow/base/stable_vector.h"

#include <gtest/gtest.h>

#include <string>

namespace flow {
namespace {

TEST(StableVector, AppendsIndexesAndIterates) {
  StableVector<std::string> values;
  EXPECT_TRUE(values.empty());
  for (int i = 0; i < 10'000; ++i)
    values.push_back(std::to_string(i));
  ASSERT_EQ(values.size(), 10'000u);
  EXPECT_EQ(values[0], "0");
  EXPECT_EQ(values[4'096], "4096");
  EXPECT_EQ(values.back(), "9999");
  std::size_t seen = 0;
  for (const auto& value : values)
    EXPECT_EQ(value, std::to_string(seen++));
  EXPECT_EQ(seen, values.size());
}

// What the Dag relies on: a reference taken before appending is still the element after.
TEST(StableVector, AppendingNeverMovesAnElement) {
  StableVector<std::string> values;
  values.emplace_back("first");
  const std::string* first = &values[0];
  for (int i = 0; i < 20'000; ++i)
    values.emplace_back("x");
  EXPECT_EQ(first, &values[0]);
  EXPECT_EQ(*first, "first");
}

TEST(StableVector, GrowsToACountAndMovesWhole) {
  StableVector<std::string> values;
  values.grow_to(5'000);
  EXPECT_EQ(values.size(), 5'000u);
  EXPECT_EQ(values[4'999], "");
  values[4'999] = "last";
  StableVector<std::string> moved = std::move(values);
  EXPECT_EQ(moved.size(), 5'000u);
  EXPECT_EQ(moved[4'999], "last");
  EXPECT_TRUE(values.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  moved.clear();
  EXPECT_TRUE(moved.empty());
}

}  // namespace
}  // namespace flow
