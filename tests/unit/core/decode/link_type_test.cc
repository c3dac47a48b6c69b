// Tests for linkTypeFromNumber and linkTypeName.
#include "decode/link_type.h"

#include <gtest/gtest.h>

namespace vigil::decode {
namespace {

TEST(LinkTypeTest, MapsEveryLinktypeNumber) {
  EXPECT_EQ(linkTypeFromNumber(0), LinkType::kNull);
  EXPECT_EQ(linkTypeFromNumber(1), LinkType::kEthernet);
  EXPECT_EQ(linkTypeFromNumber(101), LinkType::kRaw);
  EXPECT_EQ(linkTypeFromNumber(108), LinkType::kLoop);
  EXPECT_EQ(linkTypeFromNumber(113), LinkType::kLinuxSll);
  EXPECT_EQ(linkTypeFromNumber(228), LinkType::kIpv4);
  EXPECT_EQ(linkTypeFromNumber(229), LinkType::kIpv6);
  EXPECT_EQ(linkTypeFromNumber(276), LinkType::kLinuxSll2);
}

TEST(LinkTypeTest, AcceptsDltRawAliases) {
  EXPECT_EQ(linkTypeFromNumber(12), LinkType::kRaw);
  EXPECT_EQ(linkTypeFromNumber(14), LinkType::kRaw);
}

TEST(LinkTypeTest, RejectsUnsupportedNumbers) {
  for (uint32_t n : {2u, 6u, 9u, 105u, 127u, 147u, 192u, 220u, 277u, 65535u, 0xffffffffu}) {
    EXPECT_FALSE(linkTypeFromNumber(n).has_value()) << n;
  }
}

TEST(LinkTypeTest, NamesAreShortAndDistinct) {
  EXPECT_EQ(linkTypeName(LinkType::kNull), "null");
  EXPECT_EQ(linkTypeName(LinkType::kEthernet), "ethernet");
  EXPECT_EQ(linkTypeName(LinkType::kRaw), "raw");
  EXPECT_EQ(linkTypeName(LinkType::kLoop), "loop");
  EXPECT_EQ(linkTypeName(LinkType::kLinuxSll), "linux-sll");
  EXPECT_EQ(linkTypeName(LinkType::kIpv4), "ipv4");
  EXPECT_EQ(linkTypeName(LinkType::kIpv6), "ipv6");
  EXPECT_EQ(linkTypeName(LinkType::kLinuxSll2), "linux-sll2");
  EXPECT_EQ(linkTypeName(static_cast<LinkType>(999)), "unknown");
}

TEST(LinkTypeTest, NumberRoundTripsThroughTheEnumValue) {
  for (uint32_t n : {0u, 1u, 101u, 108u, 113u, 228u, 229u, 276u}) {
    auto type = linkTypeFromNumber(n);
    ASSERT_TRUE(type.has_value()) << n;
    EXPECT_EQ(static_cast<uint32_t>(*type), n);
  }
}

}  // namespace
}  // namespace vigil::decode
