#include "flow/flowfile/node.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "flowfile/yaml/reader.h"

namespace flow::flowfile {
namespace {

Node parse(const std::string& text) {
  yaml::YamlDocument document = yaml::read_yaml(text, "test.yaml");
  EXPECT_TRUE(document.errors.empty());
  return document.root.value_or(Node{});
}

TEST(NodeTest, FindsEntriesOfAMappingOnly) {
  Node node = parse("a: 1\nb: [x]\n");
  ASSERT_NE(node.find("a"), nullptr);
  EXPECT_EQ(node.find("a")->scalar, "1");
  EXPECT_EQ(node.find("c"), nullptr);
  EXPECT_EQ(node.find("b")->find("x"), nullptr);  // a sequence has no keys
}

TEST(NodeTest, FindPathFollowsDottedKeys) {
  Node node = parse("a:\n  b:\n    c: deep\n  d: 2\n");
  ASSERT_NE(find_path(node, "a.b.c"), nullptr);
  EXPECT_EQ(find_path(node, "a.b.c")->scalar, "deep");
  EXPECT_EQ(find_path(node, "a.d")->scalar, "2");
  EXPECT_TRUE(find_path(node, "a.b")->is_mapping());
  EXPECT_EQ(find_path(node, "a.x"), nullptr);
  EXPECT_EQ(find_path(node, "a.d.e"), nullptr);  // a scalar has no keys
  EXPECT_EQ(find_path(node, ""), nullptr);
}

TEST(NodeTest, DeepMergeMergesMappingsAndReplacesEverythingElse) {
  Node base = parse("a: {x: 1, y: [1, 2]}\nb: keep\nc: {z: 1}\n");
  Node over = parse("a: {y: [3], w: new}\nc: flat\nd: added\n");
  deep_merge(base, over);
  const Node* a = base.find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->find("x")->scalar, "1");
  ASSERT_EQ(a->find("y")->items.size(), 1u);  // lists are replaced, not appended
  EXPECT_EQ(a->find("y")->items[0].scalar, "3");
  EXPECT_EQ(a->find("w")->scalar, "new");
  EXPECT_EQ(base.find("b")->scalar, "keep");
  EXPECT_EQ(base.find("c")->scalar, "flat");
  EXPECT_EQ(base.find("d")->scalar, "added");
  // New keys come after the existing ones, in `over`'s order.
  ASSERT_EQ(base.entries.size(), 4u);
  EXPECT_EQ(base.entries[3].first, "d");
}

TEST(NodeTest, DeepMergeOfLargeMappingsKeepsOrderAndValues) {
  // Large enough to take the indexed path.
  std::string base_text;
  std::string over_text;
  // fmt::format, not `"k" + std::to_string(i)`: GCC 12's -Wrestrict false positive at -O3.
  for (int i = 0; i < 100; ++i)
    base_text += fmt::format("k{}: {}\n", i, i);
  for (int i = 50; i < 150; ++i)
    over_text += fmt::format("k{}: over\n", i);
  Node base = parse(base_text);
  deep_merge(base, parse(over_text));
  ASSERT_EQ(base.entries.size(), 150u);
  EXPECT_EQ(base.entries[10].second.scalar, "10");
  EXPECT_EQ(base.entries[60].second.scalar, "over");
  EXPECT_EQ(base.entries[149].first, "k149");
}

}  // namespace
}  // namespace flow::flowfile
