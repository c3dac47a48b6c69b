// Item search: vectorised scans of the short item arrays that small distinct sets keep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace vigil::flow {

// Four items per step with GCC/Clang vector extensions (SSE2 on any x86-64, NEON on ARM): -O2 does not
// vectorise these loops by itself, and a 64-item list is scanned on every add.
using ItemVector = uint32_t __attribute__((vector_size(16)));
using ItemMask = int32_t __attribute__((vector_size(16)));

/// Whether items[0, n) holds `item`. Branch-free: one reduction at the end.
inline bool containsItem(const uint32_t* items, std::size_t n, uint32_t item) noexcept {
  const ItemVector needle = {item, item, item, item};
  ItemMask hits = {0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    ItemVector v;
    std::memcpy(&v, items + i, sizeof v);
    hits |= v == needle;
  }
  bool found = (hits[0] | hits[1] | hits[2] | hits[3]) != 0;
  for (; i < n; ++i)
    found |= items[i] == item;
  return found;
}

/// Whether any lane of a comparison result is set: the mask read as two 64-bit halves (two moves and an
/// OR), not four lane extracts.
inline bool anyLane(ItemMask hits) noexcept {
  using Halves = uint64_t __attribute__((vector_size(16)));
  const Halves h = reinterpret_cast<Halves>(hits);
  return (h[0] | h[1]) != 0;
}

/// Index of the first `item` in items[0, n), or n when absent. A window's long lists hold up to 512
/// items, so the scan takes a cache line (16 items) per step with a single test, then narrows down.
inline std::size_t findItem(const uint32_t* items, std::size_t n, uint32_t item) noexcept {
  const ItemVector needle = {item, item, item, item};
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    ItemVector v[4];
    std::memcpy(v, items + i, sizeof v);
    if (anyLane((v[0] == needle) | (v[1] == needle) | (v[2] == needle) | (v[3] == needle))) break;
  }
  for (; i + 4 <= n; i += 4) {
    ItemVector v;
    std::memcpy(&v, items + i, sizeof v);
    if (anyLane(v == needle)) break;  // the scalar loop below finds which one
  }
  for (; i < n; ++i) {
    if (items[i] == item) return i;
  }
  return n;
}

}  // namespace vigil::flow
