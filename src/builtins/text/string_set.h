#pragma once
// A set of strings that numbers its members, for the steps that count or cache per distinct
// line (count_distinct, stem). It is open addressing over one flat array: std::unordered_set
// allocates a node per member and misses the cache on most lookups, which made counting the
// distinct words of nine books three times slower.

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace flow::builtins::text {

class StringSet {
 public:
  /// `expected`: roughly how many distinct members there will be (the table grows anyway).
  explicit StringSet(std::size_t expected = 0);

  /// Adds `text` unless present. Returns its id (0, 1, 2 ... in order of first insertion) and
  /// whether it was new. The set keeps a view: the text must outlive the set.
  std::pair<std::uint32_t, bool> insert(std::string_view text);

  std::size_t size() const { return m_members.size(); }

  /// The members, indexed by id.
  const std::vector<std::string_view>& members() const { return m_members; }

  /// A fast, well-mixed 64-bit hash of `text` (not stable across versions of flow).
  static std::uint64_t hash(std::string_view text);

 private:
  struct Slot {
    std::uint32_t tag = 0;  ///< the hash's upper half, to skip most comparisons
    std::uint32_t id = 0;   ///< member id + 1; 0 marks an empty slot
  };

  void grow();

  std::vector<Slot> m_slots;  ///< size is a power of two, at most half full
  std::vector<std::string_view> m_members;
};

}  // namespace flow::builtins::text
