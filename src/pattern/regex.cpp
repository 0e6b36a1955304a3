#define PCRE2_CODE_UNIT_WIDTH 8
#include "flow/pattern/regex.h"

#include <pcre2.h>

#include <fmt/format.h>

namespace flow::pattern {

struct Regex::Compiled {
  pcre2_code* code = nullptr;
  pcre2_match_data* match_data = nullptr;
  bool jit = false;  // compiled to machine code: matched without pcre2_match's checks
  ~Compiled() {
    pcre2_match_data_free(match_data);
    pcre2_code_free(code);
  }
};

Result<Regex> Regex::compile(const std::string& expression) {
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  // Whole-string semantics as Snakemake gives a constraint inside an anchored pattern.
  pcre2_code* code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(expression.data()), expression.size(),
                    PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
                    &error_code, &error_offset, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error_code, message, sizeof message);
    return make_error(ErrorKind::flowfile,
                      fmt::format("bad regular expression '{}': {} at offset {}", expression,
                                  reinterpret_cast<const char*>(message), error_offset));
  }
  // Best effort: interpretation works too.
  bool jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
  Regex regex;
  regex.m_compiled = std::make_shared<Compiled>();
  regex.m_compiled->code = code;
  regex.m_compiled->jit = jit;
  regex.m_compiled->match_data = pcre2_match_data_create_from_pattern(code, nullptr);
  regex.m_expression = expression;
  return regex;
}

bool Regex::full_match(std::string_view text) const {
  // Constraints are tried for every candidate length of every path resolved: the JIT's own
  // entry skips the work pcre2_match repeats per call (the options are all compile-time,
  // and PCRE2_MATCH_INVALID_UTF makes any subject safe to give it).
  if (m_compiled->jit) {
    int rc = pcre2_jit_match(m_compiled->code, reinterpret_cast<PCRE2_SPTR>(text.data()),
                             text.size(), 0, 0, m_compiled->match_data, nullptr);
    return rc >= 0;
  }
  int rc = pcre2_match(m_compiled->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0,
                       0, m_compiled->match_data, nullptr);
  return rc >= 0;
}

}  // namespace flow::pattern
