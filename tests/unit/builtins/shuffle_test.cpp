#include "builtins/shuffle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "builtin_test_util.h"

namespace flow::builtins {
namespace {

std::vector<int> iota_vector(int n) {
  std::vector<int> items(static_cast<std::size_t>(n));
  std::iota(items.begin(), items.end(), 0);
  return items;
}

// The standard fixes mt19937_64's output (the 10000th value of the default-seeded engine
// is 9981545732273789042), and the draw and the swaps are ours, so this permutation must
// be the same with every compiler and standard library. The expected value was computed
// separately, by a Python transcription of the standard's mt19937_64 and of shuffle.h.
TEST(ShuffleTest, GivesTheSamePermutationEverywhere) {
  std::mt19937_64 check;
  check.discard(9999);
  ASSERT_EQ(check(), 9981545732273789042ULL);

  std::vector<int> items = iota_vector(10);
  shuffle_items(items, 42);
  EXPECT_EQ(items, (std::vector<int>{1, 7, 9, 0, 3, 8, 4, 2, 5, 6}));
}

TEST(ShuffleTest, KeepsEveryItemAndDependsOnTheSeed) {
  std::vector<int> a = iota_vector(100);
  std::vector<int> b = a;
  std::vector<int> c = a;
  shuffle_items(a, 1);
  shuffle_items(b, 1);
  shuffle_items(c, 2);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::sort(c.begin(), c.end());
  EXPECT_EQ(c, iota_vector(100));
}

TEST(ShuffleTest, MakesEveryPermutationAboutEquallyOften) {
  std::map<std::vector<int>, int> seen;
  for (std::uint64_t seed = 0; seed < 6000; ++seed) {
    std::vector<int> items = iota_vector(3);
    shuffle_items(items, seed);
    ++seen[items];
  }
  ASSERT_EQ(seen.size(), 6u);
  for (const auto& [permutation, count] : seen) {
    EXPECT_GT(count, 850);
    EXPECT_LT(count, 1150);
  }
}

TEST(ShuffleTest, DrawsBelowTheBound) {
  std::mt19937_64 engine(7);
  for (std::uint64_t bound : {1ULL, 2ULL, 3ULL, 1000ULL, (1ULL << 63) + 1}) {
    for (int i = 0; i < 100; ++i)
      EXPECT_LT(draw_below(engine, bound), bound);
  }
}

TEST(ShuffleTest, ParsesTheSeedArgument) {
  auto seed_of = [](const std::string& value) {
    return parse_seed(test::invocation("mix", {}, {}, {{"seed", value}}));
  };
  EXPECT_EQ(*seed_of("0"), 0u);
  EXPECT_EQ(*seed_of("123456789012"), 123456789012u);
  EXPECT_TRUE(seed_of("random").ok());
  auto bad = seed_of("-1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "argument 'seed' must be a non-negative integer or 'random', not '-1'");
  EXPECT_FALSE(seed_of("soup").ok());
}

}  // namespace
}  // namespace flow::builtins
