// Tests for the MPLS label stack and the first-nibble guess of its payload.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

const Bytes kUdp4 = ipv4({.protocol = 17}, udp(1024, 53, text("query")));
const Bytes kUdp6 = ipv6({.next = 17}, udp(1024, 53, text("query")));

TEST(MplsTest, SingleLabelIpv4) {
  const Decoded d = decodeFrame(LinkType::kEthernet, ethernet(0x8847, cat(mplsLabel(16, true), kUdp4)));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kHasPorts | kMpls);
  EXPECT_EQ(d.view.ip_version, 4);
  EXPECT_EQ(d.view.dst_port, 53);
  EXPECT_EQ(d.payloadOffset(), 14 + 4 + 20 + 8);
}

TEST(MplsTest, LabelStackIpv6Multicast) {
  const Bytes stack = cat({mplsLabel(100, false), mplsLabel(200, false), mplsLabel(300, true), kUdp6});
  const Decoded d = decodeFrame(LinkType::kEthernet, ethernet(0x8848, stack));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_version, 6);
  EXPECT_EQ(d.view.flags, kHasPorts | kMpls);
  EXPECT_EQ(d.payloadOffset(), 14 + 12 + 40 + 8);
}

TEST(MplsTest, VlanThenMpls) {
  const Decoded d =
      decodeFrame(LinkType::kEthernet, ethernet(0x8100, cat({vlanTag(10, 0x8847), mplsLabel(1, true), kUdp4})));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kHasPorts | kMpls | kVlan);
  EXPECT_EQ(d.view.vlan_id, 10);
}

TEST(MplsTest, PayloadThatIsNotIpIsNonIp) {
  // A pseudowire control word (first nibble 0) followed by an Ethernet frame.
  const Bytes pw = cat({mplsLabel(1, true), zeros(4), ethernet(0x0800, kUdp4)});
  const Decoded d = decodeFrame(LinkType::kEthernet, ethernet(0x8847, pw));
  EXPECT_EQ(d.status, DecodeStatus::kNonIp);
  EXPECT_EQ(d.view.flags, kMpls);
}

TEST(MplsTest, EightLabelsAreAcceptedNineAreTooMany) {
  Bytes eight;
  for (int i = 0; i < 7; ++i)
    eight = cat(eight, mplsLabel(uint32_t(i), false));
  eight = cat({eight, mplsLabel(7, true), kUdp4});
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x8847, eight)).status, DecodeStatus::kOk);
  Bytes nine;
  for (int i = 0; i < 8; ++i)
    nine = cat(nine, mplsLabel(uint32_t(i), false));
  nine = cat({nine, mplsLabel(8, true), kUdp4});
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, ethernet(0x8847, nine)).status, DecodeStatus::kTooManyMplsLabels);
}

TEST(MplsTest, StackWithoutBottomIsTruncated) {
  const Bytes frame = ethernet(0x8847, cat(mplsLabel(1, false), mplsLabel(2, false)));
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame).status, DecodeStatus::kTruncatedMpls);
}

TEST(MplsTest, NothingAfterTheBottomLabelIsTruncated) {
  const Bytes frame = ethernet(0x8847, mplsLabel(1, true));
  EXPECT_EQ(decodeFrame(LinkType::kEthernet, frame).status, DecodeStatus::kTruncatedMpls);
}

}  // namespace
}  // namespace vigil::decode
