// Tests for RFC 3339 formatting and parsing: exact strings, calendar edges, offsets, and every malformed shape.
#include "event/time_format.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <random>

namespace vigil::event {
namespace {

constexpr uint64_t kSecond = 1'000'000'000;

TEST(TimeFormatTest, FormatsEpochZeroAndTruncatesToMicroseconds) {
  EXPECT_EQ(formatRfc3339(0), "1970-01-01T00:00:00.000000+00:00");
  EXPECT_EQ(formatRfc3339(999), "1970-01-01T00:00:00.000000+00:00");  // below a microsecond: truncated
  EXPECT_EQ(formatRfc3339(1999), "1970-01-01T00:00:00.000001+00:00");
  EXPECT_EQ(formatRfc3339(kSecond - 1), "1970-01-01T00:00:00.999999+00:00");
  EXPECT_EQ(formatRfc3339(kSecond), "1970-01-01T00:00:01.000000+00:00");
  EXPECT_EQ(formatRfc3339(86399 * kSecond), "1970-01-01T23:59:59.000000+00:00");
  EXPECT_EQ(formatRfc3339(86400 * kSecond), "1970-01-02T00:00:00.000000+00:00");
}

TEST(TimeFormatTest, FormatsOrdinaryAndLeapYearDates) {
  EXPECT_EQ(formatRfc3339(1700000000123456789ull), "2023-11-14T22:13:20.123456+00:00");
  EXPECT_EQ(formatRfc3339(1709210096 * kSecond + 789012000), "2024-02-29T12:34:56.789012+00:00");
  EXPECT_EQ(formatRfc3339(951782400 * kSecond), "2000-02-29T00:00:00.000000+00:00");   // 2000 is a leap year
  EXPECT_EQ(formatRfc3339(4107542400 * kSecond), "2100-03-01T00:00:00.000000+00:00");  // 2100 is not
  EXPECT_EQ(formatRfc3339(4107542400 * kSecond - 1), "2100-02-28T23:59:59.999999+00:00");
  EXPECT_EQ(formatRfc3339(946684799 * kSecond), "1999-12-31T23:59:59.000000+00:00");
  EXPECT_EQ(formatRfc3339(946684800 * kSecond), "2000-01-01T00:00:00.000000+00:00");
}

TEST(TimeFormatTest, FormatsTheLargestRepresentableTime) {
  EXPECT_EQ(formatRfc3339(std::numeric_limits<uint64_t>::max()), "2554-07-21T23:34:33.709551+00:00");
}

TEST(TimeFormatTest, ParsesZuluWithAndWithoutFraction) {
  EXPECT_EQ(parseRfc3339("1970-01-01T00:00:00Z"), 0u);
  EXPECT_EQ(parseRfc3339("1970-01-01T00:00:00.000000+00:00"), 0u);
  EXPECT_EQ(parseRfc3339("2023-11-14T22:13:20Z"), 1700000000 * kSecond);
  EXPECT_EQ(parseRfc3339("2023-11-14T22:13:20.123456+00:00"), 1700000000 * kSecond + 123456000);
  EXPECT_EQ(parseRfc3339("2023-11-14T22:13:20.5Z"), 1700000000 * kSecond + 500000000);
  EXPECT_EQ(parseRfc3339("2023-11-14T22:13:20.123456789Z"), 1700000000123456789ull);  // nanoseconds kept
  EXPECT_EQ(parseRfc3339("2023-11-14T22:13:20.000000001Z"), 1700000000 * kSecond + 1);
}

TEST(TimeFormatTest, AcceptsLowerCaseSeparatorsAndASpace) {
  EXPECT_EQ(parseRfc3339("2023-11-14t22:13:20z"), 1700000000 * kSecond);
  EXPECT_EQ(parseRfc3339("2023-11-14 22:13:20Z"), 1700000000 * kSecond);
}

TEST(TimeFormatTest, ConvertsOffsetsToUtc) {
  EXPECT_EQ(parseRfc3339("2023-11-14T23:13:20+01:00"), 1700000000 * kSecond);
  EXPECT_EQ(parseRfc3339("2023-11-14T17:43:20-04:30"), 1700000000 * kSecond);
  EXPECT_EQ(parseRfc3339("2023-11-15T12:13:20.25+14:00"), 1700000000 * kSecond + 250000000);
  // Crossing back over the epoch from a negative offset still lands on or after it.
  EXPECT_EQ(parseRfc3339("1969-12-31T23:00:00-01:00"), 0u);
  EXPECT_EQ(parseRfc3339("1970-01-01T00:59:59+01:00"), std::nullopt);  // 1969-12-31T23:59:59Z
}

TEST(TimeFormatTest, LeapDaysAreCheckedPerYear) {
  EXPECT_EQ(parseRfc3339("2024-02-29T12:34:56Z"), 1709210096 * kSecond);
  EXPECT_EQ(parseRfc3339("2000-02-29T00:00:00Z"), 951782400 * kSecond);
  EXPECT_EQ(parseRfc3339("2023-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parseRfc3339("2100-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parseRfc3339("2024-02-30T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parseRfc3339("2023-04-31T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parseRfc3339("2023-12-31T00:00:00Z"), 1703980800 * kSecond);
}

TEST(TimeFormatTest, ALeapSecondCountsAsTheNextSecond) {
  // 23:59:60 is valid RFC 3339; without a leap-second table it is read as the following midnight.
  EXPECT_EQ(parseRfc3339("2016-12-31T23:59:60Z"), (1483228799 + 1) * kSecond);
  EXPECT_EQ(parseRfc3339("2016-12-31T23:59:61Z"), std::nullopt);
}

TEST(TimeFormatTest, RejectsMalformedTimes) {
  for (const char* bad : {
           "",
           "2023",
           "2023-11-14",
           "2023-11-14T22:13",
           "2023-11-14T22:13:20",              // no offset
           "2023-11-14T22:13:20.Z",            // empty fraction
           "2023-11-14T22:13:20.1234567890Z",  // ten fraction digits
           "2023-11-14T22:13:20,5Z",           // comma fraction
           "2023-11-14T22:13:20ZZ",
           "2023-11-14T22:13:20Z ",  // trailing space
           " 2023-11-14T22:13:20Z",
           "2023-11-14T22:13:20+0100",  // offset without colon
           "2023-11-14T22:13:20+01",
           "2023-11-14T22:13:20+01:00:00",
           "2023-11-14T22:13:20+24:00",
           "2023-11-14T22:13:20+01:60",
           "2023-11-14T22:13:20UTC",
           "2023/11/14T22:13:20Z",
           "2023-11-14X22:13:20Z",
           "2023-11-14T22-13-20Z",
           "23-11-14T22:13:20Z",
           "2023-1-14T22:13:20Z",
           "+2023-11-14T22:13:20Z",
           "2023-00-14T22:13:20Z",
           "2023-13-14T22:13:20Z",
           "2023-11-00T22:13:20Z",
           "2023-11-14T24:00:00Z",
           "2023-11-14T22:60:20Z",
           "2023-1a-14T22:13:20Z",
           "1969-12-31T23:59:59Z",  // before the epoch
           "0000-01-01T00:00:00Z",
       }) {
    EXPECT_EQ(parseRfc3339(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(TimeFormatTest, RejectsTimesPastTheLargestRepresentable) {
  EXPECT_EQ(parseRfc3339("2554-07-21T23:34:33.709551Z"), 18446744073709551000ull);
  EXPECT_EQ(parseRfc3339("2554-07-21T23:34:33.709551615Z"), std::numeric_limits<uint64_t>::max());
  // One nanosecond or more past 2^64 - 1 must not wrap around to an early time.
  EXPECT_EQ(parseRfc3339("2554-07-21T23:34:33.709551616Z"), std::nullopt);
  EXPECT_EQ(parseRfc3339("2554-07-21T23:34:34Z"), std::nullopt);
  EXPECT_EQ(parseRfc3339("2600-01-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parseRfc3339("9999-12-31T23:59:59Z"), std::nullopt);
}

TEST(TimeFormatTest, FormatThenParseKeepsEveryMicrosecond) {
  std::mt19937_64 rng(3339);
  for (int i = 0; i < 2000; ++i) {
    const uint64_t ns = rng() % (uint64_t(4102444800) * kSecond);  // 1970 .. 2100
    const std::optional<uint64_t> back = parseRfc3339(formatRfc3339(ns));
    ASSERT_TRUE(back.has_value()) << formatRfc3339(ns);
    EXPECT_EQ(*back, ns - ns % 1000) << formatRfc3339(ns);
  }
}

}  // namespace
}  // namespace vigil::event
