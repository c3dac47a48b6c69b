// Permutation: keyed bijection of [0, n) (Feistel network + cycle walking) for distinct picks without sets.
#pragma once

#include <cstdint>

namespace vigil::pcapgen {

/// at(i) for i in [0, size) visits every value of [0, size) exactly once, in a key-dependent
/// pseudo-random order. A spoofed flood takes at(0..S-1) over the 2^32 IPv4 space to get S
/// distinct sources in O(1) memory; scans use it to order targets and ports.
///
/// Construction: a 4-round balanced Feistel network on the smallest even bit width covering
/// size (at least 2 bits), so it is a bijection of [0, 2^bits); values >= size are walked
/// forward through the cipher until they land inside (at most ~4 steps on average).
/// Immutable, copyable, ~50 bytes; at() costs a few multiplications, never allocates.
class Permutation {
 public:
  static constexpr uint64_t kMaxSize = uint64_t{1} << 32;

  /// size in [1, kMaxSize]; larger values are clamped to kMaxSize, 0 to 1.
  Permutation(uint64_t size, uint64_t key) noexcept;

  uint64_t size() const noexcept { return size_; }

  /// The i-th element (i < size()); i is reduced modulo size() otherwise.
  uint64_t at(uint64_t i) const noexcept;

 private:
  uint64_t encrypt(uint64_t x) const noexcept;

  uint64_t size_;
  uint32_t half_bits_;
  uint64_t half_mask_;
  uint64_t keys_[4];
};

}  // namespace vigil::pcapgen
