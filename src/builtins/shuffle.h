#pragma once
// Reproducible shuffling for mix and boil. std::shuffle and std::uniform_int_distribution
// are implementation-defined, so the same seed could give different soups on different
// standard libraries; this uses std::mt19937_64 (fully specified by the standard), an
// unbiased bounded draw and Fisher-Yates, all written out here.

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "flow/base/builtin_protocol.h"
#include "flow/base/result.h"

namespace flow::builtins {

/// The seed used when a step's `seed` argument is not given.
inline constexpr std::uint64_t k_default_seed = 42;

/// The argument every shuffling step takes.
BuiltinArg seed_arg();

/// The `seed` argument of `invocation`: a decimal integer from 0 to 2^63-1, or "random" for
/// a seed from std::random_device. The error names the argument and the value.
Result<std::uint64_t> parse_seed(const BuiltinInvocation& invocation);

/// A uniformly distributed integer in [0, bound), bound > 0 (rejection sampling, so no
/// value is favoured).
inline std::uint64_t draw_below(std::mt19937_64& engine, std::uint64_t bound) {
  // Values below `threshold` would make the low residues more likely; draw again.
  std::uint64_t threshold = (0 - bound) % bound;
  while (true) {
    std::uint64_t value = engine();
    if (value >= threshold) return value % bound;
  }
}

/// Shuffles `items` in place: every permutation equally likely, the same one for the same
/// seed and size on every platform.
template <class T>
void shuffle_items(std::vector<T>& items, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  for (std::size_t i = items.size(); i > 1; --i) {
    std::size_t j = static_cast<std::size_t>(draw_below(engine, i));
    using std::swap;
    swap(items[i - 1], items[j]);
  }
}

}  // namespace flow::builtins
