#include "flow/base/attempt_formula.h"

#include <cctype>
#include <limits>

namespace flow {

namespace {
constexpr std::string_view k_attempt = "{attempt}";
}  // namespace

// Recursive descent over expression := term (('+'|'-') term)*, term := factor ('*' factor)*,
// factor := '-' factor | NUMBER | {attempt} | '(' expression ')'. The recursion is bounded by
// the text's nesting, which the loader sees once per rule, never per job.
class FormulaParser {
 public:
  explicit FormulaParser(std::string_view text) : m_text(text) {}

  std::variant<AttemptFormula, FormulaProblem> run() {
    skip_space();
    if (m_pos == m_text.size()) return FormulaProblem{"the formula is empty", 0};
    if (!expression()) return *m_problem;
    skip_space();
    if (m_pos < m_text.size()) {
      if (m_text[m_pos] == ')') return FormulaProblem{"a ')' without its '('", m_pos};
      // Python's / gives a fraction and // rounds down: neither is what a request should do.
      if (m_text[m_pos] == '/')
        return FormulaProblem{"division is not supported in a resource formula", m_pos};
      unexpected("an operator (+ - *)");
      return *m_problem;
    }
    m_formula.m_text = std::string(m_text);
    return std::move(m_formula);
  }

 private:
  using Op = AttemptFormula::Op;

  bool expression() {
    if (!term()) return false;
    for (;;) {
      skip_space();
      if (m_pos >= m_text.size() || (m_text[m_pos] != '+' && m_text[m_pos] != '-')) return true;
      Op op = m_text[m_pos] == '+' ? Op::add : Op::subtract;
      ++m_pos;
      if (!term()) return false;
      emit(op);
    }
  }

  bool term() {
    if (!factor()) return false;
    for (;;) {
      skip_space();
      if (m_pos >= m_text.size() || m_text[m_pos] != '*') return true;
      ++m_pos;
      if (!factor()) return false;
      emit(Op::multiply);
    }
  }

  bool factor() {
    skip_space();
    if (m_pos >= m_text.size()) return fail("the formula ends where a number or {attempt} belongs");
    char c = m_text[m_pos];
    if (c == '-') {
      ++m_pos;
      if (!factor()) return false;
      emit(Op::negate);
      return true;
    }
    if (c == '(') {
      std::size_t open = m_pos++;
      if (!expression()) return false;
      skip_space();
      if (m_pos >= m_text.size() || m_text[m_pos] != ')') {
        m_pos = open;
        return fail("this '(' is not closed");
      }
      ++m_pos;
      return true;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) return number();
    if (m_text.substr(m_pos, k_attempt.size()) == k_attempt) {
      m_pos += k_attempt.size();
      emit(Op::attempt);
      return true;
    }
    if (c == '{') {
      std::size_t end = m_text.find('}', m_pos);
      std::string_view word =
          m_text.substr(m_pos, end == std::string_view::npos ? 1 : end - m_pos + 1);
      return fail("only {attempt} can be used in a resource formula, not " + std::string(word));
    }
    return unexpected("a number, {attempt} or '('");
  }

  bool number() {
    std::int64_t value = 0;
    while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos])) != 0) {
      int digit = m_text[m_pos] - '0';
      if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10)
        return fail("this number is too large");
      value = value * 10 + digit;
      ++m_pos;
    }
    m_formula.m_steps.push_back({Op::number, value});
    return true;
  }

  void emit(Op op) { m_formula.m_steps.push_back({op, 0}); }

  void skip_space() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t'))
      ++m_pos;
  }

  bool unexpected(std::string_view wanted) {
    std::string message = "expected ";
    message += wanted;
    message += " here, not '";
    message += m_text.substr(m_pos, 1);
    message += '\'';
    return fail(std::move(message));
  }

  bool fail(std::string message) {
    m_problem = FormulaProblem{std::move(message), m_pos};
    return false;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  AttemptFormula m_formula;
  std::optional<FormulaProblem> m_problem;
};

bool AttemptFormula::mentions_attempt(std::string_view text) {
  return text.find(k_attempt) != std::string_view::npos;
}

std::variant<AttemptFormula, FormulaProblem> AttemptFormula::parse(std::string_view text) {
  return FormulaParser(text).run();
}

std::optional<std::int64_t> AttemptFormula::evaluate(int attempt) const {
  std::vector<std::int64_t> stack;
  stack.reserve(m_steps.size());
  for (const Step& step : m_steps) {
    std::int64_t result = 0;
    switch (step.op) {
      case Op::number:
        stack.push_back(step.number);
        continue;
      case Op::attempt:
        stack.push_back(attempt);
        continue;
      case Op::negate:
        if (__builtin_sub_overflow(std::int64_t{0}, stack.back(), &result)) return std::nullopt;
        stack.back() = result;
        continue;
      default:
        break;
    }
    std::int64_t right = stack.back();
    stack.pop_back();
    std::int64_t left = stack.back();
    bool overflow = false;
    if (step.op == Op::add) overflow = __builtin_add_overflow(left, right, &result);
    if (step.op == Op::subtract) overflow = __builtin_sub_overflow(left, right, &result);
    if (step.op == Op::multiply) overflow = __builtin_mul_overflow(left, right, &result);
    if (overflow) return std::nullopt;
    stack.back() = result;
  }
  return stack.back();
}

}  // namespace flow
