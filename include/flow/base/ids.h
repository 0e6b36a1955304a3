#pragma once
// Strong 32-bit ids into the arenas of rules, jobs and files, so that they cannot be mixed up.

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>

namespace flow {

template <class Tag>
struct Id {
  static constexpr std::uint32_t k_invalid = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t value = k_invalid;

  constexpr Id() = default;
  constexpr explicit Id(std::uint32_t v) : value(v) {}
  constexpr bool valid() const { return value != k_invalid; }
  constexpr std::size_t index() const { return value; }
  friend constexpr auto operator<=>(Id, Id) = default;
};

using RuleId = Id<struct RuleIdTag>;
using JobId = Id<struct JobIdTag>;
using FileId = Id<struct FileIdTag>;

}  // namespace flow

template <class Tag>
struct std::hash<flow::Id<Tag>> {
  std::size_t operator()(flow::Id<Tag> id) const noexcept {
    return std::hash<std::uint32_t>{}(id.value);
  }
};
