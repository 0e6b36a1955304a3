#include <gtest/gtest.h>

#include "builtin_test_util.h"

namespace flow::builtins {
namespace {

using test::message_of;
using test::read_file;
using test::TempDir;

const char* const k_words = "name\tlines\tdistinct_lines\n84\t100\t40\n11\t50\t30\nall\t150\t60\n";
const char* const k_stems = "name\tlines\tdistinct_lines\n11\t50\t20\n84\t100\t25\nall\t150\t38\n";

// join_tsv with inputs named "words" and "stems".
Result<void> join(const TempDir& dir, const std::string& words, const std::string& stems,
                  std::map<std::string, std::string> args) {
  BuiltinInvocation call = test::invocation("join_tsv", {}, {dir / "out.tsv"}, std::move(args));
  call.inputs = {{"words", dir.write("words.tsv", words)},
                 {"stems", dir.write("stems.tsv", stems)}};
  return run_builtin(call);
}

const char* const k_columns =
    "words=words.lines, distinct_words=words.distinct_lines,"
    "distinct_stems=stems.distinct_lines";

TEST(JoinTsvTest, JoinsColumnsOnTheKeyInTheFirstInputsOrder) {
  TempDir dir;
  ASSERT_EQ(message_of(join(dir, k_words, k_stems, {{"key", "book"}, {"columns", k_columns}})),
            "<ok>");
  EXPECT_EQ(read_file(dir / "out.tsv"),
            "book\twords\tdistinct_words\tdistinct_stems\n"
            "84\t100\t40\t25\n"
            "11\t50\t30\t20\n"
            "all\t150\t60\t38\n");
}

TEST(JoinTsvTest, InputsCanBeNamedByPosition) {
  TempDir dir;
  ASSERT_TRUE(join(dir, k_words, k_stems, {{"columns", "s=1.distinct_lines"}}).ok());
  EXPECT_EQ(read_file(dir / "out.tsv"), "name\ts\n84\t25\n11\t20\nall\t38\n");
}

TEST(JoinTsvTest, ExplainsBadColumnSpecifications) {
  TempDir dir;
  EXPECT_EQ(message_of(join(dir, k_words, k_stems, {{"columns", "words.lines"}})),
            "argument 'columns' item 'words.lines' is not of the form OUTPUT=INPUT.COLUMN");
  EXPECT_EQ(message_of(join(dir, k_words, k_stems, {{"columns", "x=counts.lines"}})),
            "argument 'columns' refers to input 'counts', which is neither the name of an input "
            "nor a position from 0 to 1");
  EXPECT_EQ(message_of(join(dir, k_words, k_stems, {{"columns", "x=stems.line"}})),
            "input '" + dir / "stems.tsv" +
                "' has no column 'line' (it has: name, lines, "
                "distinct_lines)");
  EXPECT_EQ(message_of(join(dir, k_words, k_stems, {{"columns", " , "}})),
            "argument 'columns' names no columns");
  EXPECT_FALSE(test::file_exists(dir / "out.tsv"));
}

TEST(JoinTsvTest, ExplainsTablesThatDoNotMatch) {
  TempDir dir;
  EXPECT_EQ(message_of(join(dir, k_words, "name\tlines\n84\t1\n", {{"columns", "x=stems.lines"}})),
            "input '" + dir / "stems.tsv" + "' has no row '11'");
  EXPECT_EQ(
      message_of(join(dir, k_words, "name\tlines\n84\t1\n84\t2\n", {{"columns", "x=1.lines"}})),
      "input '" + dir / "stems.tsv" + "': line 3: key '84' repeated");
  EXPECT_EQ(message_of(join(dir, k_words, "name\tlines\n84\n", {{"columns", "x=1.lines"}})),
            "input '" + dir / "stems.tsv" + "': line 2 has 1 fields, the header has 2");
  EXPECT_EQ(message_of(join(dir, "", k_stems, {{"columns", "x=1.lines"}})),
            "input '" + dir / "words.tsv" + "': no header row");
}

}  // namespace
}  // namespace flow::builtins
