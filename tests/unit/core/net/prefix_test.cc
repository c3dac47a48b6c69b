// Tests for Prefix: strict parsing with reasons, masking, containment across families.
#include "net/prefix.h"

#include <gtest/gtest.h>

namespace vigil::net {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

TEST(PrefixTest, ParsesBothFamiliesAndBareAddresses) {
  const Prefix p = *Prefix::parse("10.0.0.0/8");
  EXPECT_TRUE(p.isV4());
  EXPECT_EQ(p.length(), 8);
  EXPECT_EQ(p.toString(), "10.0.0.0/8");
  EXPECT_EQ(Prefix::parse("192.0.2.1")->toString(), "192.0.2.1/32");
  EXPECT_EQ(Prefix::parse("2001:db8::/32")->toString(), "2001:db8::/32");
  EXPECT_EQ(Prefix::parse("2001:db8::1")->length(), 128);
  EXPECT_EQ(Prefix::parse("0.0.0.0/0")->length(), 0);
  EXPECT_EQ(Prefix::parse("::/0")->toString(), "::/0");
}

TEST(PrefixTest, ErrorsSayWhy) {
  EXPECT_EQ(Prefix::parseStrict("10.0.0.1/8").error(), "'10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?)");
  EXPECT_EQ(Prefix::parseStrict("10.0.0.0/33").error(), "'10.0.0.0/33': IPv4 prefix length must be 0-32");
  EXPECT_EQ(Prefix::parseStrict("2001:db8::/129").error(), "'2001:db8::/129': IPv6 prefix length must be 0-128");
  for (const char* bad : {"x", "1.2.3.4/", "/8", " 1.2.3.4", "1.2.3.4/8x", "1.2.3.4/-1", "1.2.3.999", "1.2.3.4/0008"}) {
    EXPECT_FALSE(Prefix::parse(bad).has_value()) << bad;
    EXPECT_EQ(Prefix::parseStrict(bad).error(), "'" + std::string(bad) + "' is not an IP address or CIDR") << bad;
  }
}

TEST(PrefixTest, ContainmentStaysWithinTheFamily) {
  const Prefix v4 = *Prefix::parse("198.51.100.0/22");
  EXPECT_TRUE(v4.contains(ip("198.51.100.0")));
  EXPECT_TRUE(v4.contains(ip("198.51.103.255")));
  EXPECT_FALSE(v4.contains(ip("198.51.104.0")));
  EXPECT_FALSE(v4.contains(ip("::ffff:0:0")));  // the mapped form is IPv4 only when it is 198.51.x
  EXPECT_TRUE(Prefix::parse("0.0.0.0/0")->contains(ip("8.8.8.8")));
  EXPECT_FALSE(Prefix::parse("0.0.0.0/0")->contains(ip("2001:db8::1")));
  EXPECT_FALSE(Prefix::parse("::/0")->contains(ip("8.8.8.8")));
  EXPECT_TRUE(Prefix::parse("::/0")->contains(ip("2001:db8::1")));
  EXPECT_TRUE(v4.contains(*Prefix::parse("198.51.101.0/24")));
  EXPECT_FALSE(Prefix::parse("198.51.101.0/24")->contains(v4));
  EXPECT_EQ(v4.last().toString(), "198.51.103.255");
  EXPECT_EQ(Prefix::parse("2001:db8::/127")->last().toString(), "2001:db8::1");
  EXPECT_EQ(Prefix::host(ip("192.0.2.7")).toString(), "192.0.2.7/32");
}

}  // namespace
}  // namespace vigil::net
