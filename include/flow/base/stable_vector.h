#pragma once
// An append-only array in fixed chunks: appending never moves an element, so references and
// pointers to elements stay valid, and growing costs no copy (docs/architecture.md, "A DAG
// that can grow": the Dag's jobs and files grow by 100,000s while the run holds references
// into them). Indexing is one more load than a std::vector's (the chunk's address).

#include <cstddef>
#include <iterator>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace flow {

template <class T>
class StableVector {
  // 1,024 elements a chunk: about 200 KB of the Dag's jobs, 100 KB of its files. A chunk is
  // resident whole once used (huge pages), so larger ones made small DAGs bigger (4,096:
  // +1.5 MB peak RSS on a 1,000-job run); the chunk table of a million jobs is still 8 KB.
  static constexpr std::size_t k_bits = 10;
  static constexpr std::size_t k_chunk = std::size_t(1) << k_bits;

  template <bool Const>
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = std::conditional_t<Const, const T*, T*>;
    using reference = std::conditional_t<Const, const T&, T&>;
    using Owner = std::conditional_t<Const, const StableVector, StableVector>;

    Iterator() = default;
    Iterator(Owner* owner, std::size_t index) : m_owner(owner), m_index(index) {}
    reference operator*() const { return (*m_owner)[m_index]; }
    pointer operator->() const { return &(*m_owner)[m_index]; }
    Iterator& operator++() {
      ++m_index;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++m_index;
      return old;
    }
    bool operator==(const Iterator& other) const { return m_index == other.m_index; }

   private:
    Owner* m_owner = nullptr;
    std::size_t m_index = 0;
  };

 public:
  using value_type = T;
  using iterator = Iterator<false>;
  using const_iterator = Iterator<true>;

  StableVector() = default;
  StableVector(StableVector&& other) noexcept
      : m_chunks(std::move(other.m_chunks)), m_size(std::exchange(other.m_size, 0)) {}
  StableVector& operator=(StableVector&& other) noexcept {
    if (this != &other) {
      clear();
      m_chunks = std::move(other.m_chunks);
      m_size = std::exchange(other.m_size, 0);
    }
    return *this;
  }
  StableVector(const StableVector&) = delete;
  StableVector& operator=(const StableVector&) = delete;
  ~StableVector() { clear(); }

  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  T& operator[](std::size_t i) { return m_chunks[i >> k_bits][i & (k_chunk - 1)]; }
  const T& operator[](std::size_t i) const { return m_chunks[i >> k_bits][i & (k_chunk - 1)]; }
  T& back() { return (*this)[m_size - 1]; }
  const T& back() const { return (*this)[m_size - 1]; }

  iterator begin() { return {this, 0}; }
  iterator end() { return {this, m_size}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, m_size}; }

  /// Room in the chunk table for `count` elements (the chunks come as they fill).
  void reserve(std::size_t count) { m_chunks.reserve((count + k_chunk - 1) >> k_bits); }
  void push_back(T&& value) { emplace_back(std::move(value)); }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    if ((m_size & (k_chunk - 1)) == 0 && (m_size >> k_bits) == m_chunks.size())
      m_chunks.push_back(Chunk(std::allocator<T>().allocate(k_chunk)));
    T* slot = &m_chunks[m_size >> k_bits][m_size & (k_chunk - 1)];
    ::new (static_cast<void*>(slot)) T(std::forward<Args>(args)...);
    ++m_size;
    return *slot;
  }
  /// Appends default elements up to `count` (never shrinks).
  void grow_to(std::size_t count) {
    reserve(count);
    while (m_size < count)
      emplace_back();
  }
  void clear() {
    for (std::size_t i = 0; i < m_size; ++i)
      (*this)[i].~T();
    m_size = 0;
    m_chunks.clear();
  }

 private:
  // Raw storage for k_chunk elements, constructed one by one as they are appended.
  struct Free {
    void operator()(T* chunk) const { std::allocator<T>().deallocate(chunk, k_chunk); }
  };
  using Chunk = std::unique_ptr<T[], Free>;

  std::vector<Chunk> m_chunks;
  std::size_t m_size = 0;
};

}  // namespace flow
