// Tests for per-kind default classifications and identifier derivation.
#include "rules/rule_defaults.h"

#include <gtest/gtest.h>

namespace vigil::rules {
namespace {

Match withPorts(std::vector<PortRange> ports, std::vector<PortRange> source_ports = {}) {
  Match match;
  match.ports = std::move(ports);
  match.source_ports = std::move(source_ports);
  return match;
}

TEST(RuleDefaultsTest, ClassificationPerKind) {
  EXPECT_EQ(defaultClassification(Kind::kScanVertical), (Classification{"information-gathering", "scanner"}));
  EXPECT_EQ(defaultClassification(Kind::kAmplification), (Classification{"availability", "ddos"}));
  EXPECT_EQ(defaultClassification(Kind::kIcmpFlood), (Classification{"availability", "ddos"}));
  EXPECT_EQ(defaultClassification(Kind::kBruteforce), (Classification{"intrusion-attempts", "brute-force"}));
  EXPECT_EQ(defaultClassification(Kind::kC2Contact), (Classification{"malicious-code", "infected-system"}));
  EXPECT_EQ(defaultClassification(Kind::kSpam), (Classification{"abusive-content", "spam"}));
  EXPECT_EQ(defaultClassification(Kind::kSpoofedSource), (Classification{"other", "other"}));
}

TEST(RuleDefaultsTest, ServiceTable) {
  EXPECT_EQ(serviceName(53), "dns");
  EXPECT_EQ(serviceName(11211), "memcached");
  EXPECT_EQ(serviceName(3389), "rdp");
  EXPECT_FALSE(serviceName(80).has_value());
  EXPECT_EQ(serviceTable(),
            "53 dns, 123 ntp, 1900 ssdp, 11211 memcached, 389 cldap, 161 snmp, 19 chargen, 22 ssh, 23 telnet, "
            "3389 rdp, 21 ftp");
}

TEST(RuleDefaultsTest, IdentifierFromTheFirstPort) {
  EXPECT_EQ(defaultIdentifier(Kind::kAmplification, withPorts({}, {{123, 123}, {53, 53}})), "amplification-ntp");
  // Amplification looks at source ports only: destination port 53 says nothing about the reflector.
  EXPECT_FALSE(defaultIdentifier(Kind::kAmplification, withPorts({{53, 53}})).has_value());
  EXPECT_FALSE(defaultIdentifier(Kind::kAmplification, withPorts({}, {{5000, 5000}})).has_value());
  EXPECT_EQ(defaultIdentifier(Kind::kBruteforce, withPorts({{22, 22}})), "bruteforce-ssh");
  EXPECT_EQ(defaultIdentifier(Kind::kBruteforce, withPorts({{21, 23}})), "bruteforce-ftp");  // range start
  EXPECT_FALSE(defaultIdentifier(Kind::kBruteforce, withPorts({{2222, 2222}})).has_value());
  EXPECT_FALSE(defaultIdentifier(Kind::kBruteforce, Match{}).has_value());
  EXPECT_EQ(defaultIdentifier(Kind::kSynFlood, withPorts({{80, 80}})), "syn-flood");
}

TEST(RuleDefaultsTest, SshBannerWithoutPortsMeansSsh) {
  Match match;
  const char banner[] = "SSH-";
  for (std::size_t i = 0; i < 4; ++i)
    match.payload_prefix[i] = static_cast<uint8_t>(banner[i]);
  match.payload_prefix_len = 4;
  EXPECT_EQ(defaultIdentifier(Kind::kBruteforce, match), "bruteforce-ssh");
  match.ports = {{2222, 2222}};  // the banner names the service on an unlisted port
  EXPECT_EQ(defaultIdentifier(Kind::kBruteforce, match), "bruteforce-ssh");
  match.ports = {{23, 23}};  // a listed port comes first
  EXPECT_EQ(defaultIdentifier(Kind::kBruteforce, match), "bruteforce-telnet");
}

}  // namespace
}  // namespace vigil::rules
