// Tests for the detector factory: per-kind validation errors at the rule's file position, and what gets built.
#include "detect/detector_factory.h"

#include <gtest/gtest.h>

#include <string>

#include "rules/rule_loader.h"

namespace vigil::detect {
namespace {

common::Result<std::unique_ptr<DetectorSet>> build(const std::string& yaml, std::string_view sensor = "s1") {
  auto rules = rules::parseRuleSet(yaml, "r.yaml", ".");
  if (!rules) return common::fail(rules.error());
  return buildDetectors(std::move(rules).value(), sensor);
}

std::string rule(const std::string& kind, const std::string& match, const std::string& key, const std::string& measure,
                 const std::string& extra = "") {
  return "rules:\n  - id: r1\n    kind: " + kind + "\n    match: " + match + "\n    key: " + key +
         "\n    measure: " + measure + "\n    threshold: 10\n    window: 60s\n" + extra;
}

TEST(DetectorFactoryTest, BuildsEveryKindOfTheShippedShapes) {
  const char* kSyn = "{protocol: tcp, tcp_flags: {set: [syn], unset: [ack]}}";
  EXPECT_TRUE(build(rule("scan-horizontal", kSyn, "source", "distinct_destinations")).ok());
  EXPECT_TRUE(build(rule("scan-vertical", "{protocol: udp}", "source->destination", "distinct_ports")).ok());
  EXPECT_TRUE(build(rule("syn-flood", kSyn, "destination", "packets_per_second")).ok());
  EXPECT_TRUE(build(rule("amplification", "{protocol: udp, source_ports: [123]}", "destination", "packets_per_second"))
                  .ok());
  EXPECT_TRUE(build(rule("bruteforce", "{protocol: tcp, ports: [3389]}", "source->destination:port",
                         "connection_attempts"))
                  .ok());
  EXPECT_TRUE(build(rule("spam", "{protocol: tcp, ports: [25]}", "source", "distinct_destinations")).ok());
  auto set = build(rule("spoofed-source", "{protocol: any}", "source", "packets"));
  ASSERT_TRUE(set.ok()) << set.error();
  EXPECT_EQ((*set)->detectors.size(), 1u);
  EXPECT_EQ((*set)->home, nullptr);  // no home networks: everything is home
}

TEST(DetectorFactoryTest, KindSpecificMistakesPointAtTheRule) {
  const char* kSyn = "{protocol: tcp, tcp_flags: {set: [syn], unset: [ack]}}";
  EXPECT_EQ(build(rule("syn-flood", kSyn, "source", "packets_per_second")).error(),
            "r.yaml:5:10: rule 'r1': kind syn-flood needs key destination (got source)");
  EXPECT_EQ(build(rule("syn-flood", "{protocol: udp}", "destination", "packets_per_second")).error(),
            "r.yaml:4:5: rule 'r1': kind syn-flood needs tcp_flags {set: [syn], unset: [ack]} (match selects UDP "
            "packets)");
  EXPECT_EQ(build(rule("scan-horizontal", "{protocol: tcp, ports: [8080]}", "source", "distinct_destinations")).error(),
            "r.yaml:4:5: rule 'r1': match ports: 8080 is not a port counted per host (one of 53, 123, 1900, 11211, "
            "389, 161, 19, 22, 23, 3389, 21, 25, 445)");
  EXPECT_EQ(build(rule("scan-horizontal", "{protocol: tcp, tcp_flags: {set: [psh]}}", "source", "distinct_destinations"))
                .error()
                .substr(0, 53),
            "r.yaml:4:5: rule 'r1': match tcp_flags: per-host coun");
  EXPECT_EQ(build(rule("scan-horizontal", kSyn, "destination", "distinct_destinations")).error(),
            "r.yaml:6:14: rule 'r1': distinct_destinations needs a key starting with source");
  EXPECT_EQ(build(rule("scan-horizontal", kSyn, "source", "distinct_destinations", "    conditions: {max_ratio: 1}\n"))
                .error(),
            "r.yaml:9:18: rule 'r1': unknown condition 'max_ratio' for kind scan-horizontal (one of min_share, "
            "max_completion_ratio, max_reply_ratio, max_targets, max_average_bytes)");
  EXPECT_EQ(build(rule("amplification", "{protocol: udp, source_ports: [22]}", "destination", "packets_per_second"))
                .error(),
            "r.yaml:4:5: rule 'r1': kind amplification needs source_ports with one of 53, 123, 1900, 11211, 389, 161, "
            "19");
}

TEST(DetectorFactoryTest, BlocklistsGetTheC2RuleSettings) {
  const std::string yaml =
      "rules:\n  - id: c2\n    kind: c2-contact\n    key: source->destination\n    measure: packets\n"
      "    threshold: 3\n    window: 120s\n    cooldown: 600s\n";
  auto set = build(yaml);
  ASSERT_TRUE(set.ok()) << set.error();
  EXPECT_TRUE((*set)->detectors.empty());  // no blocklist, nothing to watch
}

}  // namespace
}  // namespace vigil::detect
