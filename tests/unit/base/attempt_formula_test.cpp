#include "flow/base/attempt_formula.h"

#include <gtest/gtest.h>

namespace flow {
namespace {

AttemptFormula parsed(std::string_view text) {
  auto result = AttemptFormula::parse(text);
  if (auto* problem = std::get_if<FormulaProblem>(&result)) {
    ADD_FAILURE() << text << ": " << problem->message;
    return std::get<AttemptFormula>(AttemptFormula::parse("0"));
  }
  return std::get<AttemptFormula>(std::move(result));
}

FormulaProblem problem_of(std::string_view text) {
  auto result = AttemptFormula::parse(text);
  if (auto* problem = std::get_if<FormulaProblem>(&result)) return *problem;
  ADD_FAILURE() << text << " parsed";
  return {};
}

TEST(AttemptFormula, GrowsWithTheTry) {
  auto formula = parsed("2000 * {attempt}");
  EXPECT_EQ(formula.evaluate(1), 2000);
  EXPECT_EQ(formula.evaluate(3), 6000);
  EXPECT_EQ(formula.text(), "2000 * {attempt}");
}

TEST(AttemptFormula, PrecedenceAndParentheses) {
  EXPECT_EQ(parsed("1000 + 500 * {attempt}").evaluate(2), 2000);
  EXPECT_EQ(parsed("(1000 + 500) * {attempt}").evaluate(2), 3000);
  EXPECT_EQ(parsed("10 - 2 - 3").evaluate(1), 5);  // left to right, as in Python
  EXPECT_EQ(parsed("-{attempt} + 10").evaluate(4), 6);
  EXPECT_EQ(parsed("{attempt}*{attempt}*100").evaluate(3), 900);
  EXPECT_EQ(parsed("  {attempt}\t").evaluate(7), 7);
  EXPECT_EQ(parsed("((({attempt})))").evaluate(2), 2);
}

TEST(AttemptFormula, OutOfRangeIsNoValue) {
  auto formula = parsed("9223372036854775807 * {attempt}");
  EXPECT_EQ(formula.evaluate(1), INT64_MAX);
  EXPECT_FALSE(formula.evaluate(2).has_value());
  EXPECT_FALSE(parsed("-9223372036854775807 - 2").evaluate(1).has_value());
}

TEST(AttemptFormula, MentionsAttempt) {
  EXPECT_TRUE(AttemptFormula::mentions_attempt("2 * {attempt}"));
  EXPECT_FALSE(AttemptFormula::mentions_attempt("{attempts}"));
  EXPECT_FALSE(AttemptFormula::mentions_attempt("2000"));
}

TEST(AttemptFormula, ProblemsSayWhatAndWhere) {
  auto joined = problem_of("{attempt}000");
  EXPECT_EQ(joined.message, "expected an operator (+ - *) here, not '0'");
  EXPECT_EQ(joined.offset, 9u);

  auto other = problem_of("100 * {wildcards.n}");
  EXPECT_EQ(other.message, "only {attempt} can be used in a resource formula, not {wildcards.n}");
  EXPECT_EQ(other.offset, 6u);

  auto open = problem_of("2 * ({attempt} + 1");
  EXPECT_EQ(open.message, "this '(' is not closed");
  EXPECT_EQ(open.offset, 4u);

  auto close = problem_of("{attempt} + 1)");
  EXPECT_EQ(close.message, "a ')' without its '('");
  EXPECT_EQ(close.offset, 13u);

  EXPECT_EQ(problem_of("{attempt} *").message,
            "the formula ends where a number or {attempt} belongs");
  EXPECT_EQ(problem_of("4000 / {attempt}").message,
            "division is not supported in a resource formula");
  EXPECT_EQ(problem_of("2 ** {attempt}").message,
            "expected a number, {attempt} or '(' here, not '*'");
  EXPECT_EQ(problem_of("   ").message, "the formula is empty");
  EXPECT_EQ(problem_of("99999999999999999999 * {attempt}").message, "this number is too large");
}

}  // namespace
}  // namespace flow
