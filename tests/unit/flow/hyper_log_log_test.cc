// Tests for the HyperLogLog register arithmetic and estimator.
#include "flow/hyper_log_log.h"

#include <gtest/gtest.h>

#include <cstring>

namespace vigil::flow {
namespace {

TEST(HyperLogLogTest, RankAndIndex) {
  const uint32_t top = uint32_t(hll::kRegisters - 1) << hll::kRankBits;
  EXPECT_EQ(hll::registerIndex(top), hll::kRegisters - 1);
  EXPECT_EQ(hll::registerIndex(~top), 0u);
  EXPECT_EQ(hll::registerRank(1u << (hll::kRankBits - 1)), 1);  // first bit after the index is set
  EXPECT_EQ(hll::registerRank(1u), hll::kRankBits);
  EXPECT_EQ(hll::registerRank(top), hll::kMaxRank);  // rank bits all zero
}

TEST(HyperLogLogTest, CorruptRegistersAreClampedNotOutOfBounds) {
  uint8_t registers[hll::kRegisters];
  std::memset(registers, 0xff, sizeof registers);
  EXPECT_EQ(hll::estimate(registers), 68719476736.0);
}

TEST(HyperLogLogTest, EstimateOfEmptyAndSingleItem) {
  uint8_t registers[hll::kRegisters] = {};
  EXPECT_EQ(hll::estimate(registers), 0.0);
  hll::add(registers, 0x12345678u);
  EXPECT_NEAR(hll::estimate(registers), 1.0, 0.01);
  hll::add(registers, 0x12345678u);  // idempotent
  EXPECT_NEAR(hll::estimate(registers), 1.0, 0.01);
}

TEST(HyperLogLogTest, EstimateDependsOnlyOnHowManyRegistersHoldEachRank) {
  // The estimator skips empty 8-register words and counts the others in interleaved histograms: the same
  // ranks packed into a few words, spread one per word, or reversed must give the very same estimate.
  for (const std::size_t filled : {std::size_t(5), std::size_t(100), std::size_t(256), std::size_t(2000)}) {
    uint8_t packed[hll::kRegisters] = {};
    uint8_t spread[hll::kRegisters] = {};
    uint8_t reversed[hll::kRegisters] = {};
    for (std::size_t i = 0; i < filled; ++i) {
      const uint8_t rank = uint8_t(1 + (i * 7) % hll::kMaxRank);
      packed[i] = rank;
      spread[(i * 8) % hll::kRegisters + (i * 8) / hll::kRegisters] = rank;
      reversed[hll::kRegisters - 1 - i] = rank;
    }
    const double expected = hll::estimate(packed);
    EXPECT_GT(expected, double(filled) * 0.5) << filled;
    EXPECT_EQ(hll::estimate(spread), expected) << filled;
    EXPECT_EQ(hll::estimate(reversed), expected) << filled;
  }
}

TEST(HyperLogLogTest, MergeTakesTheMaximum) {
  uint8_t a[hll::kRegisters] = {};
  uint8_t b[hll::kRegisters] = {};
  a[0] = 3;
  a[1] = 1;
  b[1] = 5;
  b[2] = 2;
  hll::merge(a, b);
  EXPECT_EQ(a[0], 3);
  EXPECT_EQ(a[1], 5);
  EXPECT_EQ(a[2], 2);
  EXPECT_EQ(b[0], 0);
}

}  // namespace
}  // namespace vigil::flow
