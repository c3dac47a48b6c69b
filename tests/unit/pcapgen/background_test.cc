// Tests for Background: the traffic mix shares, modest per-host fan-out, and the benchmark (fixed-size) mix.
#include "pcapgen/traffic/background.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "pcapgen/traffic/address_block.h"
#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(BackgroundTest, MixSharesAndSizes) {
  const FrameBuilder b;
  Background bg(b, BackgroundOptions{});
  const auto packets = pgtest::drain(bg, 200000);
  ASSERT_EQ(packets.size(), 200000u);
  uint64_t ip = 0, v6 = 0, vlan = 0, arp = 0, tcp = 0, udp = 0, icmp = 0, dns = 0, ntp = 0, quic = 0;
  uint64_t small = 0, medium = 0, large = 0, bytes = 0;
  for (const auto& p : packets) {
    ASSERT_TRUE(p.ip_checksum_ok);
    ASSERT_TRUE(p.l4_checksum_ok);
    EXPECT_FALSE(p.fragment);
    bytes += p.length;
    (p.length <= 100 ? small : p.length <= 1000 ? medium : large) += 1;
    vlan += p.vlan;
    if (p.ip_version == 0) {
      ++arp;
      continue;
    }
    ++ip;
    v6 += p.ip_version == 6;
    tcp += p.protocol == kProtoTcp;
    udp += p.protocol == kProtoUdp;
    icmp += p.protocol == kProtoIcmp || p.protocol == kProtoIcmpv6;
    dns += p.protocol == kProtoUdp && (p.sport == 53 || p.dport == 53);
    ntp += p.protocol == kProtoUdp && p.dport == 123;
    quic += p.protocol == kProtoUdp && (p.sport == 443 || p.dport == 443);
  }
  const double n = static_cast<double>(packets.size());
  EXPECT_NEAR(static_cast<double>(v6) / static_cast<double>(ip), 0.10, 0.03);
  EXPECT_NEAR(static_cast<double>(vlan) / n, 0.05, 0.025);
  EXPECT_GT(arp, 50u);
  EXPECT_NEAR(static_cast<double>(tcp) / n, 0.62, 0.1);
  EXPECT_NEAR(static_cast<double>(quic) / n, 0.25, 0.08);
  EXPECT_GT(dns, 5000u);
  EXPECT_GT(ntp, 200u);
  EXPECT_GT(icmp, 1000u);
  // IMIX-like: many small, a good share of medium, fewer full-size frames; mean 350-550 bytes.
  EXPECT_GT(small / n, 0.35);
  EXPECT_GT(medium / n, 0.25);
  EXPECT_LT(large / n, 0.25);
  EXPECT_GT(bytes / n, 350);
  EXPECT_LT(bytes / n, 550);
}

TEST(BackgroundTest, ClientsTalkToFewServersAtModestRates) {
  const FrameBuilder b;
  BackgroundOptions options;
  options.ipv6_share = 0;
  Background bg(b, options);
  const auto packets = pgtest::drain(bg, 300000);
  std::map<uint32_t, std::set<uint32_t>> peers_of_client;
  std::map<uint32_t, uint64_t> sent_by;
  const AddressBlock home = *AddressBlock::parse("10.1.0.0/16");
  for (const auto& p : packets) {
    if (p.ip_version != 4) continue;
    sent_by[p.src.v4()] += 1;
    if (home.contains(p.src)) {
      EXPECT_FALSE(home.contains(p.dst));
      peers_of_client[p.src.v4()].insert(p.dst.v4());
    }
  }
  size_t max_peers = 0;
  for (const auto& [client, peers] : peers_of_client) max_peers = std::max(max_peers, peers.size());
  EXPECT_LE(max_peers, HostPlan::kFavorites + 2);  // favourites + resolver + NTP server
  EXPECT_GT(peers_of_client.size(), 1500u);       // 2000 clients at 100k pps
  uint64_t max_sent = 0;
  for (const auto& [host, n] : sent_by) {
    // Resolvers serve many clients; every other host stays far below 1% of the traffic.
    if ((host >> 8) != 0xc613ff) max_sent = std::max(max_sent, n);
  }
  EXPECT_LT(max_sent, packets.size() / 100);
}

TEST(BackgroundTest, BenchmarkMixIsIpv4TcpUdpAndArpOnly) {
  const FrameBuilder b(64);
  Background bg(b, BackgroundOptions{});
  const auto packets = pgtest::drain(bg, 50000);
  uint64_t arp = 0, tcp_data = 0;
  for (const auto& p : packets) {
    ASSERT_EQ(p.length, 64u);
    ASSERT_FALSE(p.vlan);
    if (p.ip_version == 0) {
      ++arp;
      continue;
    }
    ASSERT_EQ(p.ip_version, 4);
    ASSERT_TRUE(p.protocol == kProtoTcp || p.protocol == kProtoUdp);
    ASSERT_TRUE(p.l4_checksum_ok);
    tcp_data += p.protocol == kProtoTcp && p.payload.size() == 10;
  }
  EXPECT_GT(arp, 0u);
  EXPECT_GT(tcp_data, 10000u);  // data segments fill the frame exactly
}

TEST(BackgroundTest, SeedsGiveDifferentHosts) {
  const FrameBuilder b;
  BackgroundOptions a;
  BackgroundOptions other;
  other.seed = 2;
  Background bg_a(b, a);
  Background bg_b(b, other);
  EXPECT_NE(bg_a.hosts().client(0, false), bg_b.hosts().client(0, false));
  EXPECT_EQ(bg_a.hosts().clients(), 2000u);
}

}  // namespace
}  // namespace vigil::pcapgen
