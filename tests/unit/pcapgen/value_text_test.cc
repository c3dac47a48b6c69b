// Tests for the value parsers behind --packets/--pps and incident keys.
#include "pcapgen/traffic/value_text.h"

#include <gtest/gtest.h>

namespace vigil::pcapgen {
namespace {

TEST(ValueTextTest, Counts) {
  EXPECT_EQ(parseCount("1000"), 1000u);
  EXPECT_EQ(parseCount("10M"), 10000000u);
  EXPECT_EQ(parseCount("2k"), 2000u);
  EXPECT_EQ(parseCount("1e6"), 1000000u);
  EXPECT_FALSE(parseCount("1.5"));
  EXPECT_FALSE(parseCount("-3"));
  EXPECT_FALSE(parseCount("12x"));
  EXPECT_FALSE(parseCount(""));
}

TEST(ValueTextTest, NumbersAndFlags) {
  EXPECT_DOUBLE_EQ(*parseNumber("0.25"), 0.25);
  EXPECT_DOUBLE_EQ(*parseNumber("100k"), 100000.0);
  EXPECT_FALSE(parseNumber("abc"));
  EXPECT_FALSE(parseNumber("inf"));
  EXPECT_EQ(parseFlag("yes"), true);
  EXPECT_EQ(parseFlag("0"), false);
  EXPECT_FALSE(parseFlag("maybe"));
}

TEST(ValueTextTest, PortListsAndRanges) {
  EXPECT_EQ(*parsePortList("22,80,8000-8002,80"), (std::vector<uint16_t>{22, 80, 8000, 8001, 8002}));
  EXPECT_EQ(parsePortList("1-1024")->size(), 1024u);
  EXPECT_FALSE(parsePortList("0"));
  EXPECT_FALSE(parsePortList("70000"));
  EXPECT_FALSE(parsePortList("5-3"));
  EXPECT_FALSE(parsePortList("22,,80"));
  EXPECT_EQ(parseRange("512-1400"), (std::pair<uint32_t, uint32_t>{512, 1400}));
  EXPECT_EQ(parseRange("468"), (std::pair<uint32_t, uint32_t>{468, 468}));
  EXPECT_FALSE(parseRange("9-1"));
}

}  // namespace
}  // namespace vigil::pcapgen
