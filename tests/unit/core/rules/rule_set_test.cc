// Tests for RuleSet built directly from parts: home fallback, lookups, counts, sensor overrides.
#include "rules/rule_set.h"

#include <gtest/gtest.h>

namespace vigil::rules {
namespace {

net::Prefix prefix(const char* text) {
  return *net::Prefix::parse(text);
}
net::IpAddress ip(const char* text) {
  return *net::IpAddress::parse(text);
}

Rule rule(const char* id, bool enabled) {
  Rule r;
  r.id = id;
  r.enabled = enabled;
  return r;
}

TEST(RuleSetTest, WithoutHomeNetworksEveryAddressIsHome) {
  const RuleSet set(RuleSet::Parts{});
  EXPECT_TRUE(set.homeIsEverything());
  EXPECT_TRUE(set.homePrefixes().empty());
  EXPECT_TRUE(set.home().contains(ip("10.1.2.3")));
  EXPECT_TRUE(set.home().contains(ip("2001:db8::1")));
  EXPECT_FALSE(set.allowlist().contains(ip("10.1.2.3")));
  EXPECT_TRUE(set.rules().empty());
  EXPECT_EQ(set.findRule("x"), nullptr);
  EXPECT_EQ(set.sensor("x"), nullptr);
  EXPECT_EQ(set.blocklistEntryCount(), 0u);
}

TEST(RuleSetTest, PartsAreKeptAndLookedUp) {
  RuleSet::Parts parts;
  parts.home = std::vector<net::Prefix>{prefix("192.0.2.0/24")};
  parts.allowlist = {prefix("192.0.2.53/32")};
  parts.rules = {rule("a", true), rule("b", false), rule("c", false)};
  Blocklist c2;
  c2.name = "c2";
  c2.entries = 7;
  Blocklist other;
  other.name = "other";
  other.entries = 5;
  parts.blocklists = {c2, other};
  SensorOverrides edge;
  edge.home = net::PrefixSet(std::vector<net::Prefix>{prefix("192.0.2.0/25")});
  edge.inbound_only = true;
  parts.sensors.emplace("edge-1", edge);
  parts.files = {"a.yaml", "c2.txt"};

  const RuleSet set(std::move(parts));
  EXPECT_FALSE(set.homeIsEverything());
  EXPECT_TRUE(set.home().contains(ip("192.0.2.200")));
  EXPECT_FALSE(set.home().contains(ip("198.51.100.1")));
  EXPECT_TRUE(set.allowlist().contains(ip("192.0.2.53")));
  EXPECT_EQ(set.allowlistPrefixes().size(), 1u);
  ASSERT_NE(set.findRule("b"), nullptr);
  EXPECT_EQ(set.findRule("b"), &set.rules()[1]);
  EXPECT_EQ(set.disabledRuleCount(), 2u);
  EXPECT_EQ(set.blocklistEntryCount(), 12u);
  ASSERT_NE(set.sensor("edge-1"), nullptr);
  EXPECT_TRUE(set.sensor("edge-1")->inbound_only);
  EXPECT_FALSE(set.homeFor("edge-1").contains(ip("192.0.2.200")));
  EXPECT_TRUE(set.homeFor("edge-2").contains(ip("192.0.2.200")));
  EXPECT_EQ(set.files(), (std::vector<std::string>{"a.yaml", "c2.txt"}));
}

}  // namespace
}  // namespace vigil::rules
