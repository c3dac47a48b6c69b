// Tests for FrameBuilder: exact header bytes, checksums, padding, VLAN, IPv6, ARP, fixed frame sizes.
#include "pcapgen/wire/frame_builder.h"

#include <gtest/gtest.h>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

using pgtest::ip;
using pgtest::parseFrame;

PacketSpec tcpSpec() {
  PacketSpec s;
  s.src = ip("10.1.0.5");
  s.dst = ip("198.18.3.4");
  s.protocol = kProtoTcp;
  s.src_port = 40000;
  s.dst_port = 443;
  s.seq = 0x01020304;
  s.ack = 0x0a0b0c0d;
  s.tcp_flags = kAck | kPsh;
  s.ttl = 64;
  s.ip_id = 0x1234;
  return s;
}

TEST(FrameBuilderTest, TcpIpv4HeaderBytesAndChecksums) {
  const FrameBuilder b;
  PacketSpec s = tcpSpec();
  const uint8_t text[] = {'G', 'E', 'T', ' '};
  s.payload = text;
  s.payload_prefix_len = 4;
  s.payload_len = 100;
  uint8_t f[FrameBuilder::kMaxFrame];
  FrameSummary sum;
  ASSERT_EQ(b.build(s, f, sizeof(f), sum), 14u + 20 + 20 + 100);
  EXPECT_EQ(sum.length, 154u);
  EXPECT_EQ(sum.l3_offset, 14);
  EXPECT_EQ(sum.ip_version, 4);
  EXPECT_EQ(sum.protocol, kProtoTcp);
  EXPECT_EQ(sum.tcp_flags, kAck | kPsh);
  EXPECT_FALSE(sum.vlan);
  EXPECT_EQ(0, std::memcmp(f, FrameBuilder::kUpstreamMac, 6));
  EXPECT_EQ(0, std::memcmp(f + 6, FrameBuilder::kHomeRouterMac, 6));
  EXPECT_EQ(f[12], 0x08);
  EXPECT_EQ(f[13], 0x00);
  EXPECT_EQ(f[14], 0x45);
  EXPECT_EQ(pgtest::be16(f + 16), 140);     // total length
  EXPECT_EQ(pgtest::be16(f + 18), 0x1234);  // id
  EXPECT_EQ(pgtest::be16(f + 20), 0x4000);  // DF
  EXPECT_EQ(f[22], 64);
  EXPECT_EQ(f[23], 6);
  EXPECT_EQ(f[26], 10);
  EXPECT_EQ(f[30], 198);
  EXPECT_EQ(pgtest::be32(f + 38), 0x01020304u);
  EXPECT_EQ(pgtest::be32(f + 42), 0x0a0b0c0du);
  EXPECT_EQ(f[46], 0x50);  // data offset 5 words
  EXPECT_EQ(0, std::memcmp(f + 54, "GET ", 4));
  EXPECT_EQ(0, std::memcmp(f + 58, FrameBuilder::fillPattern(0), 96));
  const pgtest::Parsed p = parseFrame(f, sum.length);
  EXPECT_TRUE(p.ip_checksum_ok);
  EXPECT_TRUE(p.l4_checksum_ok);
  EXPECT_EQ(p.sport, 40000);
  EXPECT_EQ(p.dport, 443);
  EXPECT_EQ(p.payload.size(), 100u);
}

TEST(FrameBuilderTest, ShortFramesArePaddedToSixtyBytesWithZeros) {
  const FrameBuilder b;
  PacketSpec s = tcpSpec();
  s.tcp_flags = kAck;
  uint8_t f[FrameBuilder::kMaxFrame];
  std::memset(f, 0xee, sizeof(f));
  FrameSummary sum;
  ASSERT_EQ(b.build(s, f, sizeof(f), sum), 60u);
  for (int i = 54; i < 60; ++i) EXPECT_EQ(f[i], 0) << i;
  EXPECT_EQ(pgtest::be16(f + 16), 40);  // the IP length excludes the padding
  EXPECT_TRUE(parseFrame(f, 60).l4_checksum_ok);
}

TEST(FrameBuilderTest, SynOptionsSetDataOffset) {
  const FrameBuilder b;
  PacketSpec s = tcpSpec();
  const uint8_t mss[4] = {2, 4, 0x05, 0xb4};
  s.tcp_flags = kSyn;
  s.tcp_options = mss;
  s.tcp_options_len = 4;
  uint8_t f[FrameBuilder::kMaxFrame];
  FrameSummary sum;
  ASSERT_EQ(b.build(s, f, sizeof(f), sum), 60u);
  EXPECT_EQ(f[46], 0x60);
  EXPECT_EQ(0, std::memcmp(f + 54, mss, 4));
  EXPECT_TRUE(parseFrame(f, 60).l4_checksum_ok);
}

TEST(FrameBuilderTest, VlanTagAndIpv6UdpChecksum) {
  const FrameBuilder b;
  PacketSpec s;
  s.src = ip("2001:db8:1::5");
  s.dst = ip("2001:db8:ffff::53");
  s.protocol = kProtoUdp;
  s.src_port = 5353;
  s.dst_port = 53;
  s.vlan = 200;
  s.ttl = 33;
  s.from_home = false;
  s.payload_len = 37;  // odd length exercises the trailing byte
  uint8_t f[FrameBuilder::kMaxFrame];
  FrameSummary sum;
  ASSERT_EQ(b.build(s, f, sizeof(f), sum), 18u + 40 + 8 + 37);
  EXPECT_TRUE(sum.vlan);
  EXPECT_EQ(sum.l3_offset, 18);
  EXPECT_EQ(sum.ip_version, 6);
  EXPECT_EQ(0, std::memcmp(f, FrameBuilder::kHomeRouterMac, 6));  // inbound
  const pgtest::Parsed p = parseFrame(f, sum.length);
  EXPECT_TRUE(p.vlan);
  EXPECT_EQ(p.vlan_id, 200);
  EXPECT_EQ(p.ip_version, 6);
  EXPECT_EQ(p.ttl, 33);
  EXPECT_EQ(p.src, ip("2001:db8:1::5"));
  EXPECT_EQ(pgtest::be16(f + 18 + 40 + 4), 45);  // UDP length
  EXPECT_TRUE(p.l4_checksum_ok);
  EXPECT_NE(pgtest::be16(f + 18 + 40 + 6), 0);
}

TEST(FrameBuilderTest, IcmpAndIcmpv6EchoChecksums) {
  const FrameBuilder b;
  for (const char* src : {"10.1.0.1", "2001:db8:1::1"}) {
    PacketSpec s;
    s.src = ip(src);
    s.dst = s.src.isV4() ? ip("198.18.0.1") : ip("2001:db8:ffff::1");
    s.protocol = s.src.isV4() ? kProtoIcmp : kProtoIcmpv6;
    s.icmp_type = s.src.isV4() ? 8 : 128;
    s.src_port = 0x1111;
    s.dst_port = 7;
    s.payload_len = 56;
    uint8_t f[FrameBuilder::kMaxFrame];
    FrameSummary sum;
    ASSERT_GT(b.build(s, f, sizeof(f), sum), 0u);
    const pgtest::Parsed p = parseFrame(f, sum.length);
    EXPECT_TRUE(p.l4_checksum_ok) << src;
    EXPECT_EQ(p.icmp_type, s.icmp_type);
    EXPECT_EQ(p.sport, 0x1111);
    EXPECT_EQ(p.dport, 7);
  }
}

TEST(FrameBuilderTest, FixedFrameSizeCutsPayloadDropsOptionsAndPads) {
  const FrameBuilder b(64);
  EXPECT_EQ(b.payloadRoom(false, false, kProtoTcp), 10u);
  EXPECT_EQ(b.payloadRoom(false, false, kProtoUdp), 22u);
  EXPECT_EQ(b.payloadRoom(true, false, kProtoTcp), 0u);  // 74 bytes of headers do not fit
  PacketSpec s = tcpSpec();
  const uint8_t mss[4] = {2, 4, 0x05, 0xb4};
  s.tcp_options = mss;
  s.tcp_options_len = 4;
  s.payload_len = 1000;
  uint8_t f[FrameBuilder::kMaxFrame];
  FrameSummary sum;
  ASSERT_EQ(b.build(s, f, sizeof(f), sum), 64u);
  EXPECT_EQ(pgtest::be16(f + 16), 50);  // 20 + 20 + 10 payload bytes
  EXPECT_EQ(f[46], 0x50);
  EXPECT_TRUE(parseFrame(f, 64).l4_checksum_ok);
  s.payload_len = 0;
  ASSERT_EQ(b.build(s, f, sizeof(f), sum), 64u);
  EXPECT_EQ(pgtest::be16(f + 16), 40);
  PacketSpec v6 = tcpSpec();
  v6.src = ip("2001:db8::1");
  v6.dst = ip("2001:db8::2");
  EXPECT_EQ(b.build(v6, f, sizeof(f), sum), 0u);
}

TEST(FrameBuilderTest, ReturnsZeroWhenCapacityIsTooSmall) {
  const FrameBuilder b;
  PacketSpec s = tcpSpec();
  s.payload_len = 1000;
  uint8_t f[FrameBuilder::kMaxFrame];
  FrameSummary sum;
  EXPECT_EQ(b.build(s, f, 500, sum), 0u);
  EXPECT_EQ(b.build(s, f, 1054, sum), 1054u);
}

TEST(FrameBuilderTest, ArpRequestAndReply) {
  const FrameBuilder b;
  ArpSpec a;
  a.operation = 1;
  a.sender_ip = 0x0a010005;
  a.target_ip = 0x0a01fffe;
  const uint8_t mac[6] = {2, 0x10, 10, 1, 0, 5};
  std::memcpy(a.sender_mac, mac, 6);
  uint8_t f[FrameBuilder::kMaxFrame];
  FrameSummary sum;
  ASSERT_EQ(b.buildArp(a, f, sizeof(f), sum), 60u);
  EXPECT_EQ(sum.ip_version, 0);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(f[i], 0xff);
  EXPECT_EQ(pgtest::be16(f + 12), 0x0806);
  EXPECT_EQ(pgtest::be16(f + 20), 1);
  EXPECT_EQ(pgtest::be32(f + 28), 0x0a010005u);
  EXPECT_EQ(pgtest::be32(f + 38), 0x0a01fffeu);
  a.operation = 2;
  a.vlan = 300;
  ASSERT_EQ(b.buildArp(a, f, sizeof(f), sum), 60u);
  EXPECT_TRUE(sum.vlan);
  EXPECT_EQ(pgtest::be16(f + 12), 0x8100);
  EXPECT_EQ(pgtest::be16(f + 14), 300);
  EXPECT_EQ(pgtest::be16(f + 16), 0x0806);
}

}  // namespace
}  // namespace vigil::pcapgen
