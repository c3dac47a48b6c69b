// Tests for tunnels: GRE (IP, transparent Ethernet, ERSPAN, PPTP), IP-in-IP, depth limit, fragments.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

const Bytes kInner4 =
    ipv4({.src = "10.1.1.1", .dst = "10.2.2.2", .protocol = 17, .ttl = 9}, udp(1111, 2222, text("in")));
const Bytes kInner6 = ipv6({.src = "fd00::1", .dst = "fd00::2", .next = 6}, tcp({.sport = 3333, .dport = 4444}));

Bytes outer4(uint8_t protocol, const Bytes& payload, uint16_t fragment = 0) {
  return ethernet(
      0x0800, ipv4({.src = "203.0.113.1", .dst = "203.0.113.2", .protocol = protocol, .fragment = fragment}, payload));
}

void expectInner4(const Decoded& d) {
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.src, ip("10.1.1.1"));
  EXPECT_EQ(d.view.dst, ip("10.2.2.2"));
  EXPECT_EQ(d.view.protocol, 17);
  EXPECT_EQ(d.view.ttl, 9);
  EXPECT_EQ(d.view.ip_len, 30u);
  EXPECT_EQ(d.view.src_port, 1111);
  EXPECT_EQ(d.view.dst_port, 2222);
  EXPECT_EQ(d.view.flags & (kTunnel | kHasPorts), kTunnel | kHasPorts);
  EXPECT_EQ(d.view.payload_len, 2);
}

TEST(GreTest, Ipv4Inside) {
  const Decoded d = decodeFrame(LinkType::kEthernet, outer4(47, gre(0, 0x0800, kInner4)));
  expectInner4(d);
  EXPECT_EQ(d.payloadOffset(), 14 + 20 + 4 + 28);
}

TEST(GreTest, OptionalChecksumKeyAndSequenceFields) {
  for (uint16_t bits : {kGreC, kGreK, kGreS, uint16_t(kGreC | kGreK), uint16_t(kGreC | kGreK | kGreS)}) {
    const Decoded d = decodeFrame(LinkType::kEthernet, outer4(47, gre(bits, 0x0800, kInner4)));
    expectInner4(d);
    const int fields = ((bits & kGreC) ? 1 : 0) + ((bits & kGreK) ? 1 : 0) + ((bits & kGreS) ? 1 : 0);
    EXPECT_EQ(d.payloadOffset(), 14 + 20 + 4 + 4 * fields + 28) << bits;
  }
}

TEST(GreTest, Ipv6Inside) {
  const Decoded d = decodeFrame(LinkType::kEthernet, outer4(47, gre(kGreK, 0x86dd, kInner6)));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_version, 6);
  EXPECT_EQ(d.view.src, ip("fd00::1"));
  EXPECT_EQ(d.view.dst_port, 4444);
  EXPECT_EQ(d.view.flags, kTunnel | kHasPorts);
}

TEST(GreTest, TransparentEthernetBridgingKeepsTheOuterVlan) {
  const Bytes bridged = ethernet(0x8100, cat(vlanTag(77, 0x0800), kInner4));
  const Bytes frame = ethernet(0x8100, cat(vlanTag(5, 0x0800), ipv4({.protocol = 47}, gre(0, 0x6558, bridged))));
  const Decoded d = decodeFrame(LinkType::kEthernet, frame);
  expectInner4(d);
  EXPECT_EQ(d.view.vlan_id, 5);
  EXPECT_EQ(d.view.flags, kTunnel | kHasPorts | kVlan);
}

TEST(GreTest, NonIpInsideBridgedEthernetIsNonIp) {
  const Decoded d = decodeFrame(LinkType::kEthernet, outer4(47, gre(0, 0x6558, ethernet(0x0806, zeros(28)))));
  EXPECT_EQ(d.status, DecodeStatus::kNonIp);
}

TEST(GreTest, ErspanTypeOneTwoAndThree) {
  const Bytes mirrored = ethernet(0x0800, kInner4);
  expectInner4(decodeFrame(LinkType::kEthernet, outer4(47, gre(0, 0x88be, mirrored))));               // type I
  expectInner4(decodeFrame(LinkType::kEthernet, outer4(47, gre(kGreS, 0x88be, erspan2(mirrored)))));  // type II
  expectInner4(decodeFrame(LinkType::kEthernet, outer4(47, gre(kGreS, 0x22eb, erspan3(false, 0, mirrored)))));
  const Decoded d = decodeFrame(LinkType::kEthernet, outer4(47, gre(kGreS, 0x22eb, erspan3(true, 0, mirrored))));
  expectInner4(d);
  EXPECT_EQ(d.payloadOffset(), 14 + 20 + 8 + 20 + 14 + 28);
}

TEST(GreTest, ErspanTruncatedAndNonEthernetFrameType) {
  const Bytes mirrored = ethernet(0x0800, kInner4);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, outer4(47, gre(kGreS, 0x88be, zeros(7)))).status,
            DecodeStatus::kTruncatedErspan);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, outer4(47, gre(kGreS, 0x22eb, zeros(11)))).status,
            DecodeStatus::kTruncatedErspan);
  Bytes platform = erspan3(true, 0, {});
  platform.resize(15);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, outer4(47, gre(kGreS, 0x22eb, platform))).status,
            DecodeStatus::kTruncatedErspan);
  const Decoded ip_frame = decodeFrame(LinkType::kEthernet, outer4(47, gre(kGreS, 0x22eb, erspan3(false, 2, kInner4))));
  ASSERT_EQ(ip_frame.status, DecodeStatus::kOk);
  EXPECT_EQ(ip_frame.view.src, ip("203.0.113.1"));
  EXPECT_EQ(ip_frame.view.flags, 0);
}

TEST(GreTest, PptpVersionOneIsAPlainPacket) {
  const Decoded d = decodeFrame(LinkType::kEthernet, outer4(47, gre(0x3001, 0x880b, zeros(12))));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.protocol, 47);
  EXPECT_EQ(d.view.src, ip("203.0.113.1"));
  EXPECT_EQ(d.view.flags, 0);
  EXPECT_EQ(d.payloadOffset(), 34);
  EXPECT_EQ(d.view.payload_len, 4 + 4 + 4 + 12);  // the whole GRE packet (key and sequence present)
}

TEST(GreTest, UnknownPayloadTypeIsAPlainPacket) {
  const Decoded d = decodeFrame(LinkType::kEthernet, outer4(47, gre(0, 0x8847, zeros(12))));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.protocol, 47);
  EXPECT_EQ(d.view.dst, ip("203.0.113.2"));
  EXPECT_EQ(d.view.flags, 0);
}

TEST(GreTest, UnsupportedVersionsAndSourceRouting) {
  for (uint16_t bits : {uint16_t{2}, uint16_t{7}, uint16_t{0x4000}}) {
    EXPECT_EQ(decodeFrame(LinkType::kEthernet, outer4(47, gre(bits, 0x0800, kInner4))).status,
              DecodeStatus::kUnsupportedGre)
        << bits;
  }
}

TEST(GreTest, ShortHeaderIsTruncated) {
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, outer4(47, zeros(3))).status, DecodeStatus::kTruncatedGre);
  Bytes keyed = gre(kGreK | kGreS, 0x0800, {});
  keyed.resize(11);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, outer4(47, keyed)).status, DecodeStatus::kTruncatedGre);
}

TEST(IpInIpTest, AllFourCombinations) {
  expectInner4(decodeFrame(LinkType::kEthernet, outer4(4, kInner4)));
  const Decoded six_in_four = decodeFrame(LinkType::kEthernet, outer4(41, kInner6));
  ASSERT_EQ(six_in_four.status, DecodeStatus::kOk);
  EXPECT_EQ(six_in_four.view.ip_version, 6);
  EXPECT_EQ(six_in_four.view.flags, kTunnel | kHasPorts);
  const Decoded four_in_six = decodeFrame(LinkType::kIpv6, ipv6({.next = 4}, kInner4));
  expectInner4(four_in_six);
  const Decoded six_in_six = decodeFrame(LinkType::kIpv6, ipv6({.next = 41}, kInner6));
  ASSERT_EQ(six_in_six.status, DecodeStatus::kOk);
  EXPECT_EQ(six_in_six.view.dst, ip("fd00::2"));
}

TEST(IpInIpTest, InnerVersionMustMatchTheProtocol) {
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, outer4(4, cat(kInner6, zeros(0)))).status, DecodeStatus::kBadIpVersion);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, outer4(41, cat(kInner4, zeros(20)))).status, DecodeStatus::kBadIpVersion);
}

TEST(TunnelTest, ThreeNestedTunnelsAreDecodedFourAreTooDeep) {
  Bytes packet = kInner4;
  for (int i = 0; i < 3; ++i)
    packet = ipv4({.protocol = 47}, gre(0, 0x0800, packet));
  expectInner4(decodeFrame(LinkType::kIpv4, packet));
  packet = ipv4({.protocol = 4}, packet);
  EXPECT_EQ(decodeFrame(LinkType::kIpv4, packet).status, DecodeStatus::kTunnelTooDeep);
}

TEST(TunnelTest, FragmentedOuterPacketIsNotEntered) {
  const Decoded first = decodeFrame(LinkType::kEthernet, outer4(47, gre(0, 0x0800, kInner4), 0x2000));
  ASSERT_EQ(first.status, DecodeStatus::kOk);
  EXPECT_EQ(first.view.src, ip("203.0.113.1"));
  EXPECT_EQ(first.view.protocol, 47);
  EXPECT_EQ(first.view.flags, kFragment);
  EXPECT_EQ(first.payloadOffset(), 34);
  const Decoded later = decodeFrame(LinkType::kEthernet, outer4(4, kInner4, 0x0010));
  ASSERT_EQ(later.status, DecodeStatus::kOk);
  EXPECT_EQ(later.view.protocol, 4);
  EXPECT_EQ(later.view.flags, kFragment | kLaterFragment);
}

TEST(TunnelTest, TruncatedInnerPacketReportsTheInnerLayer) {
  const Bytes frame = outer4(47, gre(0, 0x0800, kInner4));
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame, 14 + 20 + 4 + 19).status, DecodeStatus::kTruncatedIpv4);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame, 14 + 20 + 4 + 27).status, DecodeStatus::kTruncatedUdp);
}

}  // namespace
}  // namespace vigil::decode
