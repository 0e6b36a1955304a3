#include "flow/base/error_list.h"

#include <gtest/gtest.h>

#include <string>

namespace flow {
namespace {

TEST(ErrorListTest, TakesAllErrorsAsOneInTheirOrder) {
  ErrorList errors;
  EXPECT_TRUE(errors.empty());
  errors.add({"f.yaml", 2, 3}, "first", "x", {"a note"});
  errors.add(make_error(ErrorKind::flowfile, "second"));
  ASSERT_FALSE(errors.empty());
  Error all = errors.take();
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(all.kind, ErrorKind::flowfile);
  EXPECT_EQ(all.message, "first");
  EXPECT_EQ(all.location->line, 2);
  EXPECT_EQ(all.location->column, 3);
  EXPECT_EQ(all.anchor, "x");
  EXPECT_EQ(all.notes, (std::vector<std::string>{"a note"}));
  ASSERT_EQ(all.more.size(), 1u);
  EXPECT_EQ(all.more[0].message, "second");
}

TEST(ErrorListTest, KeepsTwentyAndSaysWhenItStopped) {
  ErrorList errors;
  for (int i = 0; i < 25; ++i) {
    Error& error = errors.add({"f.yaml", i + 1, 1}, "error " + std::to_string(i));
    error.notes.push_back("note");  // on a scratch error once the list is full
  }
  EXPECT_TRUE(errors.full());
  Error all = errors.take();
  ASSERT_EQ(all.more.size(), 19u);
  EXPECT_EQ(all.more.back().message, "error 19");
  EXPECT_EQ(all.more.back().notes, (std::vector<std::string>{"note", "(stopped after 20 errors)"}));
  EXPECT_EQ(all.notes, (std::vector<std::string>{"note"}));
}

TEST(ErrorListTest, SaysNothingWhenNoneWasDropped) {
  ErrorList errors;
  for (int i = 0; i < 20; ++i)
    errors.add(make_error(ErrorKind::flowfile, "e"));
  Error all = errors.take();
  EXPECT_EQ(all.more.size(), 19u);
  EXPECT_TRUE(all.more.back().notes.empty());
}

TEST(ErrorListTest, CombinesAVectorOfErrors) {
  Error all = combine_errors({make_error(ErrorKind::usage, "a"), make_error(ErrorKind::usage, "b"),
                              make_error(ErrorKind::usage, "c")});
  EXPECT_EQ(all.message, "a");
  ASSERT_EQ(all.more.size(), 2u);
  EXPECT_EQ(all.more[1].message, "c");
}

}  // namespace
}  // namespace flow
