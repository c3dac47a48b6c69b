// Tests for PPPoE session frames.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

TEST(PppoeTest, Ipv4) {
  const Bytes frame = ethernet(0x8864, pppoeSession(0x0021, ipv4({}, tcp({.dport = 443}))));
  const Decoded d = decodeFrame(LinkType::kEthernet, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_version, 4);
  EXPECT_EQ(d.view.dst_port, 443);
  EXPECT_EQ(d.payloadOffset(), 14 + 8 + 40);
  EXPECT_EQ(d.view.payload_len, 0);
}

TEST(PppoeTest, Ipv6InVlan) {
  const Bytes frame =
      ethernet(0x8100, cat(vlanTag(300, 0x8864), pppoeSession(0x0057, ipv6({.next = 58}, icmp(128, 0)))));
  const Decoded d = decodeFrame(LinkType::kEthernet, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_version, 6);
  EXPECT_EQ(d.view.protocol, 58);
  EXPECT_EQ(d.view.icmp_type, 128);
  EXPECT_EQ(d.view.vlan_id, 300);
}

TEST(PppoeTest, PppControlProtocolsAreNonIp) {
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x8864, pppoeSession(0xc021, zeros(10)))).status,
            DecodeStatus::kNonIp);  // LCP
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x8864, pppoeSession(0x8021, zeros(10)))).status,
            DecodeStatus::kNonIp);  // IPCP
}

TEST(PppoeTest, ShortHeaderIsTruncated) {
  const Bytes frame = ethernet(0x8864, pppoeSession(0x0021, ipv4({}, tcp({}))));
  for (std::size_t caplen = 14; caplen < 22; ++caplen) {
    EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame, caplen).status, DecodeStatus::kTruncatedPppoe) << caplen;
  }
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame, 22).status, DecodeStatus::kTruncatedIpv4);
}

}  // namespace
}  // namespace vigil::decode
