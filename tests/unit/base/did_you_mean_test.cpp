#include "flow/base/did_you_mean.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace flow {
namespace {

const std::vector<std::string> k_names = {"input", "output", "params"};

TEST(DidYouMeanTest, NamesTheClosestCandidateAsTheUserWouldWriteIt) {
  EXPECT_EQ(did_you_mean("inptu", k_names), "did you mean 'input'?");
  EXPECT_EQ(did_you_mean("outptu", k_names, "{", ".text}"), "did you mean '{output.text}'?");
  EXPECT_EQ(did_you_mean("zzzzzz", k_names), std::nullopt);
  EXPECT_EQ(did_you_mean("x", {}), std::nullopt);
}

TEST(DidYouMeanTest, AddsTheHintToAnErrorOnlyWhenThereIsOne) {
  Error error = make_error(ErrorKind::usage, "unknown key 'parms'");
  EXPECT_TRUE(add_did_you_mean(error, "parms", k_names));
  EXPECT_FALSE(add_did_you_mean(error, "qqqqqqq", k_names));
  EXPECT_EQ(error.notes, (std::vector<std::string>{"did you mean 'params'?"}));
}

}  // namespace
}  // namespace flow
