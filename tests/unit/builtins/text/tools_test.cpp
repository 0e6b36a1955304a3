#include "builtins/text/tools.h"

#include <gtest/gtest.h>

#include "../builtin_test_util.h"
#include "builtins/text/utf8.h"

namespace flow::builtins::text {
namespace {

using SV = std::vector<std::string_view>;

TEST(TextToolsTest, SplitsWordsAtAnyWhiteSpace) {
  SV words;
  split_words("  peas\tand\n\nwater\xC2\xA0(hot)  ", words);
  EXPECT_EQ(words, (SV{"peas", "and", "water", "(hot)"}));
  split_words("more", words);  // appends
  EXPECT_EQ(words.back(), "more");
  SV none;
  split_words(" \n\t ", none);
  EXPECT_TRUE(none.empty());
}

TEST(TextToolsTest, SplitsCharactersAsCodePointsWithoutWhiteSpace) {
  EXPECT_EQ(split_characters("pe a\n\xC3\xA9\xE2\x82\xAC"),
            (SV{"p", "e", "a", "\xC3\xA9", "\xE2\x82\xAC"}));
}

TEST(TextToolsTest, WrapsGreedilyToTheWidth) {
  EXPECT_EQ(wrap_words({}, 10), "");
  EXPECT_EQ(wrap_words({"one"}, 10), "one\n");
  EXPECT_EQ(wrap_words({"aaa", "bbb", "cc", "d"}, 10), "aaa bbb cc\nd\n");
  EXPECT_EQ(wrap_words({"aaa", "bbb", "ccc"}, 10), "aaa bbb\nccc\n");
  // A word longer than the width stands alone, unbroken.
  EXPECT_EQ(wrap_words({"a", "abcdefghijklmno", "b"}, 10), "a\nabcdefghijklmno\nb\n");
  // Width counts code points: five two-byte letters are five columns.
  EXPECT_EQ(wrap_words({"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", "xxxx"}, 10),
            "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 xxxx\n");
}

TEST(TextToolsTest, NoWrappedLineIsLongerThanTheWidthUnlessOneWord) {
  std::vector<std::string> storage;
  for (int i = 0; i < 300; ++i)
    storage.push_back(std::string(static_cast<std::size_t>(i % 13 + 1), 'x'));
  SV words(storage.begin(), storage.end());
  std::string wrapped = wrap_words(words, k_wrap_width);
  std::size_t total_words = 0;
  for (const auto& line : test::lines_of(wrapped)) {
    EXPECT_LE(count_code_points(line), k_wrap_width);
    EXPECT_FALSE(line.starts_with(" ") || line.ends_with(" "));
    SV line_words;
    split_words(line, line_words);
    total_words += line_words.size();
  }
  EXPECT_EQ(total_words, words.size());
}

TEST(TextToolsTest, SplitsLines) {
  EXPECT_EQ(split_lines(""), SV{});
  EXPECT_EQ(split_lines("a\nb\n"), (SV{"a", "b"}));
  EXPECT_EQ(split_lines("a\nb"), (SV{"a", "b"}));
  EXPECT_EQ(split_lines("\n\na\n"), (SV{"", "", "a"}));
}

}  // namespace
}  // namespace flow::builtins::text
