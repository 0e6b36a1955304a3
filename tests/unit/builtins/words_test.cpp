#include <gtest/gtest.h>

#include <filesystem>

#include "builtin_test_util.h"

namespace flow::builtins {
namespace {

using test::read_file;
using test::run_step;
using test::TempDir;

std::string words_of(const std::string& text, const std::string& strip = "true") {
  TempDir dir;
  std::string in = dir.write("in.txt", text);
  auto result = run_step("words", {in}, {dir / "out.txt"}, {{"strip_gutenberg", strip}});
  return result ? read_file(dir / "out.txt") : "error: " + result.error().message;
}

TEST(WordsTest, LowerCasesAndKeepsOnlyLetters) {
  EXPECT_EQ(words_of("The Rabbit-Hole, \"Don't!\" (she said)...\n"),
            "the\nrabbithole\ndont\nshe\nsaid\n");
  EXPECT_EQ(words_of("Alice\xE2\x80\x99s \xE2\x80\x9Cwell\xE2\x80\x9D \xE2\x80\x94 _italic_"),
            "alices\nwell\nitalic\n");  // curly quotes and the em dash are not letters
}

TEST(WordsTest, DropsTokensWithDigits) {
  EXPECT_EQ(words_of("In 1865, chapter 2nd: 3.5 pages and X7 rooms; a\xD9\xA3"
                     "b ok\n"),
            "in\nchapter\npages\nand\nrooms\nok\n");
}

TEST(WordsTest, HandlesLettersBeyondAscii) {
  EXPECT_EQ(
      words_of("Caf\xC3\xA9 NA\xC3\x8FVE \xC3\x86sop \xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91 "
               "\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90 Stra\xC3\x9F"
               "e"),
      "caf\xC3\xA9\nna\xC3\xAFve\n\xC3\xA6sop\n\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1\n"
      "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0\nstra\xC3\x9F"
      "e\n");
  // A combining accent stays with its letter; alone it is not a word.
  EXPECT_EQ(words_of("Cafe\xCC\x81 \xCC\x81"), "cafe\xCC\x81\n");
}

TEST(WordsTest, EmptyAndPunctuationOnlyInputsGiveAnEmptyFile) {
  EXPECT_EQ(words_of(""), "");
  EXPECT_EQ(words_of("--- *** 42 ...\n"), "");
}

const char* const k_book =
    "\xEF\xBB\xBFThe Project Gutenberg eBook of Soup\r\n"
    "Licence words here\r\n"
    "*** START OF THIS PROJECT GUTENBERG EBOOK SOUP ***\r\n"
    "Peas and water.\r\n"
    "*** END OF THIS PROJECT GUTENBERG EBOOK SOUP ***\r\n"
    "More licence words\r\n";

TEST(WordsTest, StripsTheGutenbergHeaderAndFooter) {
  EXPECT_EQ(words_of(k_book), "peas\nand\nwater\n");
  EXPECT_EQ(words_of(k_book, "false"),
            "the\nproject\ngutenberg\nebook\nof\nsoup\nlicence\nwords\nhere\nstart\nof\nthis\n"
            "project\ngutenberg\nebook\nsoup\npeas\nand\nwater\nend\nof\nthis\nproject\n"
            "gutenberg\nebook\nsoup\nmore\nlicence\nwords\n");
}

TEST(WordsTest, UsesWhicheverMarkerIsThere) {
  EXPECT_EQ(words_of("header\n***START OF THE PROJECT GUTENBERG EBOOK X***\nbody\n"), "body\n");
  EXPECT_EQ(words_of("body\n  *** end of the project gutenberg ebook x ***\nfooter\n"), "body\n");
  EXPECT_EQ(words_of("no markers at all\n"), "no\nmarkers\nat\nall\n");
  // An END marker before the START marker is not a footer.
  EXPECT_EQ(words_of("*** END OF X\nhead\n*** START OF X\nbody\n*** END OF X\nfoot\n"), "body\n");
}

TEST(WordsTest, RejectsInvalidUtf8WithTheOffset) {
  EXPECT_TRUE(words_of("abc \xC3(").ends_with("invalid UTF-8 at byte 4"));
}

TEST(WordsTest, TokenisesARealBook) {
  const std::string book = "/work/shared/data/books/84.txt";
  if (!std::filesystem::exists(book)) GTEST_SKIP() << book << " is absent; skipping";
  TempDir dir;
  ASSERT_TRUE(run_step("words", {book}, {dir / "out.txt"}).ok());
  std::vector<std::string> words = test::lines_of(read_file(dir / "out.txt"));
  ASSERT_GT(words.size(), 70000u);
  // The first words after the START marker; the header's "Frankenstein" is gone.
  EXPECT_EQ(std::vector<std::string>(words.begin(), words.begin() + 3),
            (std::vector<std::string>{"produced", "by", "judith"}));
  for (const auto& word : words) {
    ASSERT_FALSE(word.empty());
    ASSERT_EQ(word.find_first_of(" \r\t0123456789.,;:'\"-_"), std::string::npos) << word;
  }
}

}  // namespace
}  // namespace flow::builtins
