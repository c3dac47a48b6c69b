// Tests pinning the explanation and summary wording (vigil-rules explain/check output).
#include "rules/explain.h"

#include <gtest/gtest.h>

#include "rules/rule_loader.h"

namespace vigil::rules {
namespace {

const std::string kGood = VIGIL_SOURCE_DIR "/tests/unit/core/rules/data/good";

std::shared_ptr<const RuleSet> load(const std::string& name) {
  auto loaded = loadRuleSet(kGood + "/" + name);
  EXPECT_TRUE(loaded.ok()) << loaded.error();
  return loaded.ok() ? *loaded : nullptr;
}

TEST(ExplainTest, SynScanReadsAsInTheDesign) {
  auto set = load("default.yaml");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(explainRule(*set->findRule("syn-scan")),
            "syn-scan: report a source that sends TCP SYNs (SYN set, ACK unset) to more than 256 distinct hosts "
            "within 60 s as information-gathering/scanner (identifier scan-horizontal, severity medium, TLP:AMBER); "
            "at most one update every 300 s while it lasts.");
}

TEST(ExplainTest, AmplificationWithSizeMinDurationAndConditions) {
  auto set = load("default.yaml");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(explainRule(*set->findRule("ntp-amplification")),
            "ntp-amplification: report a destination that receives UDP packets from port 123 of at least 200 bytes "
            "at more than 1500000 bits per second averaged over 10 s as availability/ddos (identifier "
            "amplification-ntp, severity medium, TLP:AMBER) once it has lasted 30 s; at most one update every 600 s "
            "while it lasts. Conditions: min_reflectors 5, max_reply_ratio 0.2.");
}

TEST(ExplainTest, DisabledRuleWithPortsFragmentsAndDescription) {
  auto set = load("all_keys.yaml");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(explainRule(*set->findRule("vscan.tcp_1")),
            "vscan.tcp_1 (disabled): report a source and destination pair where the source sends TCP SYNs (SYN set, "
            "FIN+RST+ACK unset) to ports 1-1023, 3389, 8000-8080 from ports 1024-65535 of 40-100 bytes (fragments "
            "excluded) to more than 100 distinct ports within 60 s as information-gathering/scanner (identifier "
            "scan-vertical, severity high, TLP:AMBER+STRICT); at most one update every 120 s while it lasts. One host "
            "probing many ports of another.");
  EXPECT_EQ(explainRule(*set->findRule("c2-beacons")),
            "c2-beacons: report a source that sends UDP packets whose first payload starts with \"\\x16\\x03\" in more "
            "than 3 connection attempts within 3600 s as malicious-code/infected-system (identifier c2-contact, "
            "severity low, TLP:CLEAR) once it has lasted 15 s; at most one update every 3600 s while it lasts.");
}

TEST(ExplainTest, BlocklistAndSummary) {
  auto set = load("overlay.yaml");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(explainBlocklist(set->blocklists()[0]),
            "c2: report a host that exchanges traffic with one of the 3 entries of " + kGood +
                "/c2.txt as malicious-code/infected-system (identifier c2-contact, severity high, TLP:AMBER).");
  EXPECT_EQ(summarizeRuleSet(*set), "4 rules (0 disabled), 1 blocklist with 3 entries, 2 home prefixes");
  auto only = load("blocklist_only.yaml");
  ASSERT_NE(only, nullptr);
  EXPECT_EQ(summarizeRuleSet(*only), "0 rules (0 disabled), 1 blocklist with 3 entries, every address is home");
}

TEST(ExplainTest, WholeSetListsEverything) {
  auto parsed = parseRuleSet(
      "home_networks: [192.0.2.0/24]\n"
      "sensors:\n  ixp-1: {inbound_only: true}\n"
      "rules:\n  - {id: s, kind: spam, key: source, measure: packets, threshold: 1k, window: 1m}\n",
      "inline.yaml", kGood);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_EQ(explainRuleSet(**parsed),
            "s: report a source that sends packets in more than 1000 packets within 60 s as abusive-content/spam "
            "(identifier spam, severity medium, TLP:AMBER); at most one update every 300 s while it lasts.\n\n"
            "Home networks: 1 prefix: 192.0.2.0/24\n"
            "Allowlist: 0 prefixes\n"
            "Sensor ixp-1: home networks as above, inbound only (a home source seen here is spoofed)\n"
            "Files: inline.yaml\n");
}

}  // namespace
}  // namespace vigil::rules
