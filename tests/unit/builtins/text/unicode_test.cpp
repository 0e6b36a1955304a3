#include "builtins/text/unicode.h"

#include <gtest/gtest.h>

namespace flow::builtins::text {
namespace {

TEST(UnicodeTest, KnowsLettersOfManyScripts) {
  for (char32_t cp :
       {U'a', U'Z', U'\u00E9', U'\u00DF', U'\u0153', U'\u01C5', U'\u0259', U'\u03A3', U'\u03C2',
        U'\u0416', U'\u0436', U'\u05D0', U'\u0627', U'\u4E2D', U'\u1EA1', U'\u00AA'}) {
    EXPECT_TRUE(is_letter(cp)) << std::hex << static_cast<unsigned>(cp);
  }
  for (char32_t cp : {U'0', U' ', U'-', U'\'', U'\u2019', U'\u2014', U'\u00D7', U'\u00F7',
                      U'\u0301', U'\u0660', U'\u00A0', U'\u037E', U'\u0482', U'\U0001F372'}) {
    EXPECT_FALSE(is_letter(cp)) << std::hex << static_cast<unsigned>(cp);
  }
}

TEST(UnicodeTest, LowerCasesLatinGreekAndCyrillic) {
  EXPECT_EQ(to_lower(U'A'), U'a');
  EXPECT_EQ(to_lower(U'a'), U'a');
  EXPECT_EQ(to_lower(U'\u00C4'), U'\u00E4');  // Ä
  EXPECT_EQ(to_lower(U'\u00D7'), U'\u00D7');  // × is not a letter
  EXPECT_EQ(to_lower(U'\u00DE'), U'\u00FE');  // Þ
  EXPECT_EQ(to_lower(U'\u0178'), U'\u00FF');  // Ÿ
  EXPECT_EQ(to_lower(U'\u0130'), U'i');       // İ: the simple mapping
  EXPECT_EQ(to_lower(U'\u0139'), U'\u013A');  // Ĺ: odd/even pairs in Latin Extended-A
  EXPECT_EQ(to_lower(U'\u0152'), U'\u0153');  // Œ
  EXPECT_EQ(to_lower(U'\u01C4'), U'\u01C6');  // Ǆ
  EXPECT_EQ(to_lower(U'\u01C5'), U'\u01C6');  // ǅ (title case)
  EXPECT_EQ(to_lower(U'\u0181'), U'\u0253');  // Ɓ
  EXPECT_EQ(to_lower(U'\u0391'), U'\u03B1');  // Α
  EXPECT_EQ(to_lower(U'\u03A3'), U'\u03C3');  // Σ
  EXPECT_EQ(to_lower(U'\u0386'), U'\u03AC');  // Ά
  EXPECT_EQ(to_lower(U'\u0401'), U'\u0451');  // Ё
  EXPECT_EQ(to_lower(U'\u0416'), U'\u0436');  // Ж
  EXPECT_EQ(to_lower(U'\u0460'), U'\u0461');  // Ѡ
  EXPECT_EQ(to_lower(U'\u1E9E'), U'\u00DF');  // ẞ
  EXPECT_EQ(to_lower(U'\u1EA0'), U'\u1EA1');  // Ạ
  EXPECT_EQ(to_lower(U'\u4E2D'), U'\u4E2D');  // no case
}

TEST(UnicodeTest, KnowsMarksDigitsAndWhiteSpace) {
  EXPECT_TRUE(is_mark(U'\u0301'));
  EXPECT_TRUE(is_mark(U'\u093F'));  // Devanagari vowel sign
  EXPECT_FALSE(is_mark(U'e'));
  EXPECT_TRUE(is_decimal_digit(U'7'));
  EXPECT_TRUE(is_decimal_digit(U'\u0663'));   // Arabic-Indic three
  EXPECT_FALSE(is_decimal_digit(U'\u00B2'));  // superscript two is not Nd
  EXPECT_FALSE(is_decimal_digit(U'x'));
  for (char32_t cp :
       {U' ', U'\t', U'\n', U'\r', U'\v', U'\f', U'\u00A0', U'\u2003', U'\u3000', U'\u2028'}) {
    EXPECT_TRUE(is_white_space(cp)) << std::hex << static_cast<unsigned>(cp);
  }
  for (char32_t cp : {U'x', U'\u200B', U'\uFEFF', U'_'}) {
    EXPECT_FALSE(is_white_space(cp)) << std::hex << static_cast<unsigned>(cp);
  }
}

}  // namespace
}  // namespace flow::builtins::text
