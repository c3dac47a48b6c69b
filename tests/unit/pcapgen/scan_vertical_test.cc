// Tests for VerticalScan: one source, one target, each listed port once, open ports answer SYN-ACK.
#include "pcapgen/incidents/scan_vertical.h"

#include <gtest/gtest.h>

#include <set>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(VerticalScanTest, SynScanOfAThousandPorts) {
  const FrameBuilder b;
  auto scan = pgtest::makeIncident(b, "scan-vertical:src=172.16.0.8,dst=64.13.134.52,ports=1-1000,open=22,53,80");
  ASSERT_NE(scan, nullptr);
  const auto packets = pgtest::drain(*scan);
  EXPECT_EQ(packets.size(), 1000u + 997 + 3 * 2);  // 997 RST-ACKs, 3 SYN-ACKs + scanner RSTs
  EXPECT_EQ(packets.size(), scan->expectedPackets());
  std::set<uint16_t> probed;
  std::set<uint16_t> open;
  std::set<uint16_t> source_ports;
  for (const auto& p : packets) {
    if (p.src == pgtest::ip("172.16.0.8")) {
      EXPECT_EQ(p.dst, pgtest::ip("64.13.134.52"));
      source_ports.insert(p.sport);
      if (p.tcp_flags == kSyn) {
        EXPECT_TRUE(probed.insert(p.dport).second);
      }
    } else if (p.tcp_flags == (kSyn | kAck)) {
      open.insert(p.sport);
    }
  }
  EXPECT_EQ(probed.size(), 1000u);
  EXPECT_EQ(*probed.begin(), 1);
  EXPECT_EQ(*probed.rbegin(), 1000);
  EXPECT_EQ(open, (std::set<uint16_t>{22, 53, 80}));
  EXPECT_EQ(source_ports.size(), 1u);  // nmap keeps one source port
  const IncidentTruth t = scan->truth();
  EXPECT_EQ(t.extra["open_ports"].get<std::vector<uint16_t>>(), (std::vector<uint16_t>{22, 53, 80}));
  EXPECT_EQ(t.victims, std::vector<std::string>{"64.13.134.52"});
  // Random order: the first ten probes are not ascending.
  EXPECT_FALSE(packets[0].dport < packets[2].dport && packets[2].dport < packets[4].dport &&
               packets[4].dport < packets[6].dport && packets[6].dport < packets[8].dport);
}

TEST(VerticalScanTest, CountTakesASubsetAndUdpRepliesAreRateLimited) {
  const FrameBuilder b;
  auto scan = pgtest::makeIncident(b, "scan-vertical:probe=udp,ports=1-2000,count=500");
  ASSERT_NE(scan, nullptr);
  const auto packets = pgtest::drain(*scan);
  uint32_t probes = 0, unreachables = 0;
  for (const auto& p : packets) {
    probes += p.protocol == kProtoUdp;
    unreachables += p.protocol == kProtoIcmp && p.icmp_type == 3;
  }
  EXPECT_EQ(probes, 500u);
  EXPECT_EQ(packets.size(), 500u + unreachables);
  EXPECT_GT(unreachables, 60u);  // 1 in 5 closed ports answer
  EXPECT_LT(unreachables, 140u);
}

}  // namespace
}  // namespace vigil::pcapgen
