#pragma once
// An open-addressing hash index of 32-bit ids whose keys live elsewhere (interned paths,
// jobs in an arena): no node per entry and no copy of the key, which matters at 100,000s of
// entries (docs/architecture.md: "one stat per file, no quadratic passes").

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace flow {

class FlatIdMap {
 public:
  static constexpr std::uint32_t k_empty = UINT32_MAX;

  explicit FlatIdMap(std::size_t expected = 0) { reserve(expected); }

  /// The id whose key has `hash` and for which `equals(id)` holds, if any.
  template <class Equals>
  std::optional<std::uint32_t> find(std::size_t hash, Equals&& equals) const {
    if (m_slots.empty()) return std::nullopt;
    std::size_t mask = m_slots.size() - 1;
    auto bits = static_cast<std::uint32_t>(hash);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = m_slots[i];
      if (slot.id == k_empty) return std::nullopt;
      if (slot.hash == bits && equals(slot.id)) return slot.id;
    }
  }

  /// Adds `id` under `hash` (the caller has checked with find() that it is not there).
  void insert(std::size_t hash, std::uint32_t id) {
    if ((m_size + 1) * 2 > m_slots.size()) grow();
    place(static_cast<std::uint32_t>(hash), id);
    ++m_size;
  }

  std::size_t size() const { return m_size; }

  /// Makes room for `count` entries without rehashing.
  void reserve(std::size_t count) {
    std::size_t wanted = 16;
    while (wanted < count * 2)
      wanted *= 2;
    if (wanted > m_slots.size()) rehash(wanted);
  }

 private:
  struct Slot {
    std::uint32_t id = k_empty;
    std::uint32_t hash = 0;  // low bits of the key's hash, to place it again when growing
  };

  void place(std::uint32_t hash, std::uint32_t id) {
    std::size_t mask = m_slots.size() - 1;
    std::size_t i = hash & mask;
    while (m_slots[i].id != k_empty)
      i = (i + 1) & mask;
    m_slots[i] = {id, hash};
  }
  void grow() { rehash(m_slots.empty() ? 16 : m_slots.size() * 2); }
  void rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(capacity, Slot{});
    for (const Slot& slot : old) {
      if (slot.id != k_empty) place(slot.hash, slot.id);
    }
  }

  std::vector<Slot> m_slots;  // size is a power of two, at most half full
  std::size_t m_size = 0;
};

}  // namespace flow
