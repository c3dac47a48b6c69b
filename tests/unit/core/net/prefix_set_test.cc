// Tests for PrefixSet: merging, interval edges, families, and agreement with a linear reference.
#include "net/prefix_set.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace vigil::net {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
std::vector<Prefix> prefixes(std::initializer_list<const char*> texts) {
  std::vector<Prefix> out;
  for (const char* t : texts) out.push_back(*Prefix::parse(t));
  return out;
}

TEST(PrefixSetTest, EmptyContainsNothingEverythingContainsAll) {
  EXPECT_FALSE(PrefixSet().contains(ip("10.0.0.1")));
  EXPECT_TRUE(PrefixSet().empty());
  const PrefixSet all = PrefixSet::everything();
  EXPECT_TRUE(all.contains(ip("0.0.0.0")));
  EXPECT_TRUE(all.contains(ip("255.255.255.255")));
  EXPECT_TRUE(all.contains(ip("::")));
  EXPECT_TRUE(all.contains(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
}

TEST(PrefixSetTest, MergesOverlappingNestedAndAdjacentBlocks) {
  const auto list = prefixes({"10.0.0.0/24", "10.0.1.0/24", "10.0.0.128/25", "10.0.3.0/24", "2001:db8::/48"});
  const PrefixSet set(list);
  EXPECT_EQ(set.prefixCount(), 5u);
  EXPECT_EQ(set.intervals(), 3u);  // 10.0.0.0-10.0.1.255, 10.0.3.0/24, the IPv6 block
  EXPECT_TRUE(set.contains(ip("10.0.0.0")));
  EXPECT_TRUE(set.contains(ip("10.0.1.255")));
  EXPECT_FALSE(set.contains(ip("10.0.2.0")));
  EXPECT_TRUE(set.contains(ip("10.0.3.255")));
  EXPECT_FALSE(set.contains(ip("10.0.4.0")));
  EXPECT_TRUE(set.contains(ip("2001:db8:0:ffff::1")));
  EXPECT_FALSE(set.contains(ip("2001:db8:1::")));
}

TEST(PrefixSetTest, AnIpv6BlockNeverContainsIpv4Addresses) {
  const auto list = prefixes({"::/1"});
  const PrefixSet set(list);
  EXPECT_TRUE(set.contains(ip("::1")));
  EXPECT_TRUE(set.contains(ip("2001:db8::1")));
  EXPECT_FALSE(set.contains(ip("10.0.0.1")));
  EXPECT_TRUE(set.contains(ip("::1:0:0:0")));  // just past the mapped range
}

TEST(PrefixSetTest, AgreesWithALinearScanOnRandomPrefixes) {
  std::mt19937 rng(7);
  std::vector<Prefix> list;
  for (int i = 0; i < 2000; ++i) {
    const int len = 8 + int(rng() % 25);
    const uint32_t addr = uint32_t(rng()) & (len == 0 ? 0 : ~uint32_t(0) << (32 - len));
    list.push_back(*Prefix::parse(IpAddress::fromV4(addr).toString() + "/" + std::to_string(len)));
  }
  const PrefixSet set(list);
  for (int i = 0; i < 20000; ++i) {
    const IpAddress a = IpAddress::fromV4(uint32_t(rng()));
    bool expected = false;
    for (const Prefix& p : list) expected = expected || p.contains(a);
    ASSERT_EQ(set.contains(a), expected) << a.toString();
  }
}

}  // namespace
}  // namespace vigil::net
