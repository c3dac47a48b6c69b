// Tests for DistinctCounter: exactness, list and register growth, accuracy, merges, exhaustion.
#include "flow/distinct_counter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "flow/flow_hash.h"
#include "flow/hyper_log_log.h"
#include "flow/sketch_pool.h"

namespace vigil::flow {
namespace {

uint64_t itemHash(uint64_t i, uint64_t seed = 0) {
  return mix64(i * 0x9e3779b97f4a7c15ULL + seed);
}

DistinctPools makePool(uint32_t dense = 16, uint32_t lists = 16) {
  return DistinctPools(lists, dense);
}

TEST(DistinctCounterTest, ExactWhileSparse) {
  DistinctPools pool = makePool();
  DistinctCounter c;
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.estimate(), 0u);
  for (uint64_t i = 0; i < DistinctCounter::kInline; ++i) {
    c.add(itemHash(i), pool);
    c.add(itemHash(i), pool);  // duplicates never count twice
    EXPECT_EQ(c.estimate(), i + 1);
  }
  EXPECT_FALSE(c.isDense());
  EXPECT_EQ(pool.lists.inUse() + pool.dense.inUse(), 0u);
}

TEST(DistinctCounterTest, GrowsIntoAnExactListThenRegisters) {
  DistinctPools pool = makePool();
  DistinctCounter c;
  for (uint64_t i = 0; i < 9; ++i)
    c.add(itemHash(i), pool);
  EXPECT_TRUE(c.isList());
  EXPECT_EQ(pool.lists.inUse(), 1u);
  EXPECT_EQ(c.estimate(), 9u);
  for (uint64_t i = 0; i < DistinctCounter::kListCapacity; ++i) {
    c.add(itemHash(i), pool);
    c.add(itemHash(i), pool);
  }
  EXPECT_TRUE(c.isList());
  EXPECT_EQ(c.estimate(), DistinctCounter::kListCapacity);  // exact up to the list capacity
  c.add(itemHash(1000), pool);
  EXPECT_TRUE(c.isDense());
  EXPECT_EQ(pool.lists.inUse(), 0u);  // the list went back when the registers took over
  EXPECT_EQ(pool.dense.inUse(), 1u);
  EXPECT_NEAR(double(c.estimate()), 65.0, 2.0);
  c.release(pool);
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(pool.dense.inUse(), 0u);
}

TEST(DistinctCounterTest, EmptyListPoolGoesStraightToRegisters) {
  DistinctPools pool(0, 4);
  DistinctCounter c;
  for (uint64_t i = 0; i < 20; ++i)
    c.add(itemHash(i), pool);
  EXPECT_TRUE(c.isDense());
  EXPECT_EQ(c.estimate(), 20u);
  EXPECT_EQ(pool.exhausted(), 1u);
}

TEST(DistinctCounterTest, SmallDenseCountsAreWithinThree) {
  // Two of n items sharing a register (likely from ~50 items on) can cost one or two counts.
  DistinctPools pool = makePool();
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    DistinctCounter c;
    for (uint64_t i = 0; i < 64; ++i) {
      c.add(itemHash(i, seed), pool);
      ASSERT_NEAR(double(c.estimate()), double(i + 1), 3.0) << "after " << i + 1 << " items, seed " << seed;
    }
    c.release(pool);
  }
}

// Relative errors of `runs` independent sets of n items each.
std::vector<double> errors(uint64_t n, int runs, DistinctPools& pool) {
  std::vector<double> out;
  for (int run = 0; run < runs; ++run) {
    DistinctCounter c;
    for (uint64_t i = 0; i < n; ++i)
      c.add(itemHash(i, uint64_t(run) * 7919 + n), pool);
    out.push_back((double(c.estimate()) - double(n)) / double(n));
    c.release(pool);
  }
  return out;
}

TEST(DistinctCounterTest, AccuracyAt1k10k100k) {
  // p = 11 gives a 2.3 % standard error: nearly every estimate within 5 %, none beyond ~4 sigma.
  DistinctPools pool = makePool();
  for (const uint64_t n : {1000u, 10000u, 100000u}) {
    const std::vector<double> e = errors(n, 30, pool);
    double squares = 0;
    double worst = 0;
    int within = 0;
    for (const double x : e) {
      squares += x * x;
      worst = std::max(worst, std::fabs(x));
      within += std::fabs(x) < 0.05;
    }
    const double rms = std::sqrt(squares / double(e.size()));
    std::printf("n=%llu rms error %.2f%%, worst %.2f%%, %d/%zu within 5%%\n", (unsigned long long)n, rms * 100,
                worst * 100, within, e.size());
    EXPECT_LT(rms, 0.03) << n;
    EXPECT_LT(worst, 0.09) << n;
    EXPECT_GE(within, 27) << n;
  }
}

TEST(DistinctCounterTest, OneMillionItemsWithinFivePercent) {
  DistinctPools pool = makePool();
  const std::vector<double> e = errors(1000000, 1, pool);
  EXPECT_LT(std::fabs(e[0]), 0.05);
}

TEST(DistinctCounterTest, DirectAddAndPromotionGiveTheSameRegisters) {
  DistinctPools pool = makePool();
  DistinctCounter promoted;
  for (uint64_t i = 0; i < 500; ++i)
    promoted.add(itemHash(i), pool);
  uint8_t direct[hll::kRegisters] = {};
  for (uint64_t i = 0; i < 500; ++i)
    hll::add(direct, DistinctCounter::itemOf(itemHash(i)));
  ASSERT_TRUE(promoted.isDense());
  EXPECT_EQ(std::memcmp(direct, promoted.registers(), hll::kRegisters), 0);
}

// Builds a counter over items [from, to).
DistinctCounter range(uint64_t from, uint64_t to, DistinctPools& pool) {
  DistinctCounter c;
  for (uint64_t i = from; i < to; ++i)
    c.add(itemHash(i), pool);
  return c;
}

TEST(DistinctCounterTest, MergeSparseSparseStaysExact) {
  DistinctPools pool = makePool();
  DistinctCounter a = range(0, 3, pool);
  const DistinctCounter b = range(2, 6, pool);
  a.merge(b, pool);
  EXPECT_EQ(a.estimate(), 6u);
  EXPECT_FALSE(a.isDense());
}

TEST(DistinctCounterTest, MergeOverflowGrowsToListThenRegisters) {
  DistinctPools pool = makePool();
  DistinctCounter a = range(0, 6, pool);
  a.merge(range(6, 12, pool), pool);
  EXPECT_TRUE(a.isList());
  EXPECT_EQ(a.estimate(), 12u);
  a.merge(range(10, 60, pool), pool);  // list + list
  EXPECT_TRUE(a.isList());
  EXPECT_EQ(a.estimate(), 60u);
  a.merge(range(50, 80, pool), pool);
  EXPECT_TRUE(a.isDense());
  EXPECT_NEAR(double(a.estimate()), 80.0, 2.0);
}

TEST(DistinctCounterTest, MergeAllModeCombinations) {
  DistinctPools pool = makePool(32);
  // sparse into dense, dense into sparse, dense into dense: all must equal the sketch of the union.
  const DistinctCounter sparse = range(100000, 100005, pool);
  const DistinctCounter dense1 = range(0, 3000, pool);
  const DistinctCounter dense2 = range(2000, 6000, pool);
  DistinctCounter expected;
  for (uint64_t i = 0; i < 6000; ++i)
    expected.add(itemHash(i), pool);
  for (uint64_t i = 100000; i < 100005; ++i)
    expected.add(itemHash(i), pool);

  DistinctCounter x = sparse;  // sparse + dense
  x.merge(dense1, pool);
  x.merge(dense2, pool);
  DistinctCounter y = range(0, 3000, pool);  // dense + dense + sparse
  y.merge(dense2, pool);
  y.merge(sparse, pool);
  ASSERT_TRUE(x.isDense());
  ASSERT_TRUE(y.isDense());
  EXPECT_EQ(std::memcmp(x.registers(), expected.registers(), hll::kRegisters), 0);
  EXPECT_EQ(std::memcmp(y.registers(), expected.registers(), hll::kRegisters), 0);
  EXPECT_EQ(x.estimate(), expected.estimate());
}

TEST(DistinctCounterTest, MergeIsAssociative) {
  DistinctPools pool = makePool(64);
  const uint64_t bounds[][2] = {{0, 4}, {3, 7}, {5, 2000}, {1500, 1507}, {10000, 30000}};
  for (const auto& a : bounds) {
    for (const auto& b : bounds) {
      for (const auto& c : bounds) {
        DistinctCounter left = range(a[0], a[1], pool);  // (a ∪ b) ∪ c
        left.merge(range(b[0], b[1], pool), pool);
        left.merge(range(c[0], c[1], pool), pool);
        DistinctCounter bc = range(b[0], b[1], pool);  // a ∪ (b ∪ c)
        bc.merge(range(c[0], c[1], pool), pool);
        DistinctCounter right = range(a[0], a[1], pool);
        right.merge(bc, pool);
        ASSERT_EQ(left.estimate(), right.estimate());
        ASSERT_EQ(left.isDense(), right.isDense());
        pool.reset();
      }
    }
  }
}

TEST(DistinctCounterTest, ExhaustedPoolsSaturateAndCount) {
  DistinctPools pool(1, 1);
  DistinctCounter list = range(0, 20, pool);    // takes the only list
  DistinctCounter dense = range(0, 100, pool);  // no list left: straight to the only register block
  EXPECT_TRUE(list.isList());
  EXPECT_TRUE(dense.isDense());
  DistinctCounter second;
  for (uint64_t i = 0; i < 20; ++i)
    second.add(itemHash(i), pool);
  EXPECT_TRUE(second.isSaturated());
  EXPECT_EQ(second.estimate(), DistinctCounter::kInline);
  const uint64_t exhausted = pool.exhausted();
  EXPECT_EQ(exhausted, 3u);  // list pool (twice) and dense pool (once) found empty
  for (uint64_t i = 20; i < 40; ++i)
    second.add(itemHash(i), pool);
  EXPECT_EQ(pool.exhausted(), exhausted);  // a saturated counter does not retry on every item
  // The full list cannot grow into registers either: it saturates at its 64 items.
  for (uint64_t i = 0; i < 100; ++i)
    list.add(itemHash(i), pool);
  EXPECT_TRUE(list.isSaturated());
  EXPECT_EQ(list.estimate(), DistinctCounter::kListCapacity);
  // Merging a saturated counter into an exact one marks the result as a lower bound.
  DistinctCounter third = range(1000, 1002, pool);
  third.merge(second, pool);
  EXPECT_TRUE(third.isSaturated());
  EXPECT_EQ(third.estimate(), DistinctCounter::kInline);
}

TEST(DistinctCounterTest, OfItemsAndOverRegisters) {
  const uint32_t items[] = {1, 2, 3};
  EXPECT_EQ(DistinctCounter::ofItems(items, 3).estimate(), 3u);
  uint8_t registers[hll::kRegisters] = {};
  EXPECT_EQ(DistinctCounter::overRegisters(registers).estimate(), 0u);
  hll::add(registers, 0x12345678u);
  EXPECT_EQ(DistinctCounter::overRegisters(registers).estimate(), 1u);
}

TEST(DistinctCounterTest, AViewOverItemsHoldsAWholeScratchBlockAndMergesLikeItsItems) {
  // A window's long list is viewed as one counter of up to kMaxViewItems items: exact, and a merge of it
  // counts what adding each item would.
  std::vector<uint32_t> items;
  for (uint64_t i = 0; i < DistinctCounter::kMaxViewItems + 5; ++i)
    items.push_back(DistinctCounter::itemOf(itemHash(i)));
  const DistinctCounter view = DistinctCounter::overItems(items.data(), 300);
  EXPECT_TRUE(view.isList());
  EXPECT_EQ(view.estimate(), 300u);
  EXPECT_EQ(DistinctCounter::overItems(items.data(), items.size()).estimate(), DistinctCounter::kMaxViewItems);
  DistinctPools pool = makePool();
  DistinctCounter merged = range(0, 10, pool);
  merged.merge(view, pool);
  DistinctCounter added = range(0, 10, pool);
  for (uint64_t i = 0; i < 300; ++i)
    added.add(itemHash(i), pool);
  ASSERT_TRUE(merged.isDense());
  EXPECT_EQ(merged.estimate(), added.estimate());
}

}  // namespace
}  // namespace vigil::flow
