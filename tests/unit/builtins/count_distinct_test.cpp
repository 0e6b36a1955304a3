#include <gtest/gtest.h>

#include "builtin_test_util.h"

namespace flow::builtins {
namespace {

using test::message_of;
using test::read_file;
using test::run_step;
using test::TempDir;

TEST(CountDistinctTest, CountsEachInputAndTheirUnion) {
  TempDir dir;
  std::string a = dir.write("words/84.txt", "pea\nsoup\npea\nwater\n");
  std::string b = dir.write("words/11.txt", "pea\ncarrot\r\ncarrot\n");
  ASSERT_EQ(message_of(run_step("count_distinct", {a, b}, {dir / "counts.tsv"})), "<ok>");
  EXPECT_EQ(read_file(dir / "counts.tsv"),
            "name\tlines\tdistinct_lines\n"
            "84\t4\t3\n"
            "11\t3\t2\n"
            "all\t7\t4\n");
}

TEST(CountDistinctTest, EmptyLinesCountAndEmptyFilesAreZero) {
  TempDir dir;
  std::string a = dir.write("a.txt", "x\n\n\nx");
  std::string empty = dir.write("empty.txt", "");
  ASSERT_TRUE(run_step("count_distinct", {a, empty}, {dir / "c.tsv"}).ok());
  EXPECT_EQ(read_file(dir / "c.tsv"),
            "name\tlines\tdistinct_lines\na\t4\t2\nempty\t0\t0\nall\t4\t2\n");
}

TEST(CountDistinctTest, TheLabelAllIsReserved) {
  TempDir dir;
  std::string all = dir.write("all.txt", "x\n");
  EXPECT_EQ(message_of(run_step("count_distinct", {all}, {dir / "c.tsv"})),
            "input '" + all + "': its label 'all' is kept for the totals row");
}

}  // namespace
}  // namespace flow::builtins
