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

/// Whether any lane of a comparison result is set: the mask read as two 64-bit halves (two moves and an
/// OR), not four lane extracts.
inline bool anyLane(ItemMask hits) noexcept {
  using Halves = uint64_t __attribute__((vector_size(16)));
  const Halves h = reinterpret_cast<Halves>(hits);
  return (h[0] | h[1]) != 0;
}

/// Whether items[0, n) holds `item`. Reads whole vectors of four: items[n, n rounded up to 4) must be
/// readable too (what they hold does not matter), as in the counters' storage, which holds a multiple
/// of four. The lanes past n are masked out rather than scanned one by one, so the only branch is the
/// vector loop's (a scalar tail of 0 to 3 items mispredicted its exit on most calls).
inline bool containsItem(const uint32_t* items, std::size_t n, uint32_t item) noexcept {
  const ItemVector needle = {item, item, item, item};
  const ItemVector count = {uint32_t(n), uint32_t(n), uint32_t(n), uint32_t(n)};
  ItemVector lane = {0, 1, 2, 3};
  ItemMask hits = {0, 0, 0, 0};
  for (std::size_t i = 0; i < n; i += 4, lane += 4) {
    ItemVector v;
    std::memcpy(&v, items + i, sizeof v);
    hits |= (v == needle) & (lane < count);
  }
  return anyLane(hits);
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
