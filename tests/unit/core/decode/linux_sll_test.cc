// Tests for Linux cooked capture v1 (SLL) and v2 (SLL2) headers.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

TEST(LinuxSllTest, Ipv4Tcp) {
  const Bytes frame = sll(0x0800, ipv4({}, tcp({.sport = 46656, .dport = 80, .flags = kTcpSyn | kTcpAck})));
  const Decoded d = decodeFrame(LinkType::kLinuxSll, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.src_port, 46656);
  EXPECT_EQ(d.view.tcp_flags, kTcpSyn | kTcpAck);
  EXPECT_EQ(d.payloadOffset(), 16 + 40);
}

TEST(LinuxSllTest, UnstrippedVlanTag) {
  const Decoded d = decodeFrame(LinkType::kLinuxSll, sll(0x8100, cat(vlanTag(12, 0x0800), ipv4({}, tcp({})))));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.vlan_id, 12);
  EXPECT_EQ(d.view.flags, kHasPorts | kVlan);
}

TEST(LinuxSllTest, PseudoProtocolsAndArpAreNonIp) {
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll, sll(0x0806, zeros(28))).status, DecodeStatus::kNonIp);
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll, sll(0x0004, zeros(28))).status, DecodeStatus::kNonIp);  // 802.2
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll, sll(0x0001, zeros(28))).status, DecodeStatus::kNonIp);  // 802.3
}

TEST(LinuxSllTest, Sll2Ipv6Icmpv6) {
  const Bytes frame = sll2(0x86dd, ipv6({.next = 58, .hop_limit = 64}, icmp(129, 0, zeros(56))));
  const Decoded d = decodeFrame(LinkType::kLinuxSll2, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_version, 6);
  EXPECT_EQ(d.view.protocol, 58);
  EXPECT_EQ(d.view.icmp_type, 129);
  EXPECT_EQ(d.view.ttl, 64);
  EXPECT_EQ(d.view.flags, 0);
  EXPECT_EQ(d.payloadOffset(), 20 + 40 + 8);
  EXPECT_EQ(d.view.payload_len, 56);
}

TEST(LinuxSllTest, Sll2ArpIsNonIp) {
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll2, sll2(0x0806, zeros(28))).status, DecodeStatus::kNonIp);
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll2, sll2(0x8035, zeros(28))).status, DecodeStatus::kNonIp);  // RARP
}

TEST(LinuxSllTest, ShortHeadersAreTruncated) {
  const Bytes v1 = sll(0x0800, ipv4({}, tcp({})));
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll, v1, 0).status, DecodeStatus::kTruncatedSll);
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll, v1, 15).status, DecodeStatus::kTruncatedSll);
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll, v1, 16).status, DecodeStatus::kTruncatedIpv4);
  const Bytes v2 = sll2(0x0800, ipv4({}, tcp({})));
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll2, v2, 0).status, DecodeStatus::kTruncatedSll2);
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll2, v2, 19).status, DecodeStatus::kTruncatedSll2);
  EXPECT_EQ(decodeFrame(LinkType::kLinuxSll2, v2, 20).status, DecodeStatus::kTruncatedIpv4);
}

}  // namespace
}  // namespace vigil::decode
