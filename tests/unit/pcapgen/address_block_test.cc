// Tests for AddressBlock: CIDR parsing, host-bit clearing, indexing and containment.
#include "pcapgen/traffic/address_block.h"

#include <gtest/gtest.h>

namespace vigil::pcapgen {
namespace {

TEST(AddressBlockTest, ParsesAndIndexesIpv4) {
  const auto b = AddressBlock::parse("198.19.5.77/16");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->toString(), "198.19.0.0/16");
  EXPECT_EQ(b->size(), 65536u);
  EXPECT_EQ(b->at(0).toString(), "198.19.0.0");
  EXPECT_EQ(b->at(258).toString(), "198.19.1.2");
  EXPECT_EQ(b->at(65536 + 1).toString(), "198.19.0.1");  // wraps
  EXPECT_TRUE(b->contains(*net::IpAddress::parse("198.19.200.1")));
  EXPECT_FALSE(b->contains(*net::IpAddress::parse("198.18.200.1")));
  EXPECT_FALSE(b->contains(*net::IpAddress::parse("2001:db8::1")));
  const auto one = AddressBlock::parse("10.0.0.9");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 1u);
  EXPECT_EQ(one->toString(), "10.0.0.9");
}

TEST(AddressBlockTest, Ipv6BlocksAreCappedAtTwoToThe32) {
  const auto b = AddressBlock::parse("2001:db8:ffff:8000::/64");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->size(), uint64_t{1} << 32);
  EXPECT_EQ(b->at(0x1ff).toString(), "2001:db8:ffff:8000::1ff");
  EXPECT_EQ(AddressBlock::parse("2001:db8::/126")->size(), 4u);
}

TEST(AddressBlockTest, RejectsBadText) {
  EXPECT_FALSE(AddressBlock::parse("10.0.0.0/33"));
  EXPECT_FALSE(AddressBlock::parse("10.0.0.0/"));
  EXPECT_FALSE(AddressBlock::parse("10.0.0.0/8x"));
  EXPECT_FALSE(AddressBlock::parse("banana/8"));
}

}  // namespace
}  // namespace vigil::pcapgen
