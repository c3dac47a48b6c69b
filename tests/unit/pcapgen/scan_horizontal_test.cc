// Tests for HorizontalScan: one source, distinct targets in the block, one port, probe flags and replies.
#include "pcapgen/incidents/scan_horizontal.h"

#include <gtest/gtest.h>

#include <unordered_set>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(HorizontalScanTest, SynScanProbesDistinctTargetsOnOnePort) {
  const FrameBuilder b;
  auto scan = pgtest::makeIncident(b, "scan-horizontal:src=10.1.250.9,dst=198.19.0.0/20,count=2000,port=23");
  ASSERT_NE(scan, nullptr);
  const auto packets = pgtest::drain(*scan);
  ASSERT_EQ(packets.size(), scan->expectedPackets());
  const AddressBlock block = *AddressBlock::parse("198.19.0.0/20");
  std::unordered_set<uint32_t> targets;
  uint32_t synacks = 0, resets = 0;
  for (const auto& p : packets) {
    EXPECT_TRUE(p.l4_checksum_ok);
    if (p.src == pgtest::ip("10.1.250.9")) {
      ASSERT_TRUE(block.contains(p.dst));
      EXPECT_EQ(p.dport, 23);
      if (p.tcp_flags == kSyn) {
        EXPECT_TRUE(targets.insert(p.dst.v4()).second) << "target probed twice";
      } else {
        EXPECT_EQ(p.tcp_flags, kRst);  // reset of an open port's SYN-ACK
      }
    } else {
      EXPECT_EQ(p.dst, pgtest::ip("10.1.250.9"));
      EXPECT_EQ(p.sport, 23);
      synacks += p.tcp_flags == (kSyn | kAck);
      resets += p.tcp_flags == (kRst | kAck);
    }
  }
  EXPECT_EQ(targets.size(), 2000u);
  const IncidentTruth t = scan->truth();
  EXPECT_EQ(t.extra["answering_targets"], synacks + resets);
  EXPECT_GT(synacks + resets, 120u);  // answer=0.1 of 2000
  EXPECT_LT(synacks + resets, 280u);
  EXPECT_EQ(packets.size(), 2000u + 2 * synacks + resets);
  EXPECT_EQ(t.attackers, std::vector<std::string>{"10.1.250.9"});
  EXPECT_EQ(t.victims, std::vector<std::string>{"198.19.0.0/20"});
  EXPECT_EQ(t.port, 23);
  EXPECT_EQ(t.protocol, "tcp");
}

TEST(HorizontalScanTest, ProbeVariantsHaveTheirFlags) {
  const FrameBuilder b;
  const std::pair<const char*, uint8_t> probes[] = {
      {"syn", kSyn}, {"syn-ece-cwr", kSyn | kEce | kCwr}, {"fin", kFin}, {"null", 0}, {"xmas", kFin | kPsh | kUrg}};
  for (const auto& [name, flags] : probes) {
    auto scan = pgtest::makeIncident(b, std::string("scan-horizontal:count=50,answer=0,probe=") + name);
    ASSERT_NE(scan, nullptr);
    const auto packets = pgtest::drain(*scan);
    ASSERT_EQ(packets.size(), 50u) << name;
    for (const auto& p : packets) EXPECT_EQ(p.tcp_flags, flags) << name;
  }
}

TEST(HorizontalScanTest, SequentialUdpScanGetsIcmpUnreachables) {
  const FrameBuilder b;
  auto scan = pgtest::makeIncident(b, "scan-horizontal:probe=udp,dst=10.0.0.0/24,count=256,order=sequential,answer=1");
  ASSERT_NE(scan, nullptr);
  const auto packets = pgtest::drain(*scan);
  ASSERT_EQ(packets.size(), 512u);
  for (uint32_t i = 0; i < 256; ++i) {
    const auto& probe = packets[2 * i];
    const auto& reply = packets[2 * i + 1];
    EXPECT_EQ(probe.dst.v4(), 0x0a000000u + i);
    EXPECT_EQ(probe.dport, 161);
    EXPECT_EQ(reply.protocol, kProtoIcmp);
    EXPECT_EQ(reply.icmp_type, 3);
    EXPECT_EQ(reply.icmp_code, 3);
    ASSERT_EQ(reply.payload.size(), 28u);
    EXPECT_EQ(reply.payload[9], kProtoUdp);  // quotes the probe's IP header
    EXPECT_EQ(pgtest::be16(reply.payload.data() + 22), 161);
    EXPECT_TRUE(reply.l4_checksum_ok);
  }
}

TEST(HorizontalScanTest, IcmpEchoSweepAndIpv6Targets) {
  const FrameBuilder b;
  auto sweep = pgtest::makeIncident(b, "scan-horizontal:probe=icmp-echo,count=100,answer=1");
  ASSERT_NE(sweep, nullptr);
  const auto packets = pgtest::drain(*sweep);
  ASSERT_EQ(packets.size(), 200u);
  EXPECT_EQ(packets[0].icmp_type, 8);
  EXPECT_EQ(packets[1].icmp_type, 0);
  EXPECT_EQ(sweep->truth().port, -1);
  auto v6 = pgtest::makeIncident(b, "scan-horizontal:src=2001:db8:1::66,count=64,answer=0");
  ASSERT_NE(v6, nullptr);
  for (const auto& p : pgtest::drain(*v6)) {
    EXPECT_EQ(p.ip_version, 6);
    EXPECT_TRUE(AddressBlock::parse("2001:db8:ffff:8000::/64")->contains(p.dst));
  }
}

TEST(HorizontalScanTest, CountCannotExceedTheBlock) {
  const FrameBuilder b;
  auto spec = IncidentSpec::parse("scan-horizontal:dst=10.0.0.0/24,count=300");
  ASSERT_TRUE(spec.ok());
  const auto r = createIncident(spec.value(), IncidentContext{b, 1, 2});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "incident 2 (scan-horizontal): count=300: expected an integer in [1, 256]");
}

}  // namespace
}  // namespace vigil::pcapgen
