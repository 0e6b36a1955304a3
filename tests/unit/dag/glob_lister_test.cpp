// Glob items against a fake filesystem (spec §6): one listing per directory, sorted matches,
// constraints, hidden files, the walk from the longest literal directory.

#include <gtest/gtest.h>

#include "dag/glob_lister.h"
#include "support/fake_filesystem.h"

namespace flow::dag {
namespace {

pattern::Pattern bound(const std::string& text, std::vector<std::string> names,
                       std::vector<std::optional<pattern::Regex>> constraints = {}) {
  auto parsed = pattern::Pattern::parse(text);
  EXPECT_TRUE(parsed.ok());
  constraints.resize(names.size());
  parsed->bind(names, constraints);
  return std::move(*parsed);
}

class GlobListerTest : public ::testing::Test {
 protected:
  std::vector<std::string> paths(const pattern::Pattern& glob) {
    auto matched = m_lister.match(glob, "r");
    EXPECT_TRUE(matched.ok());
    return matched.ok() ? (*matched)->paths : std::vector<std::string>{};
  }

  test::FakeFilesystem m_fs;
  GlobLister m_lister{m_fs};
};

TEST_F(GlobListerTest, MatchesFilesSortedWithTheirValues) {
  m_fs.create("raw/b.fastq");
  m_fs.create("raw/a.fastq");
  m_fs.create("raw/c.txt");
  m_fs.create("other/d.fastq");
  auto glob = bound("raw/{run}.fastq", {"run"});
  auto matched = m_lister.match(glob, "all");
  ASSERT_TRUE(matched.ok());
  EXPECT_EQ((*matched)->paths, (std::vector<std::string>{"raw/a.fastq", "raw/b.fastq"}));
  ASSERT_EQ((*matched)->values.size(), 2U);
  EXPECT_EQ((*matched)->values[0], pattern::WildcardValues{"a"});
  EXPECT_EQ((*matched)->rule, "all");
  // Only raw/ was listed: the walk starts at the literal directory.
  EXPECT_EQ(m_fs.list_counts().count("raw"), 1U);
  EXPECT_EQ(m_fs.list_counts().count("other"), 0U);
  EXPECT_EQ(m_fs.list_counts().count(""), 0U);
}

TEST_F(GlobListerTest, WildcardsCrossDirectoriesAndHiddenFilesMatch) {
  // As Snakemake's glob_wildcards: a wildcard is `.+` (it spans '/'), hidden entries count.
  m_fs.create("raw/x/y.fastq");
  m_fs.create("raw/.hidden.fastq");
  EXPECT_EQ(paths(bound("raw/{run}.fastq", {"run"})),
            (std::vector<std::string>{"raw/.hidden.fastq", "raw/x/y.fastq"}));
}

TEST_F(GlobListerTest, ConstraintsApply) {
  m_fs.create("raw/x/y.fastq");
  m_fs.create("raw/a1.fastq");
  auto constraint = pattern::Regex::compile("[a-z0-9]+");
  ASSERT_TRUE(constraint.ok());
  EXPECT_EQ(paths(bound("raw/{run}.fastq", {"run"}, {*constraint})),
            std::vector<std::string>{"raw/a1.fastq"});
}

TEST_F(GlobListerTest, ADirectoryWithWildcardsIsWalkedFromItsLiteralPrefixOnce) {
  m_fs.create("data/s1/r1.txt");
  m_fs.create("data/s1/r2.txt");
  m_fs.create("data/s2/r1.txt");
  m_fs.create("dat/s3/r1.txt");
  auto one = bound("data/{sample}/{run}.txt", {"sample", "run"});
  auto two = bound("data/{sample}/r1.txt", {"sample"});
  EXPECT_EQ(paths(one),
            (std::vector<std::string>{"data/s1/r1.txt", "data/s1/r2.txt", "data/s2/r1.txt"}));
  EXPECT_EQ(paths(two), (std::vector<std::string>{"data/s1/r1.txt", "data/s2/r1.txt"}));
  // Two globs over the same tree: each directory listed once.
  for (const auto& [dir, count] : m_fs.list_counts())
    EXPECT_EQ(count, 1) << dir;
  EXPECT_EQ(m_fs.list_counts().count("dat"), 0U);
}

TEST_F(GlobListerTest, ThePrefixPrunesTheWalk) {
  m_fs.create("data/sample_a/x.txt");
  m_fs.create("data/other/x.txt");
  EXPECT_EQ(paths(bound("data/sample_{s}/x.txt", {"s"})),
            std::vector<std::string>{"data/sample_a/x.txt"});
  EXPECT_EQ(m_fs.list_counts().count("data/other"), 0U);
}

TEST_F(GlobListerTest, FillsTheJobsWildcardsFirst) {
  m_fs.create("chunks/a/part_1");
  m_fs.create("chunks/a/part_2");
  m_fs.create("chunks/b/part_1");
  auto glob = bound("chunks/{sample}/{part}", {"sample", "part"});
  auto filled = glob.fill({"a"}, 1);
  EXPECT_EQ(filled.text(), "chunks/a/{part}");
  auto matched = m_lister.match(filled, "merge");
  ASSERT_TRUE(matched.ok());
  EXPECT_EQ((*matched)->paths, (std::vector<std::string>{"chunks/a/part_1", "chunks/a/part_2"}));
  EXPECT_EQ((*matched)->values[1][1], "part_2");
  EXPECT_EQ(m_fs.list_counts().count("chunks"), 0U);  // only chunks/a
}

TEST_F(GlobListerTest, NothingMatchingIsAnEmptyList) {
  EXPECT_TRUE(paths(bound("missing/{x}.txt", {"x"})).empty());
  m_fs.create("a.txt");
  EXPECT_TRUE(paths(bound("a.txt/{x}", {"x"})).empty());  // a file is no directory
}

TEST_F(GlobListerTest, APlainPathMatchesWhenItExists) {
  m_fs.create("d/a.txt");
  EXPECT_EQ(paths(bound("d/a.txt", {})), std::vector<std::string>{"d/a.txt"});
  EXPECT_TRUE(paths(bound("d/b.txt", {})).empty());
}

TEST_F(GlobListerTest, DirectoriesMatchToo) {
  m_fs.create_dir("out/run1");
  m_fs.create("out/run2/f");
  auto constraint = pattern::Regex::compile("run[0-9]");
  ASSERT_TRUE(constraint.ok());
  EXPECT_EQ(paths(bound("out/{run}", {"run"}, {*constraint})),
            (std::vector<std::string>{"out/run1", "out/run2"}));
}

TEST_F(GlobListerTest, TheSameGlobIsMatchedOnce) {
  m_fs.create("raw/a.fastq");
  auto glob = bound("raw/{run}.fastq", {"run"});
  auto first = m_lister.match(glob, "a");
  auto second = m_lister.match(glob, "b");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(m_lister.results().size(), 1U);
  EXPECT_EQ(m_fs.list_counts().at("raw"), 1);
}

TEST_F(GlobListerTest, AnUnreadableDirectoryIsAnError) {
  m_fs.create("raw/a.fastq");
  m_fs.fail_list("raw");
  auto matched = m_lister.match(bound("raw/{run}.fastq", {"run"}), "r");
  ASSERT_FALSE(matched.ok());
  EXPECT_EQ(matched.error().message, "cannot list 'raw': Permission denied");
}

}  // namespace
}  // namespace flow::dag
