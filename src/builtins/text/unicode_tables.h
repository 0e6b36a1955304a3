#pragma once
// The generated tables behind unicode.h (see unicode_tables.py).

#include <cstdint>
#include <span>

namespace flow::builtins::text {

/// Code points first..last (inclusive).
struct CodeRange {
  char32_t first;
  char32_t last;
};

/// Code points first, first + stride, ..., last each lowercase to themselves plus `delta`.
struct LowerRun {
  char32_t first;
  char32_t last;
  std::uint8_t stride;  ///< 1 or 2 (upper/lower pairs interleaved)
  std::int32_t delta;
};

/// Sorted, disjoint ranges.
std::span<const CodeRange> letter_ranges();
std::span<const CodeRange> mark_ranges();
std::span<const CodeRange> digit_ranges();
/// Sorted, disjoint runs.
std::span<const LowerRun> lower_runs();

}  // namespace flow::builtins::text
