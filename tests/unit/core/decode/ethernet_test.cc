// Tests for Ethernet II framing and the 802.1Q / 802.1ad tag stack.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

const Bytes kSynPacket = ipv4({}, tcp({.sport = 40000, .dport = 80, .flags = kTcpSyn}, text("hello")));

TEST(EthernetTest, DecodesIpv4Tcp) {
  const Bytes frame = ethernet(0x0800, kSynPacket);
  const Decoded d = decodeFrame(LinkType::kEthernet, frame, frame.size(), 123456789);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ts_ns, 123456789u);
  EXPECT_EQ(d.view.wire_len, 14u + 45u);
  EXPECT_EQ(d.view.ip_version, 4);
  EXPECT_EQ(d.view.ip_len, 45u);
  EXPECT_EQ(d.view.src, ip("192.0.2.1"));
  EXPECT_EQ(d.view.dst, ip("198.51.100.2"));
  EXPECT_EQ(d.view.protocol, 6);
  EXPECT_EQ(d.view.ttl, 64);
  EXPECT_EQ(d.view.src_port, 40000);
  EXPECT_EQ(d.view.dst_port, 80);
  EXPECT_EQ(d.view.flags, kHasPorts);
  EXPECT_EQ(d.view.tcp_flags, kTcpSyn);
  EXPECT_EQ(d.view.vlan_id, 0);
  EXPECT_EQ(d.payloadOffset(), 14 + 20 + 20);
  EXPECT_EQ(d.view.payload_len, 5);
}

TEST(EthernetTest, DecodesIpv6) {
  const Bytes frame = ethernet(0x86dd, ipv6({.next = 17}, udp(5353, 5353, text("mdns"))));
  const Decoded d = decodeFrame(LinkType::kEthernet, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_version, 6);
  EXPECT_EQ(d.view.src, ip("2001:db8::1"));
  EXPECT_EQ(d.view.dst, ip("2001:db8:ffff::2"));
  EXPECT_EQ(d.view.dst_port, 5353);
  EXPECT_EQ(d.view.payload_len, 4);
}

TEST(EthernetTest, PaddingAndFcsAreNotPayload) {
  // 14 + 20 + 8 + 2 = 44 bytes, padded to the 60-byte minimum, plus a 4-byte FCS.
  Bytes frame = ethernet(0x0800, ipv4({.protocol = 17}, udp(1000, 53, text("hi"))));
  frame.resize(64, 0xee);
  const Decoded d = decodeFrame(LinkType::kEthernet, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_len, 30u);
  EXPECT_EQ(d.view.payload_len, 2);
  EXPECT_EQ(d.view.wire_len, 64u);
}

TEST(EthernetTest, SingleVlanTag) {
  const Bytes frame = ethernet(0x8100, cat(vlanTag(100, 0x0800, 5), kSynPacket));
  const Decoded d = decodeFrame(LinkType::kEthernet, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kHasPorts | kVlan);
  EXPECT_EQ(d.view.vlan_id, 100);  // priority bits are not part of the id
  EXPECT_EQ(d.view.dst_port, 80);
  EXPECT_EQ(d.payloadOffset(), 18 + 40);
}

TEST(EthernetTest, QinQKeepsTheOutermostVlan) {
  for (uint16_t outer_tpid : {uint16_t{0x88a8}, uint16_t{0x9100}, uint16_t{0x8100}}) {
    const Bytes frame = ethernet(outer_tpid, cat({vlanTag(200, 0x8100), vlanTag(4095, 0x0800), kSynPacket}));
    const Decoded d = decodeFrame(LinkType::kEthernet, frame);
    ASSERT_EQ(d.status, DecodeStatus::kOk) << outer_tpid;
    EXPECT_EQ(d.view.vlan_id, 200);
    EXPECT_EQ(d.view.flags, kHasPorts | kVlan);
    EXPECT_EQ(d.payloadOffset(), 22 + 40);
  }
}

TEST(EthernetTest, FourTagsAreAcceptedFiveAreTooMany) {
  Bytes four = cat({vlanTag(1, 0x8100), vlanTag(2, 0x8100), vlanTag(3, 0x8100), vlanTag(4, 0x0800), kSynPacket});
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x8100, four)).status, DecodeStatus::kOk);
  Bytes five = cat(
      {vlanTag(1, 0x8100), vlanTag(2, 0x8100), vlanTag(3, 0x8100), vlanTag(4, 0x8100), vlanTag(5, 0x0800), kSynPacket});
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x8100, five)).status, DecodeStatus::kTooManyVlanTags);
}

TEST(EthernetTest, NonIpFramesAreNonIp) {
  Bytes arp = zeros(28);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x0806, arp)).status, DecodeStatus::kNonIp);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x88cc, zeros(30))).status, DecodeStatus::kNonIp);  // LLDP
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x8863, zeros(30))).status, DecodeStatus::kNonIp);  // PPPoED
  // 802.3 with a length field and LLC (spanning tree): any value below 1536 is a length.
  Bytes stp = cat(Bytes{0x42, 0x42, 0x03}, zeros(35));
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x0026, stp)).status, DecodeStatus::kNonIp);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x05ff, stp)).status, DecodeStatus::kNonIp);
}

TEST(EthernetTest, NonIpInsideAVlanStillReportsTheVlan) {
  const Decoded d = decodeFrame(LinkType::kEthernet, ethernet(0x8100, cat(vlanTag(42, 0x0806), zeros(28))));
  EXPECT_EQ(d.status, DecodeStatus::kNonIp);
  EXPECT_EQ(d.view.flags, kVlan);
  EXPECT_EQ(d.view.vlan_id, 42);
}

TEST(EthernetTest, EthertypeDisagreeingWithIpVersionIsBadVersion) {
  const Bytes v6 = ipv6({}, tcp({}));
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x0800, v6)).status, DecodeStatus::kBadIpVersion);
  const Bytes v4 = cat(kSynPacket, zeros(20));  // long enough for an IPv6 header
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x86dd, v4)).status, DecodeStatus::kBadIpVersion);
}

TEST(EthernetTest, ShortFramesAreTruncated) {
  const Bytes frame = ethernet(0x8100, cat(vlanTag(7, 0x0800), kSynPacket));
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame, 0).status, DecodeStatus::kTruncatedEthernet);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame, 13).status, DecodeStatus::kTruncatedEthernet);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame, 14).status, DecodeStatus::kTruncatedVlan);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame, 17).status, DecodeStatus::kTruncatedVlan);
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame, 18).status, DecodeStatus::kTruncatedIpv4);
}

}  // namespace
}  // namespace vigil::decode
