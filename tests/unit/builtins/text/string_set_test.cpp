#include "builtins/text/string_set.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace flow::builtins::text {
namespace {

TEST(StringSetTest, NumbersMembersInOrderOfFirstInsertion) {
  StringSet set;
  EXPECT_EQ(set.insert("pea"), std::make_pair(0u, true));
  EXPECT_EQ(set.insert("soup"), std::make_pair(1u, true));
  EXPECT_EQ(set.insert("pea"), std::make_pair(0u, false));
  EXPECT_EQ(set.insert(""), std::make_pair(2u, true));
  EXPECT_EQ(set.insert(""), std::make_pair(2u, false));
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(set.members(), (std::vector<std::string_view>{"pea", "soup", ""}));
}

TEST(StringSetTest, AgreesWithUnorderedSetThroughManyGrowths) {
  std::vector<std::string> storage;
  for (int i = 0; i < 50000; ++i)
    storage.push_back(fmt::format("w{}", (i * 7919) % 20011));  // not "w" + ...: GCC 12 -O3
  StringSet set(4);
  std::unordered_set<std::string> reference;
  for (const auto& word : storage) {
    bool is_new = reference.insert(word).second;
    auto [id, inserted] = set.insert(word);
    ASSERT_EQ(inserted, is_new) << word;
    ASSERT_EQ(set.members()[id], word);
  }
  EXPECT_EQ(set.size(), reference.size());
}

TEST(StringSetTest, TellsApartStringsThatShareTheirFirstEightBytes) {
  StringSet set;
  EXPECT_TRUE(set.insert("abcdefgh1").second);
  EXPECT_TRUE(set.insert("abcdefgh2").second);
  EXPECT_TRUE(set.insert("abcdefgh").second);
  EXPECT_TRUE(set.insert(std::string_view("abcdefgh\0", 9)).second);
  EXPECT_NE(StringSet::hash("a"), StringSet::hash(std::string_view("a\0", 2)));
}

}  // namespace
}  // namespace flow::builtins::text
