// Tests for SourceOptions: target and option splitting, value decoding, number/flag checks and their messages.
#include "capture/source_options.h"

#include <gtest/gtest.h>

namespace vigil::capture {
namespace {

TEST(SourceOptionsTest, SplitsTargetAndOptionsInOrder) {
  auto o = SourceOptions::parse("live", "eth1?snaplen=128&&filter=tcp+port+22&promisc", "an interface", "live:eth1");
  ASSERT_TRUE(o.ok()) << o.error();
  EXPECT_EQ(o->target(), "eth1");
  ASSERT_EQ(o->options().size(), 3u);  // the empty pair between && is skipped
  EXPECT_EQ(o->options()[0], (std::pair<std::string, std::string>{"snaplen", "128"}));
  EXPECT_EQ(o->options()[1], (std::pair<std::string, std::string>{"filter", "tcp port 22"}));
  EXPECT_EQ(o->options()[2], (std::pair<std::string, std::string>{"promisc", ""}));
}

TEST(SourceOptionsTest, ValuesKeepLaterEqualsSignsAndArePercentDecoded) {
  auto o = SourceOptions::parse("dpdk", "0?eal=--vdev=net_pcap0,rx_pcap=/a%20b.pcap&x=%zz", "a port", "dpdk:0");
  ASSERT_TRUE(o.ok()) << o.error();
  EXPECT_EQ(o->options()[0].second, "--vdev=net_pcap0,rx_pcap=/a b.pcap");
  EXPECT_EQ(o->options()[1].second, "%zz");  // not a valid escape: kept as written
}

TEST(SourceOptionsTest, MissingTargetNamesWhatIsNeeded) {
  auto o = SourceOptions::parse("afpacket", "?fanout=2", "an interface name", "afpacket:eth1?fanout=2");
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error(), "afpacket: needs an interface name (afpacket:eth1?fanout=2)");
}

TEST(SourceOptionsTest, NumbersWithSuffixesAndRanges) {
  auto o = SourceOptions::parse("live", "eth0", "an interface", "live:eth0");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o->number("buffer", "64M", 1, 1ull << 31), 64ull << 20);
  EXPECT_EQ(*o->number("blocks", "2k", 1, 1ull << 20), 2048u);
  EXPECT_EQ(*o->number("n", "7", 7, 7), 7u);
  for (const char* bad : {"", "x", "5", "9", "1.5", "-1", "99999999999999999999", "18014398509481984M"}) {
    auto n = o->number("n", bad, 6, 8);
    ASSERT_FALSE(n.ok()) << bad;
    EXPECT_EQ(n.error(), std::string("live: 'n' must be a number from 6 to 8 (got '") + bad + "')");
  }
}

TEST(SourceOptionsTest, FlagsAndUnknownKeys) {
  auto o = SourceOptions::parse("live", "eth0", "an interface", "live:eth0");
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(*o->flag("promisc", "1"));
  EXPECT_FALSE(*o->flag("promisc", "0"));
  EXPECT_EQ(o->flag("promisc", "yes").error(), "live: 'promisc' must be 0 or 1 (got 'yes')");
  EXPECT_EQ(o->unknown("snaplne", "snaplen, buffer").error(),
            "live: unknown option 'snaplne' (expected snaplen, buffer)");
}

}  // namespace
}  // namespace vigil::capture
