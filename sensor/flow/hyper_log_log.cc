// HyperLogLog merge and Ertl's improved raw cardinality estimator.
#include "flow/hyper_log_log.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace vigil::flow::hll {
namespace {

// sigma(x) = x + sum_{k>=1} x^(2^k) 2^(k-1): accounts for empty registers. Diverges at x = 1 (all empty).
double sigma(double x) noexcept {
  if (x >= 1.0) return std::numeric_limits<double>::infinity();
  double y = 1.0;
  double z = x;
  for (;;) {
    x *= x;
    const double before = z;
    z += x * y;
    y += y;
    if (z == before) return z;
  }
}

// tau(x) = (1 - x - sum_{k>=1} (1 - x^(2^-k))^2 2^-k) / 3: accounts for registers at the maximum rank.
double tau(double x) noexcept {
  if (x <= 0.0 || x >= 1.0) return 0.0;
  double y = 1.0;
  double z = 1.0 - x;
  for (;;) {
    x = std::sqrt(x);
    const double before = z;
    y *= 0.5;
    z -= (1.0 - x) * (1.0 - x) * y;
    if (z == before) return z / 3.0;
  }
}

}  // namespace

void merge(uint8_t* __restrict into, const uint8_t* __restrict other) noexcept {
  // The arrays never overlap (restrict): without that promise GCC keeps this a byte-at-a-time loop
  // rather than 16 registers per instruction.
  for (std::size_t i = 0; i < kRegisters; ++i)
    into[i] = other[i] > into[i] ? other[i] : into[i];
}

double estimate(const uint8_t* registers) noexcept {
  // Detectors estimate many sets every tick, most of them far from full: eight empty registers are
  // counted with one load, and the others go to four histograms in turn, so that runs of equal ranks do
  // not wait for each other's increments (one chain through memory would cost ~5 cycles a register).
  uint32_t partial[4][kMaxRank + 1] = {};
  uint32_t empty = 0;
  for (std::size_t i = 0; i < kRegisters; i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, registers + i, sizeof word);
    if (word == 0) {
      empty += 8;
      continue;
    }
    for (std::size_t j = 0; j < 8; ++j) {
      // Registers only ever hold 0..kMaxRank; clamp anyway so a corrupted array cannot index out of bounds.
      const uint8_t r = registers[i + j] > kMaxRank ? kMaxRank : registers[i + j];
      ++partial[j & 3][r];
    }
  }
  uint32_t histogram[kMaxRank + 1];
  for (std::size_t k = 0; k <= kMaxRank; ++k)
    histogram[k] = partial[0][k] + partial[1][k] + partial[2][k] + partial[3][k];
  histogram[0] += empty;
  const double m = double(kRegisters);
  double z = m * tau(1.0 - double(histogram[kMaxRank]) / m);
  for (int k = kRankBits; k >= 1; --k)
    z = 0.5 * (z + double(histogram[k]));
  z += m * sigma(double(histogram[0]) / m);
  if (std::isinf(z)) return 0.0;  // every register empty
  // Every register at the maximum rank: beyond what 32-bit items can tell apart; report a finite ceiling.
  if (!(z > 0.0)) return 68719476736.0;                       // 2^36
  constexpr double kAlphaInfinity = 0.721347520444481703680;  // 1 / (2 ln 2)
  return kAlphaInfinity * m * m / z;
}

}  // namespace vigil::flow::hll
