// Tests for RFC 3339 / epoch parsing and formatting.
#include "pcapgen/engine/time_text.h"

#include <gtest/gtest.h>

namespace vigil::pcapgen {
namespace {

TEST(TimeTextTest, ParsesRfc3339AndEpochSeconds) {
  EXPECT_EQ(parseTime("2025-01-01T00:00:00Z"), 1735689600000000000ULL);
  EXPECT_EQ(parseTime("2025-01-01 00:00:00.5Z"), 1735689600500000000ULL);
  EXPECT_EQ(parseTime("2025-01-01T02:00:00+02:00"), 1735689600000000000ULL);
  EXPECT_EQ(parseTime("2024-02-29T12:34:56.000000001Z"), 1709210096000000001ULL);
  EXPECT_EQ(parseTime("1735689600"), 1735689600000000000ULL);
  EXPECT_EQ(parseTime("1735689600.25"), 1735689600250000000ULL);
  EXPECT_EQ(parseTime("1970-01-01T00:00:00Z"), 0u);
}

TEST(TimeTextTest, RejectsMalformedOrOutOfRange) {
  EXPECT_FALSE(parseTime("2025-13-01T00:00:00Z"));
  EXPECT_FALSE(parseTime("2025-01-01T00:00:00"));
  EXPECT_FALSE(parseTime("1969-12-31T23:59:59Z"));
  EXPECT_FALSE(parseTime("2200-01-01T00:00:00Z"));
  EXPECT_FALSE(parseTime("yesterday"));
  EXPECT_FALSE(parseTime("17356x"));
}

TEST(TimeTextTest, FormatsWithChosenPrecision) {
  EXPECT_EQ(formatRfc3339(1735689600123456789ULL, 9), "2025-01-01T00:00:00.123456789Z");
  EXPECT_EQ(formatRfc3339(1735689600123456789ULL, 6), "2025-01-01T00:00:00.123456Z");
  EXPECT_EQ(formatRfc3339(1709210096000000000ULL, 0), "2024-02-29T12:34:56Z");
}

}  // namespace
}  // namespace vigil::pcapgen
