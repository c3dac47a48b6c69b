// Tests for duration, SI number and integer parsing and number formatting.
#include "rules/duration.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace vigil::rules {
namespace {

TEST(DurationTest, UnitsAndBareSeconds) {
  EXPECT_EQ(parseDurationMs("10s"), 10'000u);
  EXPECT_EQ(parseDurationMs("5m"), 300'000u);
  EXPECT_EQ(parseDurationMs("1h"), 3'600'000u);
  EXPECT_EQ(parseDurationMs("2d"), 172'800'000u);
  EXPECT_EQ(parseDurationMs("500ms"), 500u);
  EXPECT_EQ(parseDurationMs("60"), 60'000u);
  EXPECT_EQ(parseDurationMs("0"), 0u);
}

TEST(DurationTest, RejectsEverythingElse) {
  for (const char* text : {"", "s", "10 s", "-5s", "1.5m", "10sec", "10S", "ten", "5m30s", "0x10", "+3"}) {
    EXPECT_FALSE(parseDurationMs(text).has_value()) << text;
  }
}

TEST(DurationTest, HugeValuesSaturate) {
  EXPECT_EQ(parseDurationMs("99999999999999999999999s"), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(parseDurationMs("18446744073709551615h"), std::numeric_limits<uint64_t>::max());
}

TEST(SiNumberTest, SuffixesAndPlainNumbers) {
  EXPECT_EQ(parseSiNumber("10k"), 10'000.0);
  EXPECT_EQ(parseSiNumber("1.5M"), 1'500'000.0);
  EXPECT_EQ(parseSiNumber("100M"), 100'000'000.0);
  EXPECT_EQ(parseSiNumber("2G"), 2'000'000'000.0);
  EXPECT_EQ(parseSiNumber("0.2"), 0.2);
  EXPECT_EQ(parseSiNumber("1e6"), 1'000'000.0);
  EXPECT_EQ(parseSiNumber("-5"), -5.0);
  EXPECT_EQ(parseSiNumber("256"), 256.0);
}

TEST(SiNumberTest, RejectsJunkAndNonFiniteValues) {
  for (const char* text : {"", "k", "10m", "10K", "10 k", "1,5M", "inf", "nan", "1e400", "10kk", "0x1p3", "+1"}) {
    EXPECT_FALSE(parseSiNumber(text).has_value()) << text;
  }
}

TEST(IntegerTest, DecimalOnly) {
  EXPECT_EQ(parseInteger("0"), 0);
  EXPECT_EQ(parseInteger("65535"), 65535);
  EXPECT_EQ(parseInteger("-1"), -1);
  EXPECT_FALSE(parseInteger("").has_value());
  EXPECT_FALSE(parseInteger("-").has_value());
  EXPECT_FALSE(parseInteger("1.0").has_value());
  EXPECT_FALSE(parseInteger("+1").has_value());
  EXPECT_FALSE(parseInteger("99999999999999999999").has_value());
}

TEST(FormatNumberTest, IntegersWithoutNoise) {
  EXPECT_EQ(formatNumber(256), "256");
  EXPECT_EQ(formatNumber(1.5e6), "1500000");
  EXPECT_EQ(formatNumber(0.2), "0.2");
  EXPECT_EQ(formatNumber(0.25), "0.25");
  EXPECT_EQ(formatNumber(1e20), "1e+20");
}

}  // namespace
}  // namespace vigil::rules
