#include "flow/base/columns.h"

#include <gtest/gtest.h>

namespace flow {
namespace {

TEST(ColumnsTest, CountsTerminalColumnsNotBytes) {
  EXPECT_EQ(columns_of("stem book=84"), 12u);
  EXPECT_EQ(columns_of("\u65e5\u672c\u8a9e"), 6u);  // three CJK characters, two each
  EXPECT_EQ(columns_of("e\u0301t\u00e9"), 3u);      // a combining accent takes none
  EXPECT_EQ(columns_of("\u2588\u2591"), 2u);        // the status bar's blocks
  EXPECT_EQ(columns_of("\xff"
                       "ab"),
            3u);                            // an invalid byte counts one
  EXPECT_EQ(columns_of("\U0001F600"), 2u);  // an emoji
}

TEST(ColumnsTest, CutsWithoutSplittingACharacter) {
  EXPECT_EQ(cut_to_columns("abcdef", 3), "abc");
  EXPECT_EQ(cut_to_columns("\u65e5\u672c\u8a9e", 3), "\u65e5");  // the second would take 4
  EXPECT_EQ(cut_to_columns("\u65e5\u672c\u8a9e", 4), "\u65e5\u672c");
  EXPECT_EQ(cut_to_columns("e\u0301x", 1), "e\u0301");  // the accent stays with its letter
  EXPECT_EQ(cut_to_columns("short", 80), "short");
}

}  // namespace
}  // namespace flow
