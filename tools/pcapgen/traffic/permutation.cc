// Permutation: the Feistel rounds and cycle walking behind distinct random picks.
#include "pcapgen/traffic/permutation.h"

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {

Permutation::Permutation(uint64_t size, uint64_t key) noexcept
    : size_(size == 0 ? 1 : (size > kMaxSize ? kMaxSize : size)) {
  uint32_t bits = 2;
  while (bits < 32 && (uint64_t{1} << bits) < size_) ++bits;
  if (bits % 2 != 0) ++bits;
  half_bits_ = bits / 2;
  half_mask_ = (uint64_t{1} << half_bits_) - 1;
  for (int r = 0; r < 4; ++r) keys_[r] = hash2(key, static_cast<uint64_t>(r));
}

uint64_t Permutation::encrypt(uint64_t x) const noexcept {
  uint64_t left = x >> half_bits_;
  uint64_t right = x & half_mask_;
  for (uint64_t k : keys_) {
    const uint64_t next = left ^ (mix64(right ^ k) & half_mask_);
    left = right;
    right = next;
  }
  return (left << half_bits_) | right;
}

uint64_t Permutation::at(uint64_t i) const noexcept {
  uint64_t y = encrypt(i % size_);
  while (y >= size_) y = encrypt(y);
  return y;
}

}  // namespace vigil::pcapgen
