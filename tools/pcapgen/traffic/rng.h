// Rng: deterministic SplitMix64 generator and hash helpers; identical output on every platform.
#pragma once

#include <cstdint>

namespace vigil::pcapgen {

/// The SplitMix64 output function: a strong 64-bit mixer, also used as a stateless hash.
constexpr uint64_t mix64(uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Hash of (a, b): per-unit random decisions that can be recomputed in any order.
constexpr uint64_t hash2(uint64_t a, uint64_t b) noexcept { return mix64(a ^ mix64(b + 0x632be59bd9b4e019ULL)); }

/// Seed of an independent stream `stream` derived from the run seed, so adding an incident
/// never changes what the background emits.
constexpr uint64_t deriveSeed(uint64_t seed, uint64_t stream) noexcept { return hash2(seed, stream); }

/// SplitMix64 (Steele, Lea, Flood 2014): 8 bytes of state, a few ns per draw. Never uses
/// std:: distributions, whose output differs between standard libraries.
class Rng {
 public:
  explicit constexpr Rng(uint64_t seed = 0) noexcept : state_(seed) {}

  constexpr uint64_t next() noexcept {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, n) by multiply-shift (bias below 2^-32, irrelevant here); 0 when n == 0.
  constexpr uint32_t below(uint32_t n) noexcept {
    return static_cast<uint32_t>((static_cast<uint64_t>(static_cast<uint32_t>(next() >> 32)) * n) >> 32);
  }

  /// Uniform in [lo, hi] (inclusive); lo when hi <= lo.
  constexpr uint32_t between(uint32_t lo, uint32_t hi) noexcept {
    return hi <= lo ? lo : lo + below(hi - lo + 1);
  }

  /// Uniform in [0, 1).
  constexpr double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  constexpr bool chance(double p) noexcept { return unit() < p; }

 private:
  uint64_t state_;
};

}  // namespace vigil::pcapgen
