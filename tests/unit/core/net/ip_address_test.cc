// Tests for net::IpAddress: construction, IPv4 mapping, parsing, canonical text, ordering and halves.
#include "net/ip_address.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <type_traits>

namespace vigil::net {
namespace {

TEST(IpAddressTest, IsASixteenByteValue) {
  static_assert(sizeof(IpAddress) == 16);
  static_assert(std::is_trivially_copyable_v<IpAddress>);
  const IpAddress zero;
  for (uint8_t b : zero.bytes())
    EXPECT_EQ(b, 0);
  EXPECT_FALSE(zero.isV4());
}

TEST(IpAddressTest, V4BytesAreStoredIpv4Mapped) {
  const uint8_t raw[4] = {10, 0, 0, 128};
  const IpAddress a = IpAddress::fromV4Bytes(raw);
  EXPECT_TRUE(a.isV4());
  EXPECT_EQ(a.v4(), 0x0a000080u);
  const std::array<uint8_t, 16> expected = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 128};
  EXPECT_EQ(a.bytes(), expected);
  EXPECT_EQ(a, IpAddress::fromV4(0x0a000080));
  EXPECT_EQ(a.toString(), "10.0.0.128");
}

TEST(IpAddressTest, V6BytesAreCopied) {
  const uint8_t raw[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const IpAddress a = IpAddress::fromV6Bytes(raw);
  EXPECT_FALSE(a.isV4());
  EXPECT_EQ(a.toString(), "2001:db8::1");
  EXPECT_EQ(a.bytes()[0], 0x20);
  EXPECT_EQ(a.bytes()[15], 1);
}

TEST(IpAddressTest, ParsesBothFamilies) {
  auto v4 = IpAddress::parse("192.0.2.255");
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(v4->v4(), 0xc00002ffu);
  auto v6 = IpAddress::parse("FE80::8C36:6FF:FE44:ACAF");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->toString(), "fe80::8c36:6ff:fe44:acaf");
  auto mapped = IpAddress::parse("::ffff:1.2.3.4");
  ASSERT_TRUE(mapped.has_value());
  EXPECT_TRUE(mapped->isV4());
  EXPECT_EQ(*mapped, IpAddress::fromV4(0x01020304));
  EXPECT_EQ(IpAddress::parse("::")->toString(), "::");
}

TEST(IpAddressTest, RejectsInvalidText) {
  for (const char* text : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/24", " 1.2.3.4", "::g", "1:2:3:4:5:6:7:8:9",
                           "example.org", "2001:db8::1%eth0"}) {
    EXPECT_FALSE(IpAddress::parse(text).has_value()) << text;
  }
  EXPECT_FALSE(IpAddress::parse(std::string(100, '1')).has_value());
}

TEST(IpAddressTest, CanonicalTextFollowsRfc5952) {
  EXPECT_EQ(IpAddress::parse("2001:0db8:0000:0000:0001:0000:0000:0001")->toString(), "2001:db8::1:0:0:1");
  EXPECT_EQ(IpAddress::parse("2001:db8:0:0:0:0:2:1")->toString(), "2001:db8::2:1");
  EXPECT_EQ(IpAddress::parse("2001:db8:0:1:1:1:1:1")->toString(), "2001:db8:0:1:1:1:1:1");
}

TEST(IpAddressTest, EqualityOrderingAndHalves) {
  const IpAddress a = IpAddress::fromV4(0x0a000001);
  const IpAddress b = IpAddress::fromV4(0x0a000002);
  EXPECT_NE(a, b);
  EXPECT_TRUE(a < b);
  EXPECT_FALSE(b < a);
  EXPECT_EQ(a.hi(), b.hi());
  EXPECT_NE(a.lo(), b.lo());
  const IpAddress v6 = *IpAddress::parse("2001:db8::1");
  EXPECT_TRUE(a < v6);  // ::ffff:10.0.0.1 sorts before 2001:db8::1
  EXPECT_FALSE(v6 < a);
  uint64_t hi = 0;
  const uint8_t first[8] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0};
  std::memcpy(&hi, first, 8);
  EXPECT_EQ(v6.hi(), hi);
}

}  // namespace
}  // namespace vigil::net
