// Tests for HostPlan: address ranges, distinct clients, bounded favourites, per-host traits.
#include "pcapgen/traffic/host_plan.h"

#include <gtest/gtest.h>

#include <set>

#include "pcapgen/traffic/address_block.h"

namespace vigil::pcapgen {
namespace {

TEST(HostPlanTest, SizedFromThePacketRateWithinLimits) {
  EXPECT_EQ(HostPlan(100000, 1).clients(), 2000u);
  EXPECT_EQ(HostPlan(100000, 1).servers(), 4000u);
  EXPECT_EQ(HostPlan(10, 1).clients(), 64u);
  EXPECT_EQ(HostPlan(1e9, 1).clients(), HostPlan::kMaxClients);
}

TEST(HostPlanTest, AddressesStayInTheirRangesAndClientsAreDistinct) {
  const HostPlan plan(200000, 9);
  const AddressBlock clients = *AddressBlock::parse("10.1.0.0/16");
  const AddressBlock servers = *AddressBlock::parse("198.18.0.0/16");
  const AddressBlock v6_clients = *AddressBlock::parse("2001:db8:1::/48");
  const AddressBlock v6_servers = *AddressBlock::parse("2001:db8:ffff::/48");
  std::set<uint32_t> seen;
  for (uint32_t c = 0; c < plan.clients(); ++c) {
    const net::IpAddress a = plan.client(c, false);
    ASSERT_TRUE(clients.contains(a));
    ASSERT_LT(a.bytes()[14], 240);  // 10.1.250.0/23 is left to incidents
    ASSERT_NE(a.bytes()[15], 0);
    ASSERT_NE(a.bytes()[15], 255);
    ASSERT_TRUE(seen.insert(a.v4()).second);
    ASSERT_TRUE(v6_clients.contains(plan.client(c, true)));
    ASSERT_LT(plan.favoriteServer(c, HostPlan::kFavorites - 1), plan.servers());
  }
  for (uint32_t s = 0; s < 100; ++s) {
    EXPECT_TRUE(servers.contains(plan.server(s, false)));
    EXPECT_TRUE(v6_servers.contains(plan.server(s, true)));
  }
  EXPECT_EQ(plan.resolver(0, false).toString(), "198.19.255.1");
  EXPECT_EQ(plan.ntpServer(0).toString(), "198.19.254.1");
}

TEST(HostPlanTest, VlanShareAndTtls) {
  const HostPlan plan(100000, 3);
  uint32_t tagged = 0;
  for (uint32_t c = 0; c < plan.clients(); ++c) {
    const uint16_t vlan = plan.clientVlan(c, 0.05);
    tagged += vlan != 0;
    EXPECT_TRUE(vlan == 0 || vlan == 100 || vlan == 200 || vlan == 300);
    EXPECT_EQ(plan.clientVlan(c, 0), 0);
    EXPECT_TRUE(plan.clientTtl(c) == 64 || plan.clientTtl(c) == 128);
  }
  EXPECT_NEAR(tagged, 100, 30);
  for (uint32_t s = 0; s < 100; ++s) EXPECT_LT(plan.serverTtl(s), 123);
}

}  // namespace
}  // namespace vigil::pcapgen
