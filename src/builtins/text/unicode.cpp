#include "builtins/text/unicode.h"

#include <algorithm>

#include "builtins/text/unicode_tables.h"

namespace flow::builtins::text {
namespace {

bool in_ranges(std::span<const CodeRange> ranges, char32_t cp) {
  // The first range ending at or after cp is the only one that can hold it.
  auto it =
      std::lower_bound(ranges.begin(), ranges.end(), cp,
                       [](const CodeRange& range, char32_t value) { return range.last < value; });
  return it != ranges.end() && it->first <= cp;
}

}  // namespace

bool is_letter(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  return in_ranges(letter_ranges(), cp);
}

bool is_mark(char32_t cp) {
  return cp >= 0x300 && in_ranges(mark_ranges(), cp);
}

bool is_decimal_digit(char32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  return in_ranges(digit_ranges(), cp);
}

bool is_white_space(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
  switch (cp) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

char32_t to_lower(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  auto runs = lower_runs();
  auto it = std::lower_bound(runs.begin(), runs.end(), cp,
                             [](const LowerRun& run, char32_t value) { return run.last < value; });
  if (it == runs.end() || it->first > cp || (cp - it->first) % it->stride != 0) return cp;
  return static_cast<char32_t>(static_cast<std::int64_t>(cp) + it->delta);
}

}  // namespace flow::builtins::text
