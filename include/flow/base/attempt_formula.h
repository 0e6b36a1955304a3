#pragma once
// A resource that grows with each retry (spec §9): `mem_mb: "2000 * {attempt}"`. Integer
// literals, `{attempt}` (1 for the first try), + - * and parentheses, as Snakemake users
// write `lambda wildcards, attempt: 2000 * attempt`. Parsed once at load, evaluated per try.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace flow {

/// Why a text is not a formula: what is wrong, and where.
struct FormulaProblem {
  std::string message;
  std::size_t offset = 0;  ///< byte of the text the problem is at (its size: at the end)
};

class AttemptFormula {
 public:
  /// True when `text` mentions `{attempt}`: the caller should then parse it as a formula.
  static bool mentions_attempt(std::string_view text);

  /// The formula in `text`, or what is wrong with it.
  static std::variant<AttemptFormula, FormulaProblem> parse(std::string_view text);

  /// Its value for try `attempt`; nullopt when a step leaves the 64-bit range.
  std::optional<std::int64_t> evaluate(int attempt) const;

  /// The formula as written, for messages.
  const std::string& text() const { return m_text; }

 private:
  // Reverse Polish notation: evaluation is one pass over a stack, no recursion per job.
  enum class Op : std::uint8_t { number, attempt, add, subtract, multiply, negate };
  struct Step {
    Op op;
    std::int64_t number = 0;
  };
  std::vector<Step> m_steps;
  std::string m_text;

  friend class FormulaParser;
};

}  // namespace flow
