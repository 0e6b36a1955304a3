#include "builtins/text/string_set.h"

#include <bit>
#include <cstring>

namespace flow::builtins::text {
namespace {

std::uint64_t mix(std::uint64_t value) {
  value ^= value >> 31;
  value *= 0xBF58476D1CE4E5B9ULL;
  value ^= value >> 29;
  value *= 0x94D049BB133111EBULL;
  value ^= value >> 32;
  return value;
}

}  // namespace

std::uint64_t StringSet::hash(std::string_view text) {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL ^ text.size();
  std::size_t pos = 0;
  for (; pos + 8 <= text.size(); pos += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, text.data() + pos, 8);
    state = mix(state ^ chunk);
  }
  if (pos < text.size()) {
    std::uint64_t chunk = 0;
    std::memcpy(&chunk, text.data() + pos, text.size() - pos);
    state = mix(state ^ chunk ^ 0xFF);
  }
  return mix(state);
}

StringSet::StringSet(std::size_t expected) {
  m_slots.resize(std::bit_ceil(std::max<std::size_t>(16, expected * 2)));
  m_members.reserve(expected);
}

std::pair<std::uint32_t, bool> StringSet::insert(std::string_view text) {
  std::uint64_t full = hash(text);
  auto tag = static_cast<std::uint32_t>(full >> 32);
  std::size_t mask = m_slots.size() - 1;
  // Linear probing: the table is at most half full, so runs are short.
  for (std::size_t i = full & mask;; i = (i + 1) & mask) {
    Slot& slot = m_slots[i];
    if (slot.id == 0) {
      m_members.push_back(text);
      slot = {tag, static_cast<std::uint32_t>(m_members.size())};
      if (m_members.size() * 2 > m_slots.size()) grow();
      return {static_cast<std::uint32_t>(m_members.size() - 1), true};
    }
    if (slot.tag == tag && m_members[slot.id - 1] == text) return {slot.id - 1, false};
  }
}

void StringSet::grow() {
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(old.size() * 2, Slot{});
  std::size_t mask = m_slots.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id == 0) continue;
    std::size_t i = hash(m_members[slot.id - 1]) & mask;
    while (m_slots[i].id != 0)
      i = (i + 1) & mask;
    m_slots[i] = slot;
  }
}

}  // namespace flow::builtins::text
