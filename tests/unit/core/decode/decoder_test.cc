// Tests for the Decoder contract: every field overwritten, timestamps and lengths passed through, bad link types.
#include "decode/decoder.h"

#include <gtest/gtest.h>

#include <type_traits>

#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

TEST(DecoderTest, IsSmallAndTriviallyCopyable) {
  static_assert(std::is_trivially_copyable_v<Decoder>);
  static_assert(sizeof(Decoder) <= 8);
  const Decoder a(LinkType::kLinuxSll2);
  const Decoder b = a;
  EXPECT_EQ(b.linkType(), LinkType::kLinuxSll2);
}

TEST(DecoderTest, OverwritesEveryFieldOfAReusedView) {
  const Decoder decoder(LinkType::kEthernet);
  const Bytes full = ethernet(0x8100, cat(vlanTag(9, 0x0800), ipv4({.protocol = 1}, icmp(3, 1, zeros(28)))));
  const Bytes tcp_frame = ethernet(0x0800, ipv4({}, tcp({.flags = kTcpSyn}, text("x"))));
  PacketView view;
  ASSERT_EQ(decoder.decode(full.data(), uint32_t(full.size()), 1500, 11, view), DecodeStatus::kOk);
  EXPECT_EQ(view.flags, kVlan | kIcmpError);
  ASSERT_EQ(decoder.decode(tcp_frame.data(), uint32_t(tcp_frame.size()), 60, 22, view), DecodeStatus::kOk);
  EXPECT_EQ(view.ts_ns, 22u);
  EXPECT_EQ(view.wire_len, 60u);
  EXPECT_EQ(view.flags, kHasPorts);
  EXPECT_EQ(view.vlan_id, 0);
  EXPECT_EQ(view.icmp_type, 0);
  EXPECT_EQ(view.icmp_code, 0);

  const Bytes arp = ethernet(0x0806, zeros(28));
  ASSERT_EQ(decoder.decode(arp.data(), uint32_t(arp.size()), 60, 33, view), DecodeStatus::kNonIp);
  EXPECT_EQ(view.ts_ns, 33u);
  EXPECT_EQ(view.wire_len, 60u);
  EXPECT_EQ(view.ip_version, 0);
  EXPECT_EQ(view.ip_len, 0u);
  EXPECT_EQ(view.src, net::IpAddress{});
  EXPECT_EQ(view.dst, net::IpAddress{});
  EXPECT_EQ(view.src_port, 0);
  EXPECT_EQ(view.dst_port, 0);
  EXPECT_EQ(view.flags, 0);
  EXPECT_EQ(view.protocol, 0);
  EXPECT_EQ(view.tcp_flags, 0);
  EXPECT_EQ(view.tcp_seq, 0u);
  EXPECT_EQ(view.tcp_ack, 0u);
  EXPECT_EQ(view.ttl, 0);
  EXPECT_EQ(view.payload, nullptr);
  EXPECT_EQ(view.payload_len, 0);
}

TEST(DecoderTest, PassesTimestampAndWireLengthThrough) {
  const Bytes frame = ipv4({}, tcp({}));
  PacketView view;
  ASSERT_EQ(Decoder(LinkType::kIpv4).decode(frame.data(), 40, 9000, 1'700'000'000'123'456'789ull, view),
            DecodeStatus::kOk);
  EXPECT_EQ(view.ts_ns, 1'700'000'000'123'456'789ull);
  EXPECT_EQ(view.wire_len, 9000u);
  EXPECT_EQ(view.ip_len, 40u);
}

TEST(DecoderTest, EmptyFrameWithNullData) {
  PacketView view;
  EXPECT_EQ(Decoder(LinkType::kEthernet).decode(nullptr, 0, 0, 0, view), DecodeStatus::kTruncatedEthernet);
  EXPECT_EQ(Decoder(LinkType::kRaw).decode(nullptr, 0, 0, 0, view), DecodeStatus::kTruncatedRawIp);
  EXPECT_EQ(Decoder(LinkType::kNull).decode(nullptr, 0, 0, 0, view), DecodeStatus::kTruncatedNull);
}

TEST(DecoderTest, UnknownLinkTypeValueIsAStatusNotACrash) {
  const Bytes frame = ethernet(0x0800, ipv4({}, tcp({})));
  PacketView view;
  EXPECT_EQ(Decoder(static_cast<LinkType>(147)).decode(frame.data(), uint32_t(frame.size()), 54, 5, view),
            DecodeStatus::kUnsupportedLinkType);
  EXPECT_EQ(view.ts_ns, 5u);
}

TEST(DecoderTest, PayloadPointsIntoTheCallersFrame) {
  const Bytes frame = ethernet(0x0800, ipv4({.protocol = 17}, udp(1, 2, text("SSH-2.0"))));
  PacketView view;
  ASSERT_EQ(Decoder(LinkType::kEthernet).decode(frame.data(), uint32_t(frame.size()), 0, 0, view), DecodeStatus::kOk);
  EXPECT_EQ(view.payload, frame.data() + 42);
  EXPECT_EQ(view.payload_len, 7);
}

}  // namespace
}  // namespace vigil::decode
