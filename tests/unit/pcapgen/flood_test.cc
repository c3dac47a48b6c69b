// Tests for Flood: spoofed sources are distinct (10M-source flood sampled), 1-2 packets each, exact counts.
#include "pcapgen/incidents/flood.h"

#include <gtest/gtest.h>

#include <unordered_map>
#include <unordered_set>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(FloodTest, TenMillionSpoofedSourcesAreDistinctInAMillionPacketSample) {
  const FrameBuilder b;
  auto flood = pgtest::makeIncident(b, "syn-flood:spoofed=true,sources=10000000,dst=10.1.251.1,port=25565");
  ASSERT_NE(flood, nullptr);
  EXPECT_EQ(flood->expectedPackets(), 10000000u + 10000000u / 64);
  uint8_t buf[FrameBuilder::kMaxFrame];
  FrameSummary s;
  std::unordered_map<uint32_t, uint32_t> per_source;
  per_source.reserve(1100000);
  constexpr uint32_t kSample = 1000000;
  for (uint32_t i = 0; i < kSample; ++i) {
    const uint32_t len = flood->emit(0, buf, s);
    ASSERT_EQ(len, 60u);
    ++per_source[pgtest::be32(buf + 26)];
  }
  // About one packet in 65 re-sends an earlier source; all others bring a new one.
  EXPECT_GT(per_source.size(), 984000u);
  EXPECT_LT(per_source.size(), 986000u);
  uint32_t max_per_source = 0;
  for (const auto& [source, n] : per_source) max_per_source = std::max(max_per_source, n);
  EXPECT_EQ(max_per_source, 2u);
  EXPECT_EQ(static_cast<Flood*>(flood.get())->sourcesUsed(), per_source.size());
  const pgtest::Parsed p = pgtest::parseFrame(buf, 60);
  EXPECT_EQ(p.dst, pgtest::ip("10.1.251.1"));
  EXPECT_EQ(p.dport, 25565);
  EXPECT_EQ(p.tcp_flags, kSyn);
  EXPECT_TRUE(p.l4_checksum_ok);
}

TEST(FloodTest, SmallSpoofedFloodUsesExactlyItsSources) {
  const FrameBuilder b;
  auto flood = pgtest::makeIncident(b, "syn-flood:count=1000,sources=400");
  ASSERT_NE(flood, nullptr);
  const auto packets = pgtest::drain(*flood);
  ASSERT_EQ(packets.size(), 1000u);
  std::unordered_map<uint32_t, uint32_t> sources;
  for (const auto& p : packets) ++sources[p.src.v4()];
  EXPECT_EQ(sources.size(), 400u);
  for (const auto& [source, n] : sources) EXPECT_TRUE(n == 2 || n == 3) << n;  // 1000 packets over 400
  EXPECT_TRUE(flood->truth().attackers.empty());
  EXPECT_EQ(flood->truth().extra["distinct_sources"], 400);
  EXPECT_EQ(flood->truth().victims, std::vector<std::string>{"10.1.251.10"});
  EXPECT_EQ(flood->truth().port, 80);
}

TEST(FloodTest, DefaultSpoofedFloodSendsOneOrTwoPacketsPerSource) {
  const FrameBuilder b;
  auto flood = pgtest::makeIncident(b, "syn-flood:count=65000");
  ASSERT_NE(flood, nullptr);
  std::unordered_map<uint32_t, uint32_t> sources;
  for (const auto& p : pgtest::drain(*flood)) ++sources[p.src.v4()];
  EXPECT_EQ(sources.size(), 64000u);
  uint32_t twice = 0;
  for (const auto& [source, n] : sources) {
    ASSERT_LE(n, 2u);
    twice += n == 2;
  }
  EXPECT_EQ(twice, 1000u);
}

TEST(FloodTest, SingleSourceUdpAndIcmpFloods) {
  const FrameBuilder b;
  auto udp = pgtest::makeIncident(b, "udp-flood:count=300,size=100-200,src=203.0.113.5,dst=198.51.100.7");
  ASSERT_NE(udp, nullptr);
  const auto packets = pgtest::drain(*udp);
  ASSERT_EQ(packets.size(), 300u);
  std::unordered_set<uint16_t> ports;
  for (const auto& p : packets) {
    EXPECT_EQ(p.src, pgtest::ip("203.0.113.5"));
    EXPECT_EQ(p.protocol, kProtoUdp);
    EXPECT_GE(p.payload.size(), 100u);
    EXPECT_LE(p.payload.size(), 200u);
    EXPECT_TRUE(p.l4_checksum_ok);
    ports.insert(p.dport);
  }
  EXPECT_GT(ports.size(), 250u);  // random destination ports unless port= is given
  EXPECT_EQ(udp->truth().attackers, std::vector<std::string>{"203.0.113.5"});
  EXPECT_EQ(udp->truth().port, -1);

  auto icmp = pgtest::makeIncident(b, "icmp-flood:count=10,dst=2001:db8:1::9,src=2001:db8:9::1");
  ASSERT_NE(icmp, nullptr);
  for (const auto& p : pgtest::drain(*icmp)) {
    EXPECT_EQ(p.protocol, kProtoIcmpv6);
    EXPECT_EQ(p.icmp_type, 128);
    EXPECT_TRUE(p.l4_checksum_ok);
  }
}

TEST(FloodTest, RejectsInconsistentKeys) {
  const FrameBuilder b;
  auto spec = IncidentSpec::parse("syn-flood:count=10,sources=20");
  ASSERT_TRUE(spec.ok());
  auto bad = createIncident(spec.value(), IncidentContext{b, 1, 0});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "incident 0 (syn-flood): sources=20 exceeds count=10");
  spec = IncidentSpec::parse("udp-flood:sources=20");
  EXPECT_EQ(createIncident(spec.value(), IncidentContext{b, 1, 0}).error(),
            "incident 0 (udp-flood): sources= needs spoofed=true");
}

}  // namespace
}  // namespace vigil::pcapgen
