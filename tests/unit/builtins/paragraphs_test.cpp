#include <gtest/gtest.h>

#include <filesystem>

#include "builtin_test_util.h"

namespace flow::builtins {
namespace {

using test::message_of;
using test::read_file;
using test::run_step;
using test::TempDir;

std::string paragraphs_of(const std::string& text) {
  TempDir dir;
  std::string in = dir.write("in.txt", text);
  auto result = run_step("paragraphs", {in}, {dir / "out.txt"});
  return result ? read_file(dir / "out.txt") : "error: " + result.error().message;
}

TEST(ParagraphsTest, SplitsAtBlankLines) {
  EXPECT_EQ(paragraphs_of("one\ntwo\n\nthree\n"), "one\ntwo\n\nthree\n");
  EXPECT_EQ(paragraphs_of("\n\n  \none\n \t \n\n\ntwo\nlines\n\n\n"), "one\n\ntwo\nlines\n");
  EXPECT_EQ(paragraphs_of("no final newline"), "no final newline\n");
}

TEST(ParagraphsTest, KeepsLinesAsTheyAre) {
  // Leading and trailing spaces inside a paragraph are not touched.
  EXPECT_EQ(paragraphs_of("  indented verse  \n\tand a tab\n"),
            "  indented verse  \n\tand a tab\n");
}

TEST(ParagraphsTest, ReadsCrlfAndDropsTheBom) {
  EXPECT_EQ(paragraphs_of("\xEF\xBB\xBFTitle\r\n\r\nBody one\r\nbody two\r\n"),
            "Title\n\nBody one\nbody two\n");
}

TEST(ParagraphsTest, KeepsTheBomWhenAsked) {
  TempDir dir;
  std::string in = dir.write("in.txt", "\xEF\xBB\xBFTitle\r\n\r\nBody\r\n");
  ASSERT_EQ(message_of(run_step("paragraphs", {in}, {dir / "out.txt"}, {{"bom", "keep"}})), "<ok>");
  EXPECT_EQ(read_file(dir / "out.txt"), "\xEF\xBB\xBFTitle\n\nBody\n");
  EXPECT_EQ(message_of(run_step("paragraphs", {in}, {dir / "out.txt"}, {{"bom", "strip"}})),
            "argument 'bom' must be one of drop, keep, not 'strip'");
}

TEST(ParagraphsTest, GivesTheExampleOfTheDocs) {
  EXPECT_EQ(paragraphs_of("\r\n Title\r\n\r\n\r\nOne\r\ntwo"), " Title\n\nOne\ntwo\n");
}

TEST(ParagraphsTest, ALineOfUnicodeSpacesIsBlank) {
  EXPECT_EQ(paragraphs_of("a\n\xC2\xA0\xE2\x80\x83\nb\n"), "a\n\nb\n");
}

TEST(ParagraphsTest, EmptyInputsGiveAnEmptyFile) {
  EXPECT_EQ(paragraphs_of(""), "");
  EXPECT_EQ(paragraphs_of("\n \n\t\n"), "");
}

TEST(ParagraphsTest, RejectsBinaryInput) {
  EXPECT_TRUE(paragraphs_of(std::string("a\0b", 3)).starts_with("error: input '"));
  EXPECT_TRUE(paragraphs_of("\xFE\xFF").ends_with("invalid UTF-8 at byte 0"));
}

TEST(ParagraphsTest, FindsTheParagraphsOfAliceInWonderland) {
  const std::string book = "/work/shared/data/books/alice-in-wonderland.txt";
  if (!std::filesystem::exists(book)) GTEST_SKIP() << book << " is absent; skipping";
  TempDir dir;
  ASSERT_EQ(message_of(run_step("paragraphs", {book}, {dir / "out.txt"})), "<ok>");
  std::string out = read_file(dir / "out.txt");
  std::size_t separators = 0;
  for (std::size_t at = out.find("\n\n"); at != std::string::npos; at = out.find("\n\n", at + 2)) {
    ++separators;
  }
  EXPECT_EQ(separators + 1, 881u);
  EXPECT_TRUE(out.starts_with("The Project Gutenberg EBook of Alice"));  // BOM dropped
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out.find("\n\n\n"), std::string::npos);
}

}  // namespace
}  // namespace flow::builtins
