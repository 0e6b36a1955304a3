#include "builtins/text/utf8.h"

#include <gtest/gtest.h>

namespace flow::builtins::text {
namespace {

TEST(Utf8Test, AcceptsValidText) {
  EXPECT_EQ(find_invalid_utf8(""), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("plain ascii, long enough for the fast path"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x99 \xF0\x9F\x8D\xB2"),
            std::nullopt);
  EXPECT_EQ(find_invalid_utf8("\xF4\x8F\xBF\xBF"), std::nullopt);  // U+10FFFF
}

TEST(Utf8Test, ReportsTheOffsetOfTheFirstBadByte) {
  EXPECT_EQ(find_invalid_utf8("abc\xFF"), 3u);
  EXPECT_EQ(find_invalid_utf8("0123456789abcdef\x80"), 16u);            // stray continuation byte
  EXPECT_EQ(find_invalid_utf8("ab\xC3"), 2u);                           // truncated at the end
  EXPECT_EQ(find_invalid_utf8("ab\xC3x"), 2u);                          // truncated in the middle
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);                         // overlong '/'
  EXPECT_EQ(find_invalid_utf8("x\xE0\x80\xAF"), 1u);                    // overlong, 3 bytes
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);                     // surrogate U+D800
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);                 // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("\xF0\x80\x80\x80"), 0u);                 // overlong, 4 bytes
  EXPECT_EQ(find_invalid_utf8("ok \xE2\x80\x99 then \xE9t\xE9"), 12u);  // Latin-1 'é'
}

TEST(Utf8Test, DecodesAndEncodesEveryLength) {
  for (char32_t cp : {U'A', U'\u00E9', U'\u20AC', U'\U0001F372', U'\U0010FFFF', U'\u07FF',
                      U'\u0800', U'\uFFFF', U'\U00010000'}) {
    std::string encoded;
    append_utf8(encoded, cp);
    EXPECT_EQ(find_invalid_utf8(encoded), std::nullopt);
    std::size_t pos = 0;
    EXPECT_EQ(next_code_point(encoded, pos), cp);
    EXPECT_EQ(pos, encoded.size());
    EXPECT_EQ(count_code_points(encoded), 1u);
  }
}

TEST(Utf8Test, CountsCodePointsNotBytes) {
  EXPECT_EQ(count_code_points("na\xC3\xAFve caf\xC3\xA9"), 10u);
  EXPECT_EQ(count_code_points(""), 0u);
}

}  // namespace
}  // namespace flow::builtins::text
