// Tests for Backscatter: SYN-ACKs and RSTs from one attacked server to many spoofed addresses, benign.
#include "pcapgen/incidents/backscatter.h"

#include <gtest/gtest.h>

#include <set>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(BackscatterTest, RepliesFromOneServerToManyAddressesAreBenign) {
  const FrameBuilder b;
  auto bs = pgtest::makeIncident(b, "backscatter:src=198.51.100.100,port=443,count=1000");
  ASSERT_NE(bs, nullptr);
  const auto packets = pgtest::drain(*bs);
  ASSERT_EQ(packets.size(), bs->expectedPackets());
  std::set<uint32_t> destinations;
  uint32_t synacks = 0, resets = 0;
  const AddressBlock home = *AddressBlock::parse("10.1.0.0/16");
  for (const auto& p : packets) {
    EXPECT_EQ(p.src, pgtest::ip("198.51.100.100"));
    EXPECT_EQ(p.sport, 443);
    EXPECT_TRUE(home.contains(p.dst));
    EXPECT_TRUE(p.l4_checksum_ok);
    destinations.insert(p.dst.v4());
    synacks += p.tcp_flags == (kSyn | kAck);
    resets += p.tcp_flags == (kRst | kAck);
  }
  EXPECT_EQ(destinations.size(), 1000u);
  EXPECT_EQ(synacks + resets, packets.size());
  EXPECT_GT(resets, 100u);
  EXPECT_GT(packets.size(), 1050u);  // some SYN-ACKs are retransmitted
  const IncidentTruth t = bs->truth();
  EXPECT_TRUE(t.benign);
  EXPECT_TRUE(t.attackers.empty());
  EXPECT_TRUE(t.victims.empty());
  EXPECT_EQ(t.extra["attacked_server"], "198.51.100.100");
}

}  // namespace
}  // namespace vigil::pcapgen
