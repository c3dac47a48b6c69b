// Tests for the rules enums' names and parsers (one spelling each, TLP case-insensitive with WHITE).
#include "rules/rule_types.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vigil::rules {
namespace {

template <typename E, typename Name, typename Parse>
void expectRoundTrip(std::size_t count, Name name, Parse parse) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < count; ++i) {
    const auto value = static_cast<E>(i);
    const std::string text(name(value));
    EXPECT_NE(text, "unknown") << i;
    EXPECT_TRUE(seen.insert(text).second) << "duplicate " << text;
    ASSERT_TRUE(parse(text).has_value()) << text;
    EXPECT_EQ(*parse(text), value) << text;
  }
  EXPECT_EQ(name(static_cast<E>(count)), "unknown");
}

TEST(RuleTypesTest, EveryValueRoundTrips) {
  expectRoundTrip<Kind>(kKindCount, kindName, parseKind);
  expectRoundTrip<KeyKind>(kKeyKindCount, keyKindName, parseKeyKind);
  expectRoundTrip<Measure>(kMeasureCount, measureName, parseMeasure);
  expectRoundTrip<Protocol>(kProtocolCount, protocolName, parseProtocol);
  expectRoundTrip<FragmentMode>(kFragmentModeCount, fragmentModeName, parseFragmentMode);
  expectRoundTrip<Severity>(kSeverityCount, severityName, parseSeverity);
  expectRoundTrip<Tlp>(kTlpCount, tlpName, parseTlp);
}

TEST(RuleTypesTest, ExactSpellings) {
  EXPECT_EQ(kindName(Kind::kScanHorizontal), "scan-horizontal");
  EXPECT_EQ(kindName(Kind::kSpoofedSource), "spoofed-source");
  EXPECT_EQ(keyKindName(KeyKind::kSourceDestinationPort), "source->destination:port");
  EXPECT_EQ(measureName(Measure::kDistinctDestinations), "distinct_destinations");
  EXPECT_EQ(tlpName(Tlp::kAmberStrict), "TLP:AMBER+STRICT");
  EXPECT_EQ(keyKindNames(), "source, destination, source->destination, source->destination:port");
  EXPECT_EQ(severityNames(), "low, medium, high");
  EXPECT_EQ(tlpNames(), "TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED");
  EXPECT_EQ(kindNames(),
            "scan-horizontal, scan-vertical, syn-flood, udp-flood, icmp-flood, amplification, bruteforce, "
            "c2-contact, spam, spoofed-source");
}

TEST(RuleTypesTest, OnlyOneSpellingIsAccepted) {
  EXPECT_FALSE(parseKind("Scan-Horizontal").has_value());
  EXPECT_FALSE(parseKind("scan_horizontal").has_value());
  EXPECT_FALSE(parseKeyKind("src").has_value());
  EXPECT_FALSE(parseKeyKind("source -> destination").has_value());
  EXPECT_FALSE(parseMeasure("pps").has_value());
  EXPECT_FALSE(parseSeverity("HIGH").has_value());
  EXPECT_FALSE(parseProtocol("TCP").has_value());
  EXPECT_FALSE(parseFragmentMode("").has_value());
}

TEST(RuleTypesTest, TlpIsCaseInsensitiveAndReadsWhiteAsClear) {
  EXPECT_EQ(parseTlp("tlp:amber"), Tlp::kAmber);
  EXPECT_EQ(parseTlp("Tlp:Amber+Strict"), Tlp::kAmberStrict);
  EXPECT_EQ(parseTlp("TLP:WHITE"), Tlp::kClear);
  EXPECT_EQ(parseTlp("tlp:white"), Tlp::kClear);
  EXPECT_FALSE(parseTlp("AMBER").has_value());
  EXPECT_FALSE(parseTlp("TLP: AMBER").has_value());
  EXPECT_FALSE(parseTlp("TLP:AMBER+").has_value());
}

TEST(RuleTypesTest, RateMeasuresAndUnits) {
  int rates = 0;
  for (std::size_t i = 0; i < kMeasureCount; ++i)
    rates += measureIsRate(static_cast<Measure>(i)) ? 1 : 0;
  EXPECT_EQ(rates, 3);
  EXPECT_TRUE(measureIsRate(Measure::kBitsPerSecond));
  EXPECT_FALSE(measureIsRate(Measure::kBytes));
  EXPECT_EQ(measureUnit(Measure::kFlowsPerSecond), "new flows per second");
  EXPECT_EQ(measureUnit(Measure::kDistinctPorts), "distinct destination ports");
}

}  // namespace
}  // namespace vigil::rules
