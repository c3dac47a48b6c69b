// Tests for Permutation: a bijection for any size, key-dependent, and distinct over the IPv4 space.
#include "pcapgen/traffic/permutation.h"

#include <gtest/gtest.h>

#include <unordered_set>
#include <vector>

namespace vigil::pcapgen {
namespace {

TEST(PermutationTest, IsABijectionOfSmallDomains) {
  for (uint64_t size : {1u, 2u, 3u, 7u, 254u, 1000u, 65536u, 60960u}) {
    const Permutation p(size, 42);
    std::vector<bool> seen(size, false);
    for (uint64_t i = 0; i < size; ++i) {
      const uint64_t v = p.at(i);
      ASSERT_LT(v, size);
      ASSERT_FALSE(seen[v]) << "size " << size << " value " << v;
      seen[v] = true;
    }
  }
}

TEST(PermutationTest, DependsOnTheKeyAndIsNotTheIdentity) {
  const Permutation a(1u << 16, 1);
  const Permutation b(1u << 16, 2);
  int same_keys = 0;
  int fixed_points = 0;
  for (uint64_t i = 0; i < 1000; ++i) {
    same_keys += a.at(i) == b.at(i);
    fixed_points += a.at(i) == i;
  }
  EXPECT_LT(same_keys, 10);
  EXPECT_LT(fixed_points, 10);
  EXPECT_EQ(Permutation(1000, 7).at(123), Permutation(1000, 7).at(123));
}

TEST(PermutationTest, FullIpv4SpaceGivesDistinctValues) {
  const Permutation p(Permutation::kMaxSize, 99);
  EXPECT_EQ(p.size(), uint64_t{1} << 32);
  std::unordered_set<uint32_t> seen;
  seen.reserve(300000);
  for (uint64_t i = 0; i < 300000; ++i) ASSERT_TRUE(seen.insert(static_cast<uint32_t>(p.at(i))).second) << i;
}

}  // namespace
}  // namespace vigil::pcapgen
