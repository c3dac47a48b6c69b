// Tests for the special-purpose ranges: bogons, private space, names, and ordinary addresses.
#include "net/special_prefixes.h"

#include <gtest/gtest.h>

namespace vigil::net {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

TEST(SpecialPrefixesTest, BogonsAreSpecialPurposeAndPublicAddressesAreNot) {
  for (const char* b : {"0.1.2.3", "10.9.8.7", "100.64.0.1", "127.0.0.1", "169.254.1.1", "172.31.255.255",
                        "192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",
                        "224.0.0.251", "255.255.255.255", "::", "::1", "2001:db8::1", "fc00::1", "fe80::1", "ff02::1",
                        "100::1", "3fff::1"}) {
    EXPECT_TRUE(bogonPrefixes().contains(ip(b))) << b;
  }
  for (const char* p : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2001:4860::8888", "2a00:1450::1"}) {
    EXPECT_FALSE(bogonPrefixes().contains(ip(p))) << p;
    EXPECT_EQ(specialPurposeName(ip(p)), "") << p;
  }
}

TEST(SpecialPrefixesTest, NamesAndPrivateSpace) {
  EXPECT_EQ(specialPurposeName(ip("10.0.0.1")), "private-use");
  EXPECT_EQ(specialPurposeName(ip("127.0.0.1")), "loopback");
  EXPECT_EQ(specialPurposeName(ip("192.0.2.1")), "documentation");
  EXPECT_EQ(specialPurposeName(ip("fe80::1")), "link-local");
  EXPECT_EQ(specialPurposeName(ip("4000::1")), "not-global-unicast");
  EXPECT_TRUE(privatePrefixes().contains(ip("192.168.0.1")));
  EXPECT_TRUE(privatePrefixes().contains(ip("fd00::1")));
  EXPECT_FALSE(privatePrefixes().contains(ip("127.0.0.1")));
}

}  // namespace
}  // namespace vigil::net
